// The first verification after a cold start: imports an authorizer bundle, times its first call
// (JWKS fetch, key import, verification), then the warm cost per call. Prints JSON.
const { handler } = await import(process.argv[2]);
const event = {
  type: 'TOKEN',
  authorizationToken: `Bearer ${process.argv[3]}`,
  methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets',
};
let start = performance.now();
await handler(event);
const first = performance.now() - start;
start = performance.now();
for (let i = 0; i < 50; i++) await handler(event);
const warm = (performance.now() - start) / 50;
process.stdout.write(JSON.stringify({ first, warm }));

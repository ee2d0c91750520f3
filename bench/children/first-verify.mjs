// A cold start of an authorizer bundle: times its import (module-scope code included), its first
// call (JWKS download, key import, verification), then the warm cost per call. Prints JSON.
let start = performance.now();
const { handler } = await import(process.argv[2]);
const importMs = performance.now() - start;
const event = {
  type: 'TOKEN',
  authorizationToken: `Bearer ${process.argv[3]}`,
  methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets',
};
start = performance.now();
const result = await handler(event);
const first = performance.now() - start;
if (result?.policyDocument?.Statement?.[0]?.Effect !== 'Allow')
  throw new Error('the first call did not allow');
start = performance.now();
for (let i = 0; i < 50; i++) await handler(event);
const warm = (performance.now() - start) / 50;
process.stdout.write(JSON.stringify({ importMs, first, warm }));

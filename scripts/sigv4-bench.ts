/**
 * Per-request cost of signRequest() against a direct @smithy/signature-v4 sign of the same request.
 *
 *   node --import tsx scripts/sigv4-bench.ts [iterations]
 *
 * Prints microseconds per request for: smithy with @aws-crypto/sha256-js (its usual setup), smithy
 * with the node:crypto hash signRequest uses, and signRequest itself (URL parsing, header checks,
 * body hashing and signing included).
 */
import { Sha256 as PortableSha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { signRequest } from '../src/sigv4/index.js';
import { Sha256 } from '../src/sigv4/sha256.js';

const iterations = Number(process.argv[2] ?? 20_000);
const credentials = {
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
};
const host = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-central-1.on.aws';
const body = JSON.stringify({
  user: 'my-user',
  token: 'ABC123',
  items: Array.from({ length: 20 }, (_, i) => i),
});

function smithyRequest(): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    protocol: 'https:',
    hostname: host,
    path: '/login',
    query: { page: '5', sort: 'desc' },
    headers: { host, 'content-type': 'application/json' },
    body,
  });
}

async function measure(name: string, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(2000, iterations); i++) await run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await run();
  const micros = Number(process.hrtime.bigint() - start) / 1000 / iterations;
  console.log(`${name.padEnd(44)} ${micros.toFixed(2).padStart(8)} µs/request`);
  return micros;
}

const portable = new SignatureV4({
  credentials,
  region: 'eu-central-1',
  service: 'lambda',
  sha256: PortableSha256,
});
const native = new SignatureV4({ credentials, region: 'eu-central-1', service: 'lambda', sha256: Sha256 });
const url = `https://${host}/login?sort=desc&page=5`;
const headers = { 'content-type': 'application/json' };

const a = await measure('smithy sign, @aws-crypto/sha256-js', () => portable.sign(smithyRequest()));
const b = await measure('smithy sign, node:crypto hash', () => native.sign(smithyRequest()));
const c = await measure('signRequest (everything included)', () =>
  signRequest({ url, method: 'POST', headers, body }, { credentials }),
);
console.log(`signRequest / smithy (sha256-js): ${(c / a).toFixed(2)}×`);
console.log(`signRequest / smithy (node:crypto): ${(c / b).toFixed(2)}×`);

/**
 * Warm verification cost of createJwtVerifier().verify() against a bare node:crypto signature check
 * (the floor) and jose.jwtVerify with a local JWKS, for the same token.
 *
 *   node --import tsx scripts/jwt-bench.ts [iterations]
 *
 * Prints microseconds per verification for each algorithm.
 */
import { createPublicKey, verify as cryptoVerify, type JsonWebKeyInput } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { createJwtVerifier, type JwtAlgorithm } from '../src/jwt/index.js';
import { createTestIssuer } from '../src/testing/issuer.js';

const iterations = Number(process.argv[2] ?? 5_000);
const algorithms: JwtAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

async function measure(run: () => unknown): Promise<number> {
  for (let index = 0; index < Math.min(500, iterations); index += 1) await run();
  const start = process.hrtime.bigint();
  for (let index = 0; index < iterations; index += 1) await run();
  return Number(process.hrtime.bigint() - start) / 1_000 / iterations;
}

for (const algorithm of algorithms) {
  const issuer = await createTestIssuer({ algorithm });
  const jwks = issuer.jwks();
  const token = issuer.sign({ sub: 'bench' });
  const [header = '', payload = '', signature = ''] = token.split('.');
  const key = createPublicKey({ key: jwks.keys[0], format: 'jwk' } as JsonWebKeyInput);
  const data = Buffer.from(`${header}.${payload}`);
  const bytes = Buffer.from(signature, 'base64url');
  const options =
    algorithm === 'PS256'
      ? { key, padding: 6, saltLength: 32 }
      : algorithm === 'ES256'
        ? { key, dsaEncoding: 'ieee-p1363' as const }
        : key;
  const digest = algorithm === 'EdDSA' ? null : 'sha256';
  const ours = createJwtVerifier({ issuer: issuer.issuer, audience: 'test-client', jwks });
  const localJwks = createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]);

  const floor = await measure(() => cryptoVerify(digest, data, options, bytes));
  const verifier = await measure(() => ours.verify(token));
  const jose = await measure(() =>
    jwtVerify(token, localJwks, { issuer: issuer.issuer, audience: 'test-client' }),
  );
  console.log(
    `${algorithm.padEnd(6)} node:crypto ${floor.toFixed(1).padStart(6)} µs   createJwtVerifier ${verifier
      .toFixed(1)
      .padStart(6)} µs   jose.jwtVerify ${jose.toFixed(1).padStart(6)} µs`,
  );
  await issuer.close();
}

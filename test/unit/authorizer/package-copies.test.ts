import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenAuthorizer, UnauthorizedError } from '../../../src/authorizer/index.js';
import * as jwt from '../../../src/jwt/index.js';
import {
  createTestIssuer,
  simulateApiGateway,
  type TestIssuer,
  tokenAuthorizerEvent,
} from '../../../src/testing/index.js';

/**
 * Two copies of the package in one process, as a bundle with a CommonJS dependency beside ESM code
 * gets them: `/jwt` is built into a CommonJS file of its own and required, so its classes are not
 * this copy's classes. (The install test does the same with the packed package's two builds.)
 */
let dir: string;
let otherCopy: typeof jwt;
let issuer: TestIssuer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lak-copy-'));
  const outfile = join(dir, 'jwt.cjs');
  await build({
    entryPoints: [join(import.meta.dirname, '../../../src/jwt/index.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    outfile,
    logLevel: 'silent',
  });
  otherCopy = createRequire(import.meta.url)(outfile) as typeof jwt;
  issuer = await createTestIssuer({ audience: 'my-client-id' });
});
afterAll(async () => {
  await issuer.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a verifier from another copy of the package (finding 6)', () => {
  it('is really another copy: its errors are not instances of this copy’s classes', async () => {
    const error = await otherCopy
      .createJwtVerifier({ issuer: issuer.issuer, audience: 'my-client-id', jwks: issuer.jwks() })
      .verify(issuer.sign({ aud: 'someone-else' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(otherCopy.JwtVerificationError);
    expect(error).not.toBeInstanceOf(jwt.JwtVerificationError);
    expect(jwt.isTokenRefusal(error)).toBe(true);
    expect(
      otherCopy.isTokenRefusal(new jwt.JwksUnavailableError('ERR_JWKS_FETCH', 'down', 'https://x')),
    ).toBe(false);
  });

  it('refuses a wrong-audience token with 401 in this copy’s authorizer, not 500', async () => {
    const handler = createTokenAuthorizer({
      verifier: otherCopy.createJwtVerifier({
        issuer: issuer.issuer,
        audience: 'my-client-id',
        jwks: issuer.jwks(),
      }),
      logger: { error: () => undefined },
    });
    const event = tokenAuthorizerEvent({ token: `Bearer ${issuer.sign({ aud: 'someone-else' })}` });
    expect(await simulateApiGateway(handler, event)).toMatchObject({
      statusCode: 401,
      code: 'ERR_JWT_AUDIENCE',
    });
    expect(await handler(event).catch((e: unknown) => e)).toBeInstanceOf(UnauthorizedError);
    const valid = tokenAuthorizerEvent({ token: `Bearer ${issuer.sign()}` });
    expect((await simulateApiGateway(handler, valid)).statusCode).toBe(200);
  });
});

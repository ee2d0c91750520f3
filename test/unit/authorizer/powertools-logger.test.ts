import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenAuthorizer } from '../../../src/authorizer/index.js';
import { createJwtVerifier } from '../../../src/jwt/index.js';
import { createTestIssuer, type TestIssuer, tokenAuthorizerEvent } from '../../../src/testing/index.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ audience: 'my-client-id' });
});
afterAll(() => issuer.close());

/** The JSON lines a Powertools Logger writes while `run` runs. */
async function linesOf(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const stdout = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => written.push(String(chunk)) > 0);
  const stderr = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk) => written.push(String(chunk)) > 0);
  try {
    await run().catch(() => undefined);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('a Powertools Logger as the authorizer logger', () => {
  it('plugs in as it is: refusals at its DEBUG level, with code and reason, and failures at ERROR', async () => {
    const verifier = createJwtVerifier({
      issuer: 'https://other.example.com',
      audience: 'my-client-id',
      jwks: issuer.jwks(),
    });
    const event = tokenAuthorizerEvent({ token: `Bearer ${issuer.sign()}` });
    const debug = createTokenAuthorizer({
      verifier,
      logger: new Logger({ serviceName: 'auth', logLevel: 'DEBUG' }),
    });
    const [line, ...rest] = await linesOf(() => debug(event));
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ level: 'DEBUG', service: 'auth', status: 401, code: 'ERR_JWT_ISSUER' });
    expect(String(line?.reason)).toContain('https://other.example.com');

    const info = createTokenAuthorizer({
      verifier,
      logger: new Logger({ serviceName: 'auth', logLevel: 'INFO' }),
    });
    expect(await linesOf(() => info(event))).toEqual([]);

    const failing = createTokenAuthorizer({
      verifier: createJwtVerifier({ issuer: issuer.issuer, audience: 'my-client-id', jwks: issuer.jwks() }),
      logger: new Logger({ serviceName: 'auth', logLevel: 'INFO' }),
      policy: () => {
        throw new Error('boom');
      },
    });
    const errors = await linesOf(() => failing(event));
    expect(errors).toEqual([
      expect.objectContaining({ level: 'ERROR', code: 'ERR_AUTHORIZER_CALLBACK', callback: 'policy' }),
    ]);
  });
});

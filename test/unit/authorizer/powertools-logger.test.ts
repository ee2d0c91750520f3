import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createFunctionUrlCallerGuard,
  createTokenAuthorizer,
  type PowertoolsLoggerLike,
  powertoolsLogger,
} from '../../../src/authorizer/index.js';
import { createJwtVerifier } from '../../../src/jwt/index.js';
import { InvalidOptionError } from '../../../src/lib/errors.js';
import {
  createTestIssuer,
  functionUrlEvent,
  simulateApiGateway,
  type TestIssuer,
  tokenAuthorizerEvent,
} from '../../../src/testing/index.js';
import { caught } from '../../support/catch.js';

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

describe('powertoolsLogger(logger, options?)', () => {
  const refusedEvent = () =>
    tokenAuthorizerEvent({ token: `Bearer ${issuer.sign({ aud: 'someone-else' })}` });
  const verifier = () =>
    createJwtVerifier({ issuer: issuer.issuer, audience: 'my-client-id', jwks: issuer.jwks() });

  it('writes refusals at DEBUG by default, with the reason code, status and reason as keys of their own', async () => {
    const handler = createTokenAuthorizer({
      verifier: verifier(),
      logger: powertoolsLogger(new Logger({ serviceName: 'auth', logLevel: 'DEBUG' })),
    });
    const lines = await linesOf(() => handler(refusedEvent()));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'DEBUG',
        service: 'auth',
        message: 'authorizer refused the request; API Gateway answers 401',
        status: 401,
        code: 'ERR_JWT_AUDIENCE',
        reason: expect.stringContaining('my-client-id'),
      }),
    ]);
  });

  it.each([
    ['info', 'INFO'],
    ['warn', 'WARN'],
  ] as const)('writes refusals at %s when asked, so a logger at INFO keeps them', async (refusals, level) => {
    const handler = createTokenAuthorizer({
      verifier: verifier(),
      logger: powertoolsLogger(new Logger({ serviceName: 'auth', logLevel: 'INFO' }), { refusals }),
    });
    const lines = await linesOf(() => handler(refusedEvent()));
    expect(lines).toEqual([expect.objectContaining({ level, status: 401, code: 'ERR_JWT_AUDIENCE' })]);
  });

  it("writes no refusal with 'off', and failures at ERROR whatever the refusals' level", async () => {
    const failing = createTokenAuthorizer({
      verifier: verifier(),
      logger: powertoolsLogger(new Logger({ serviceName: 'auth', logLevel: 'DEBUG' }), { refusals: 'off' }),
      policy: () => {
        throw new Error('boom');
      },
    });
    expect(await linesOf(() => failing(refusedEvent()))).toEqual([]);
    const lines = await linesOf(() => failing(tokenAuthorizerEvent({ token: `Bearer ${issuer.sign()}` })));
    expect(lines).toEqual([
      expect.objectContaining({ level: 'ERROR', code: 'ERR_AUTHORIZER_CALLBACK', callback: 'policy' }),
    ]);
  });

  it('keeps the refusal of the function-URL guard, and a logger that throws changes no answer', async () => {
    const written: string[] = [];
    const recording: PowertoolsLoggerLike = {
      error: (message) => written.push(`error ${message}`),
      warn: (message, details) => written.push(`warn ${message} ${JSON.stringify(details)}`),
      info: () => {
        throw new Error('info broken');
      },
      debug: () => {
        throw new Error('debug broken');
      },
    };
    const guard = createFunctionUrlCallerGuard({
      accounts: ['999988887777'],
      logger: powertoolsLogger(recording, { refusals: 'warn' }),
    });
    const answer = await guard.protect(() => ({ statusCode: 200 }))(functionUrlEvent(), {});
    expect(answer).toMatchObject({ statusCode: 403 });
    expect(written).toEqual([
      expect.stringMatching(/^warn function URL caller refused .*ERR_AUTHORIZER_CALLER_REFUSED/),
    ]);

    const throwing = createTokenAuthorizer({
      verifier: verifier(),
      logger: powertoolsLogger(recording, { refusals: 'info' }),
    });
    expect(await simulateApiGateway(throwing, refusedEvent())).toMatchObject({
      statusCode: 401,
      code: 'ERR_JWT_AUDIENCE',
    });
    expect(
      await simulateApiGateway(throwing, tokenAuthorizerEvent({ token: `Bearer ${issuer.sign()}` })),
    ).toMatchObject({
      statusCode: 200,
    });
  });

  it('refuses, when created, a refusals level it does not know and a logger without the methods it calls', async () => {
    const logger = new Logger({ serviceName: 'auth' });
    const level = await caught(() => powertoolsLogger(logger, { refusals: 'trace' as never }));
    expect(level).toBeInstanceOf(InvalidOptionError);
    expect(level).toMatchObject({
      option: 'refusals',
      message: expect.stringContaining("'debug', 'info', 'warn' or 'off'"),
    });
    for (const [bad, method] of [
      [undefined, 'error'],
      [{ debug() {} }, 'error'],
      [{ error() {}, debug: 'no' }, 'debug'],
    ] as const) {
      const error = await caught(() => powertoolsLogger(bad as never));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error).toMatchObject({
        option: 'logger',
        message: expect.stringContaining(`${method}() method`),
      });
    }
    expect(Object.keys(powertoolsLogger({ error() {} } as never, { refusals: 'off' }))).toEqual(['error']);
  });
});

import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthorizerLogger,
  createHttpApiAuthorizer,
  createRequestAuthorizer,
  createTokenAuthorizer,
} from '../../../src/authorizer/index.js';
import { main } from '../../../src/cli/main.js';
import { clearJwksCache, createJwtVerifier, extractBearerToken } from '../../../src/jwt/index.js';
import { credentialsFromEnv, signedFetch, signRequest } from '../../../src/sigv4/index.js';
import {
  httpApiAuthorizerEvent,
  requestAuthorizerEvent,
  tokenAuthorizerEvent,
} from '../../../src/testing/events.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { simulateApiGateway } from '../../../src/testing/simulate.js';
import { findLeaks } from '../../setup/leak-rules.js';
import { caught } from '../../support/catch.js';
import { SESSION } from '../../support/credentials.js';
import { tamperSignature } from '../../support/jwt-helpers.js';
import {
  activeResources,
  closedPortUrl,
  type Loopback,
  resourcesLeftRunning,
  startLoopback,
} from '../../support/loopback.js';

/**
 * Every refusal path of every module, fed known secret values (tokens, credentials, session
 * tokens): no error rendering, log line or CLI output may contain them.
 */

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
let issuer: TestIssuer;
let echo: Loopback;
let echoUrl: string;
let plain: Loopback;
let plainUrl: string;
let downUrl: string;
/** Tokens and credentials handed to the code under test, by name. */
const secrets = new Map<string, string>();
const logged: string[] = [];
const logger: AuthorizerLogger = {
  error: (message, details) => logged.push(`${message} ${inspect(details)}`),
};
let checked = 0;
let baseline: Map<string, number>;

function secret(name: string, value: string): string {
  secrets.set(name, value);
  const parts = value.split('.');
  if (parts.length === 3)
    // The header segment is the same for every token of a key: the payload and signature are secret.
    for (const [i, part] of parts.entries())
      if (i > 0 && part.length >= 16) secrets.set(`${name}[${i}]`, part);
  return value;
}

/** Fails when `text` holds a known secret or anything the leak rules catch. */
function assertClean(where: string, text: string): void {
  checked += 1;
  const found = [...secrets].filter(([, value]) => text.includes(value)).map(([name]) => name);
  expect(found, `${where} leaks`).toEqual([]);
  expect(findLeaks(text), `${where} leaks`).toEqual([]);
}

/** Every way an error is commonly rendered, cause chain included. */
function renderings(error: unknown): string {
  if (!(error instanceof Error)) return inspect(error);
  return [
    error.message,
    String(error),
    error.stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 8, showHidden: true }),
  ].join('\n');
}

function cliIo(env: Record<string, string> = {}) {
  const out: string[] = [];
  return {
    out,
    io: {
      env,
      stdout: { write: (chunk: string | Uint8Array) => out.push(String(chunk)), isTTY: false },
      stderr: { write: (chunk: string | Uint8Array) => out.push(String(chunk)) },
    },
  };
}

beforeAll(async () => {
  baseline = activeResources();
  issuer = await createTestIssuer({ now: () => NOW });
  // Answers like a verbose endpoint would: every request header echoed back in a 403.
  echo = await startLoopback((request, response) => {
    response.writeHead(403, {
      'content-type': 'application/json',
      'x-amzn-ErrorType': 'AccessDeniedException',
    });
    response.end(JSON.stringify({ message: `Denied.\n${JSON.stringify(request.headers)}` }));
  });
  echoUrl = `${echo.origin}/orders?id=1`;
  // Answers like a function URL refusing the caller, without echoing anything.
  plain = await startLoopback((_request, response) => {
    response.writeHead(403, {
      'content-type': 'application/json',
      'x-amzn-ErrorType': 'AccessDeniedException',
    });
    response.end('{"Message":"Forbidden"}');
  });
  plainUrl = `${plain.origin}/orders?id=1`;
  downUrl = await closedPortUrl('/orders');
  secret('secretAccessKey', SESSION.secretAccessKey);
  secret('sessionToken', SESSION.sessionToken as string);
});

afterAll(async () => {
  await issuer.close();
  await echo.close();
  await plain.close();
  clearJwksCache();
  expect(checked).toBeGreaterThan(60);
  expect(await resourcesLeftRunning(baseline)).toEqual([]);
});

describe('no secret in any error, log line or CLI output', () => {
  it('jwt: every refusal of the verifier and of bearer extraction', async () => {
    const valid = secret('valid token', issuer.sign({ sub: 'user-42' }));
    const [h, p, s] = valid.split('.') as [string, string, string];
    const tokens = [
      secret('expired', issuer.sign({ exp: NOW / 1000 - 60 })),
      secret('other audience', issuer.sign({ aud: 'other' })),
      secret('other issuer', issuer.sign({ iss: 'https://evil.example.com' })),
      secret('unknown kid', issuer.sign({}, { kid: 'not-a-key' })),
      secret('tampered', tamperSignature(valid)),
      secret('alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`),
      secret('huge', `${h}.${p}${'A'.repeat(20_000)}.${s}`),
      secret('four parts', `${valid}.${s}`),
    ];
    const verifier = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwks: issuer.jwks(),
      now: () => NOW,
    });
    const down = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwksUri: downUrl,
      now: () => NOW,
    });
    for (const token of [...tokens, valid]) {
      for (const [name, v] of [
        ['static', verifier],
        ['down', down],
      ] as const) {
        const outcome = await v.verify(token).then(
          () => undefined,
          (error: unknown) => error,
        );
        if (outcome !== undefined) assertClean(`verify (${name})`, renderings(outcome));
      }
    }
    for (const header of [
      `Basic ${valid}`,
      `Bearer ${valid} ${valid}`,
      `Bearer  ${valid}x y`,
      `bearer:${valid}`,
      valid,
    ]) {
      const error = await caught(() => extractBearerToken(header)).catch((e: unknown) => e);
      assertClean('extractBearerToken', renderings(error));
    }
  });

  it('sigv4: refused inputs, rejected and failed requests', async () => {
    const credentials = SESSION;
    const header = secret('header value', `Bearer ${issuer.sign({ sub: 'sigv4' })}`);
    const cases: (() => Promise<unknown> | unknown)[] = [
      () => signRequest({ url: 'ftp://example.com/x' }, { region: 'us-east-1', credentials }),
      () =>
        signRequest(
          { url: echoUrl, headers: { authorization2: `${header}\n` } },
          { region: 'us-east-1', credentials },
        ),
      () =>
        signRequest(
          { url: echoUrl },
          { region: 'us-east-1', credentials: { ...credentials, sessionToken: `${SESSION.sessionToken}\n` } },
        ),
      () =>
        signRequest(
          { url: echoUrl },
          { region: 'us-east-1', credentials: { ...credentials, accessKeyId: SESSION.secretAccessKey } },
        ),
      () =>
        credentialsFromEnv({
          AWS_ACCESS_KEY_ID: 'ASIATESTCALLER000001',
          AWS_SECRET_ACCESS_KEY: SESSION.secretAccessKey,
          AWS_SESSION_TOKEN: `${SESSION.sessionToken}\u0000`,
        }),
      () => signedFetch(echoUrl, { region: 'us-east-1', credentials, headers: { 'x-api-key': header } }),
      () => signedFetch(downUrl, { region: 'us-east-1', credentials, timeoutMs: 2_000 }),
    ];
    for (const run of cases) {
      let result: unknown;
      try {
        result = await run();
      } catch (error) {
        assertClean('sigv4 error', renderings(error));
        continue;
      }
      // A signed request legitimately carries the signature and token; a response is scanned.
      if (result instanceof Response) assertClean('signedFetch response', await result.text());
    }
  });

  it('authorizer: 401, 403 and 500 paths of every handler, default and custom logger', async () => {
    const token = secret('authorizer token', issuer.sign({ sub: 'user-7' }));
    const apiKey = secret('api key', `key-${'k'.repeat(30)}`);
    const verifier = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwksUri: downUrl,
      now: () => NOW,
    });
    const good = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwks: issuer.jwks(),
      now: () => NOW,
    });
    const handlers = [
      createTokenAuthorizer({ verifier, logger }),
      createTokenAuthorizer({ verifier: good, logger }),
      createTokenAuthorizer({
        verifier: good,
        logger,
        policy: () => {
          throw new Error(`policy failed for ${token}`);
        },
      }),
      createTokenAuthorizer({ verifier: good, context: (() => ({ nested: { token } })) as never, logger }),
      createTokenAuthorizer({
        verifier: good,
        enrich: async () => Promise.reject(new Error(`lookup ${token}`)),
        logger,
      }),
      createTokenAuthorizer({ verifier }),
    ];
    for (const handler of handlers) {
      for (const header of [`Bearer ${token}`, `Bearer ${token}x`, token, `Basic ${token}`]) {
        const event = tokenAuthorizerEvent({ token: header });
        assertClean('token authorizer', renderings(await handler(event).catch((error: unknown) => error)));
        const outcome = await simulateApiGateway(handler, event);
        assertClean('token authorizer outcome', inspect(outcome, { depth: 8 }));
      }
    }
    const request = createRequestAuthorizer({
      identitySource: ['method.request.header.x-api-key'],
      logger,
      authorize: (r) => {
        if (r.header('x-api-key') === 'deny') return { allow: false, principalId: 'p' };
        throw new TypeError(`no tenant for ${r.header('x-api-key')}`);
      },
    });
    for (const value of [apiKey, 'deny']) {
      const event = requestAuthorizerEvent({
        headers: { 'x-api-key': value },
        queryStringParameters: { t: apiKey },
      });
      assertClean('request authorizer', renderings(await request(event).catch((error: unknown) => error)));
    }
    const http = createHttpApiAuthorizer({ verifier, logger, response: 'simple' });
    const event = httpApiAuthorizerEvent({
      headers: { authorization: `Bearer ${token}` },
      cookies: [`s=${token}`],
    });
    assertClean('http api authorizer', renderings(await http(event).catch((error: unknown) => error)));
    assertClean('logger lines', logged.join('\n'));
  });

  it('cli: diagnose, sign and their usage errors', async () => {
    const token = secret('cli token', issuer.sign({ sub: 'cli' }));
    const expired = secret('cli expired', issuer.sign({ exp: NOW / 1000 - 60 }));
    const env = {
      AWS_ACCESS_KEY_ID: 'ASIATESTCALLER000001',
      AWS_SECRET_ACCESS_KEY: SESSION.secretAccessKey,
      AWS_SESSION_TOKEN: SESSION.sessionToken as string,
      AWS_REGION: 'us-east-1',
    };
    const runs: string[][] = [
      ['demo'],
      ['diagnose', '--token', `Bearer ${token}`, '--issuer', issuer.issuer, '--audience', 'test-client'],
      [
        'diagnose',
        '--token',
        expired,
        '--issuer',
        issuer.issuer,
        '--audience',
        'other',
        '--jwks-uri',
        issuer.jwksUri,
      ],
      [
        'diagnose',
        '--token',
        `${token}x`,
        '--issuer',
        `${issuer.issuer}/`,
        '--jwks-uri',
        downUrl,
        '--timeout',
        '500',
      ],
      ['diagnose', '--token', token, '--issuer', issuer.issuer, '--bogus', token],
      ['sign', plainUrl, '-v', '-i', '-H', `authorization: Bearer ${token}`],
      ['sign', plainUrl, '-H', `authorization Bearer ${token}`],
      ['sign', plainUrl, '-H', `x-amz-security-token=${SESSION.sessionToken}`],
      ['sign', downUrl, '--timeout', '1000', '-d', token],
      ['sign', plainUrl, token, '-X', 'POST'],
      ['sign', plainUrl, `--${token}`],
    ];
    for (const argv of runs) {
      const run = cliIo(env);
      await main(argv, run.io);
      assertClean(`cli ${argv[0]}`, run.out.join(''));
    }
  });
});

import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestAuthorizer, createTokenAuthorizer } from '../../../src/authorizer/index.js';
import { MAX_INDEXED_CHARS, redactorFor } from '../../../src/authorizer/redact.js';
import { createJwtVerifier } from '../../../src/jwt/index.js';
import {
  createTestIssuer,
  requestAuthorizerEvent,
  type TestIssuer,
  tokenAuthorizerEvent,
} from '../../../src/testing/index.js';
import { parts } from '../../support/jwt-helpers.js';
import { recordingLogger } from '../../support/logger.js';
import { startLoopback } from '../../support/loopback.js';

const BASE = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod';
let issuer: TestIssuer;
let token: string;
const { lines, logger } = recordingLogger();

beforeAll(async () => {
  issuer = await createTestIssuer({ audience: 'my-client-id' });
  token = issuer.sign({ sub: 'user-1' });
});
afterAll(() => issuer.close());

/** What the 500 path exposes: every log line, and the thrown error as `util.inspect()` shows it. */
async function exposed(handler: (event: never) => Promise<unknown>, event: unknown): Promise<string> {
  lines.length = 0;
  const error = await handler(event as never).catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'AuthorizerFailedError' });
  return `${lines.join('\n')}\n${inspect(error, { depth: 10 })}`;
}

describe('the fail-closed path shows no caller value (finding 4)', () => {
  it('not the signature on its own, nor header.payload, nor any other part of the token', async () => {
    const [header, payload, signature] = parts(token);
    const handler = createTokenAuthorizer({
      verifier: createJwtVerifier({ issuer: issuer.issuer, audience: 'my-client-id', jwks: issuer.jwks() }),
      logger,
      policy: () => {
        throw new Error(`sig=${signature} hp=${header}.${payload} p=${payload.slice(3, 40)}`);
      },
    });
    const text = await exposed(
      handler,
      tokenAuthorizerEvent({ token: `Bearer ${token}`, methodArn: `${BASE}/GET/x` }),
    );
    for (const secret of [signature, `${header}.${payload}`, payload.slice(3, 40)])
      expect(text).not.toContain(secret);
    expect(text).toContain('sig=[redacted]');
  });

  it('not path parameters, the methodArn path, cookies, query values or header values', async () => {
    const secrets = {
      path: 'pathsecret-4f1c9a',
      arnPath: 'arnpathsecret-77b2',
      cookie: 'cookiesecret-31d8e0',
      query: 'querysecret-a91c44',
      header: 'headersecret-0d5e7f',
    };
    const handler = createRequestAuthorizer({
      logger,
      authorize: (request) => {
        throw new Error(
          [
            request.pathParameter('id'),
            request.methodArn,
            request.cookie('sid'),
            request.query('q'),
            request.header('x-key'),
          ].join(' '),
        );
      },
    });
    const event = requestAuthorizerEvent({
      methodArn: `${BASE}/GET/orders/${secrets.arnPath}`,
      pathParameters: { id: secrets.path },
      headers: { cookie: `sid=${secrets.cookie}`, 'x-key': secrets.header },
      queryStringParameters: { q: secrets.query },
    });
    const text = await exposed(handler, event);
    for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
  });

  it('not a token held in a nested property of what a callback threw', async () => {
    const handler = createRequestAuthorizer({
      logger,
      authorize: (request) => {
        const inner = Object.assign(new Error('inner'), {
          response: { headers: { authorization: request.header('authorization') } },
        });
        throw Object.assign(new Error('lookup failed', { cause: inner }), {
          token: request.header('authorization'),
        });
      },
    });
    const text = await exposed(
      handler,
      requestAuthorizerEvent({ methodArn: `${BASE}/GET/x`, headers: { authorization: `Bearer ${token}` } }),
    );
    expect(text).not.toContain(parts(token)[2]);
    expect(text).toContain('lookup failed');
  });

  it('not the password or the query of a jwksUri in the outage line', async () => {
    const server = await startLoopback((_request, response) => {
      response.statusCode = 503;
      response.end();
    });
    try {
      const handler = createTokenAuthorizer({
        verifier: createJwtVerifier({
          issuer: issuer.issuer,
          audience: 'my-client-id',
          jwksUri: `${server.origin.replace('//', '//jwks-user:hunter2-secret@')}/keys?api_key=qk-0123456789`,
        }),
        logger,
      });
      const text = await exposed(
        handler,
        tokenAuthorizerEvent({ token: `Bearer ${token}`, methodArn: `${BASE}/GET/x` }),
      );
      expect(text).toContain(`${server.origin}/keys`);
      for (const secret of ['hunter2-secret', 'jwks-user', 'qk-0123456789', 'api_key'])
        expect(text).not.toContain(secret);
    } finally {
      await server.close();
    }
  });
});

describe('redactorFor()', () => {
  it('removes every run of 8 characters of a caller value, and URL credentials and queries', () => {
    const redact = redactorFor({ headers: { a: 'abcdefghijklmnop' } });
    expect(redact('x abcdefgh y')).toBe('x [redacted] y');
    expect(redact('x cdefghijkl y')).toBe('x [redacted] y');
    expect(redact('abcdefg is short')).toBe('abcdefg is short');
    expect(redact('see https://u:p@host.example/path?key=v#f now')).toBe('see https://host.example/path now');
    // A URL with nothing to remove stays as written: the verifier's trailing-slash hint depends on it.
    expect(redact('issuer "https://auth.example.com", expected "https://auth.example.com/"')).toBe(
      'issuer "https://auth.example.com", expected "https://auth.example.com/"',
    );
  });

  it('withholds the text whole when the request is larger than it indexes, or cannot be read', () => {
    const big = redactorFor({ headers: { a: 'x'.repeat(MAX_INDEXED_CHARS + 1) } });
    expect(big('anything')).toMatch(/withheld/);
    const hostile = redactorFor({
      get headers(): never {
        throw new Error('no');
      },
    });
    expect(hostile('anything')).toMatch(/withheld/);
  });
});

import { describe, expect, it } from 'vitest';
import { AuthorizerFailedError, InvalidOptionError } from '../../../src/authorizer/index.js';
import { createRequestAuthorizer } from '../../../src/authorizer/request-authorizer.js';
import { PolicyBuilder } from '../../../src/policy/index.js';
import { requestAuthorizerEvent, webSocketConnectEvent } from '../../../src/testing/events.js';
import { simulateApiGateway } from '../../../src/testing/simulate.js';

const BASE = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod';

function collectingLogger() {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      error: (message: string, details: object) => lines.push(`${message} ${JSON.stringify(details)}`),
    },
  };
}

describe('createRequestAuthorizer', () => {
  const docs = createRequestAuthorizer({
    identitySource: [
      'method.request.header.HeaderAuth1',
      'method.request.querystring.QueryString1',
      'stageVariables.StageVar1',
    ],
    authorize: (request) => ({
      allow:
        request.header('HeaderAuth1') === 'headerValue1' &&
        request.query('QueryString1') === 'queryValue1' &&
        request.stageVariable('StageVar1') === 'stageValue1',
      principalId: 'me',
    }),
  });
  const good = {
    headers: { HeaderAuth1: 'headerValue1' },
    queryStringParameters: { QueryString1: 'queryValue1' },
    stageVariables: { StageVar1: 'stageValue1' },
  };

  it('allows the whole stage by default (cache-safe)', async () => {
    const result = await docs(requestAuthorizerEvent(good));
    expect(result.policyDocument.Statement[0]?.Resource).toBe(`${BASE}/*/*`);
    expect((await simulateApiGateway(docs, requestAuthorizerEvent(good))).statusCode).toBe(200);
  });

  it('answers 403 for a known principal that is not allowed, 401 without identity sources', async () => {
    const wrong = requestAuthorizerEvent({ ...good, headers: { HeaderAuth1: 'nope' } });
    expect(await simulateApiGateway(docs, wrong)).toMatchObject({ statusCode: 403, decision: 'Deny' });
    const missing = requestAuthorizerEvent({ ...good, headers: {} });
    expect((await simulateApiGateway(docs, missing)).statusCode).toBe(401);
  });

  it('answers 401 for allow:false without a principal', async () => {
    const handler = createRequestAuthorizer({ authorize: () => ({ allow: false }) });
    expect((await simulateApiGateway(handler, requestAuthorizerEvent())).statusCode).toBe(401);
  });

  it('passes context, usage identifier key and custom resources through, checked', async () => {
    const handler = createRequestAuthorizer({
      authorize: () => ({
        allow: true,
        principalId: 'p',
        context: { plan: 'pro' },
        usageIdentifierKey: 'key',
        resource: `${BASE}/GET/*`,
      }),
    });
    const result = await handler(requestAuthorizerEvent());
    expect(result).toMatchObject({ principalId: 'p', context: { plan: 'pro' }, usageIdentifierKey: 'key' });
    expect(result.policyDocument.Statement[0]?.Resource).toBe(`${BASE}/GET/*`);
  });

  it('returns PolicyBuilder results as they are', async () => {
    const handler = createRequestAuthorizer({
      authorize: (request) =>
        new PolicyBuilder(request.methodArn).allow('GET', '/pets').build({ principalId: 'p' }),
    });
    const outcome = await simulateApiGateway(handler, requestAuthorizerEvent());
    expect(outcome.statusCode).toBe(200);
  });

  it('covers WebSocket $connect', async () => {
    const handler = createRequestAuthorizer({
      identitySource: ['method.request.querystring.token'],
      authorize: (request) => ({ allow: request.query('token') === 'good', principalId: 'ws-user' }),
    });
    expect(
      (await simulateApiGateway(handler, webSocketConnectEvent({ queryStringParameters: { token: 'good' } })))
        .statusCode,
    ).toBe(200);
    expect(
      (await simulateApiGateway(handler, webSocketConnectEvent({ queryStringParameters: { token: 'bad' } })))
        .statusCode,
    ).toBe(403);
    expect((await simulateApiGateway(handler, webSocketConnectEvent())).statusCode).toBe(401);
  });

  it('fails closed with 500 on a bug or a bad context, logging without the Authorization header', async () => {
    const secret = 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl';
    const { lines, logger } = collectingLogger();
    const throwing = createRequestAuthorizer({
      logger,
      authorize: (request) => {
        throw new Error(`cannot handle ${request.header('authorization')}`);
      },
    });
    const event = requestAuthorizerEvent({ headers: { Authorization: secret } });
    await expect(throwing(event)).rejects.toBeInstanceOf(AuthorizerFailedError);
    expect((await simulateApiGateway(throwing, event)).statusCode).toBe(500);
    expect(lines.join('\n')).not.toContain('eyJ');
    expect(lines.join('\n')).toContain('[redacted]');

    const nested = createRequestAuthorizer({
      logger,
      authorize: () => ({ allow: true, principalId: 'p', context: { a: {} } as never }),
    });
    expect((await simulateApiGateway(nested, event)).statusCode).toBe(500);
    const garbage = createRequestAuthorizer({ logger, authorize: () => 'yes' as never });
    expect((await simulateApiGateway(garbage, event)).statusCode).toBe(500);
  });

  it('refuses bad configuration at creation', () => {
    expect(() => createRequestAuthorizer({} as never)).toThrow(InvalidOptionError);
    expect(() =>
      createRequestAuthorizer({ identitySource: ['header.X'], authorize: () => ({ allow: false }) }),
    ).toThrow(/not an API Gateway identity source/);
    expect(() =>
      createRequestAuthorizer({ identitySource: 'x' as never, authorize: () => ({ allow: false }) }),
    ).toThrow(InvalidOptionError);
  });
});

describe('identity sources and redaction', () => {
  it('accepts WebSocket route.request.* identity sources', async () => {
    const handler = createRequestAuthorizer({
      identitySource: ['route.request.querystring.token', 'route.request.header.X-Client'],
      authorize: () => ({ allow: true, principalId: 'ws' }),
    });
    expect(
      (
        await simulateApiGateway(
          handler,
          webSocketConnectEvent({ queryStringParameters: { token: 't' }, headers: { 'x-client': 'c' } }),
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (await simulateApiGateway(handler, webSocketConnectEvent({ queryStringParameters: { token: 't' } })))
        .statusCode,
    ).toBe(401);
  });

  it('keeps query-string, cookie and header credentials out of the log line', async () => {
    const { lines, logger } = collectingLogger();
    const secrets = ['query-secret-0123456789', 'cookie-secret-abcdefghij', 'api-key-secret-ZYXWVUTS'];
    const handler = createRequestAuthorizer({
      logger,
      authorize: (request) => {
        throw new Error(
          `failed for ${request.query('token')} ${request.cookie('session')} ${request.header('x-api-key')}`,
        );
      },
    });
    const event = requestAuthorizerEvent({
      queryStringParameters: { token: secrets[0] },
      headers: { Cookie: `session=${secrets[1]}`, 'X-Api-Key': secrets[2] },
    });
    expect((await simulateApiGateway(handler, event)).statusCode).toBe(500);
    for (const secret of secrets) expect(lines.join('\n')).not.toContain(secret as string);
    expect(lines.join('\n')).toContain('failed for [redacted]');
  });
});

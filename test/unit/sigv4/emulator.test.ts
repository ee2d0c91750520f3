import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../src/sigv4/index.js';
import {
  type FunctionUrlEvent,
  startFunctionUrlEmulator,
} from '../../../src/testing/function-url-emulator.js';
import { LONG_TERM, SESSION } from '../../support/credentials.js';
import { useFunctionUrlEmulator } from '../../support/function-url.js';

const REGION = 'eu-central-1';
const events: FunctionUrlEvent[] = [];
const handlerErrors: unknown[] = [];

const emulator = useFunctionUrlEmulator({
  credentials: [SESSION, LONG_TERM],
  region: REGION,
  urlId: 'abc123urlid',
  onHandlerError: (error) => handlerErrors.push(error),
  handler: async (event) => {
    events.push(event);
    switch (event.rawPath) {
      case '/plain-object':
        return { hello: 'world', n: 1 };
      case '/string':
        return 'just text';
      case '/structured':
        return {
          statusCode: 201,
          headers: { 'x-answer': 42, 'content-type': 'text/plain' },
          cookies: ['a=1; Path=/', 'b=2'],
          body: Buffer.from('binary \u00e9').toString('base64'),
          isBase64Encoded: true,
        };
      case '/throws':
        throw new Error('boom');
      case '/bad-status':
        return { statusCode: 42 };
      default:
        return { statusCode: 200, body: JSON.stringify({ path: event.rawPath }) };
    }
  },
});

async function signed(
  path: string,
  init: { method?: string; body?: string | Uint8Array; headers?: Record<string, string> } = {},
  options: Parameters<typeof signRequest>[1] = {},
) {
  return signRequest({ url: new URL(path, emulator.url), ...init }, { ...emulator.signing, ...options });
}

/** Sends exactly what it is given, bypassing fetch. */
function raw(
  target: string,
  method: string,
  headers: Record<string, string>,
  body?: string | Uint8Array,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: target, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function send(
  s: Awaited<ReturnType<typeof signRequest>>,
  override: { body?: string; headers?: Record<string, string>; url?: string } = {},
) {
  return fetch(override.url ?? s.url, {
    method: s.method,
    headers: override.headers ?? s.headers,
    body: override.body ?? s.body ?? null,
  });
}

describe('startFunctionUrlEmulator: signatures', () => {
  it('accepts a signed GET and passes the payload 2.0 event with the IAM identity', async () => {
    const s = await signed('/orders/42?b=2&a=1&a=0', { headers: { 'x-trace': 'abc', cookie: 'k=v; k2=v2' } });
    const response = await send(s);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: '/orders/42' });
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const event = events.at(-1) as FunctionUrlEvent;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/orders/42',
      rawQueryString: 'a=0&a=1&b=2',
      queryStringParameters: { a: '0,1', b: '2' },
      cookies: ['k=v', 'k2=v2'],
      isBase64Encoded: false,
      requestContext: {
        accountId: '123456789012',
        apiId: 'abc123urlid',
        domainName: `abc123urlid.lambda-url.${REGION}.on.aws`,
        domainPrefix: 'abc123urlid',
        http: { method: 'GET', path: '/orders/42', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
        routeKey: '$default',
        stage: '$default',
        authorizer: {
          iam: {
            accessKey: SESSION.accessKeyId,
            accountId: '111122223333',
            callerId: 'AROAORDERSCALLER:orders-caller-fn',
            cognitoIdentity: null,
            principalOrgId: null,
            userArn: SESSION.userArn,
            userId: 'AROAORDERSCALLER:orders-caller-fn',
          },
        },
      },
    });
    expect(event.headers['x-trace']).toBe('abc');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  });

  it('passes a JSON body as text and a binary body as base64', async () => {
    await send(
      await signed('/json', {
        method: 'POST',
        body: '{"a":1}',
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(events.at(-1)).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    const bytes = Uint8Array.from([0, 1, 2, 255]);
    await send(
      await signed('/bin', {
        method: 'POST',
        body: bytes,
        headers: { 'content-type': 'application/octet-stream' },
      }),
    );
    expect(events.at(-1)).toMatchObject({ body: 'AAEC/w==', isBase64Encoded: true });
  });

  it('accepts long-term credentials (no session token) and reports their identity', async () => {
    const s = await signed('/lt', {}, { credentials: LONG_TERM });
    expect((await send(s)).status).toBe(200);
    expect(events.at(-1)?.requestContext.authorizer.iam).toMatchObject({
      accessKey: LONG_TERM.accessKeyId,
      accountId: '444455556666',
      userArn: 'arn:aws:sts::444455556666:assumed-role/caller-role/caller-function',
    });
  });

  it("refuses an unsigned request with 403 AccessDeniedException and AWS's Forbidden message", async () => {
    const response = await fetch(emulator.url);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(await response.json()).toEqual({
      Message:
        'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
    });
  });

  it('refuses a tampered body with InvalidSignatureException', async () => {
    const s = await signed('/pay', {
      method: 'POST',
      body: '{"amount":1}',
      headers: { 'content-type': 'application/json' },
    });
    const response = await send(s, { body: '{"amount":1000}' });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(((await response.json()) as { message: string }).message).toMatch(
      /^The request signature we calculated does not match the signature you provided/,
    );
  });

  it('refuses a tampered query, path, method or signed header', async () => {
    const s = await signed('/items?page=1', { headers: { 'x-tenant': 'a' } });
    const cases = [
      send(s, { url: s.url.replace('page=1', 'page=2') }),
      send(s, { url: s.url.replace('/items', '/Items') }),
      fetch(s.url, { method: 'DELETE', headers: s.headers }),
      send(s, { headers: { ...s.headers, 'x-tenant': 'b' } }),
    ];
    for (const response of await Promise.all(cases)) {
      expect(response.status).toBe(403);
      expect(response.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    }
  });

  it('ignores headers that were not signed', async () => {
    const s = await signed('/unsigned-extra');
    expect((await send(s, { headers: { ...s.headers, 'x-added-later': '1' } })).status).toBe(200);
  });

  it('refuses a wrong secret', async () => {
    const s = await signed(
      '/',
      {},
      { credentials: { ...SESSION, secretAccessKey: 'not-the-secret-0000000000000000000000000' } },
    );
    const response = await send(s);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
  });

  it('refuses an unknown access key, a missing or wrong session token with UnrecognizedClientException', async () => {
    const unknown = await signed(
      '/',
      {},
      { credentials: { ...SESSION, accessKeyId: 'ASIAUNKNOWN000000000' } },
    );
    const noToken = await signed(
      '/',
      {},
      { credentials: { accessKeyId: SESSION.accessKeyId, secretAccessKey: SESSION.secretAccessKey } },
    );
    const wrongToken = await signed(
      '/',
      {},
      { credentials: { ...SESSION, sessionToken: 'another-token-value-0000' } },
    );
    for (const s of [unknown, noToken, wrongToken]) {
      const response = await send(s);
      expect(response.status).toBe(403);
      expect(response.headers.get('x-amzn-errortype')).toBe('UnrecognizedClientException');
      expect(await response.json()).toEqual({
        message: 'The security token included in the request is invalid.',
      });
    }
  });

  it('refuses a signature older or newer than 5 minutes with "Signature expired" / "not yet current"', async () => {
    const stale = await signed('/', {}, { date: new Date(Date.now() - 6 * 60_000) });
    let response = await send(stale);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(((await response.json()) as { message: string }).message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    );
    const future = await signed('/', {}, { date: new Date(Date.now() + 6 * 60_000) });
    response = await send(future);
    expect(((await response.json()) as { message: string }).message).toMatch(/^Signature not yet current: /);
    const skewed = await signed('/', {}, { date: new Date(Date.now() - 4 * 60_000) });
    expect((await send(skewed)).status).toBe(200);
  });

  it('refuses the wrong region or service, naming it', async () => {
    const region = await signed('/', {}, { region: 'us-east-1' });
    let response = await send(region);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      message: "Credential should be scoped to a valid region, not 'us-east-1'.",
    });
    const service = await signed('/', {}, { service: 'execute-api' });
    response = await send(service);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      message: "Credential should be scoped to correct service: 'lambda'.",
    });
  });

  it('refuses malformed Authorization headers with IncompleteSignatureException', async () => {
    const s = await signed('/');
    const cases = [
      { ...s.headers, authorization: 'Bearer abc' },
      { ...s.headers, authorization: 'AWS4-HMAC-SHA256 Credential=ASIA/x' },
      {
        ...s.headers,
        authorization: (s.headers.authorization ?? '').replace(/Credential=[^,]+/, 'Credential=a/b'),
      },
    ];
    for (const headers of cases) {
      const response = await raw('/', 'GET', headers);
      expect(response.status).toBe(403);
      expect(response.headers['x-amzn-errortype']).toBe('IncompleteSignatureException');
    }
    const { 'x-amz-date': _date, ...noDate } = s.headers;
    const response = await raw('/', 'GET', noDate);
    expect(response.headers['x-amzn-errortype']).toBe('IncompleteSignatureException');
    expect(JSON.parse(response.body)).toEqual({
      message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    });
  });

  it('requires host to be signed', async () => {
    const s = await signed('/');
    const authorization = (s.headers.authorization ?? '').replace('SignedHeaders=host;', 'SignedHeaders=');
    const response = await raw('/', 'GET', { ...s.headers, authorization });
    expect(JSON.parse(response.body)).toEqual({
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });

  it('reads the query as AWS does: "+" is a space, any encoding of the same value verifies', async () => {
    const s = await signed('/q?name=a%20b');
    const url = new URL(s.url);
    const response = await raw(`${url.pathname}?name=a+b`, 'GET', s.headers);
    expect(response.status).toBe(200);
    expect(events.at(-1)?.queryStringParameters).toEqual({ name: 'a b' });
  });
});

describe('startFunctionUrlEmulator: responses', () => {
  it('turns a plain object into a JSON 200 and a string into the body of a 200', async () => {
    let response = await send(await signed('/plain-object'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ hello: 'world', n: 1 });
    response = await send(await signed('/string'));
    expect(await response.text()).toBe('just text');
  });

  it('uses a structured result: status, headers, cookies, base64 body', async () => {
    const response = await send(await signed('/structured'));
    expect(response.status).toBe(201);
    expect(response.headers.get('x-answer')).toBe('42');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    expect(await response.text()).toBe('binary \u00e9');
  });

  it('answers 502 when the handler throws or returns a bad status, and reports the error', async () => {
    const before = handlerErrors.length;
    expect((await send(await signed('/throws'))).status).toBe(502);
    expect((await send(await signed('/bad-status'))).status).toBe(502);
    expect(handlerErrors.length).toBe(before + 2);
    expect(String(handlerErrors[before])).toContain('boom');
  });

  it('refuses bad options', async () => {
    await expect(startFunctionUrlEmulator({ credentials: SESSION } as never)).rejects.toThrow(TypeError);
    await expect(startFunctionUrlEmulator({ handler: () => 1, credentials: [] })).rejects.toThrow(
      /credentials/,
    );
  });
});

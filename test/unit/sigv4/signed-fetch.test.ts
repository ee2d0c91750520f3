import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_TIMEOUT_MS,
  SigV4RejectedError,
  SigV4SigningError,
  SigV4TimeoutError,
  signedFetch,
} from '../../../src/sigv4/index.js';
import {
  type FunctionUrlEmulator,
  startFunctionUrlEmulator,
} from '../../../src/testing/function-url-emulator.js';
import { caught, SESSION } from './helpers.js';

const REGION = 'ap-southeast-2';
let emulator: FunctionUrlEmulator;
let aws: Server;
let awsUrl: string;
const pending: ServerResponse[] = [];

/** A loopback server answering as AWS does in the cases the emulator cannot produce. */
function fakeAws(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  const reply = (status: number, headers: Record<string, string>, body: string) => {
    res.writeHead(status, headers);
    res.end(body);
  };
  if (path.startsWith('/access-denied')) {
    reply(
      403,
      { 'x-amzn-ErrorType': 'AccessDeniedException', 'x-amzn-RequestId': 'req-1' },
      JSON.stringify({
        Message:
          'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
      }),
    );
  } else if (path.startsWith('/verbose-mismatch')) {
    reply(
      403,
      {
        'x-amzn-ErrorType':
          'InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/',
      },
      JSON.stringify({
        message: `The request signature we calculated does not match the signature you provided. The Canonical String for this request should have been 'GET\n/\n\nx-amz-security-token:${SESSION.sessionToken}' ${SESSION.sessionToken}`,
      }),
    );
  } else if (path.startsWith('/own-403')) {
    reply(403, { 'content-type': 'application/json' }, '{"error":"not your order"}');
  } else if (path.startsWith('/redirect')) {
    reply(302, { location: 'https://elsewhere.example.com/' }, '');
  } else if (path.startsWith('/server-error')) {
    reply(500, { 'x-amzn-ErrorType': 'ServiceException' }, '{"Message":"oops"}');
  } else if (path.startsWith('/hang')) {
    pending.push(res);
  } else if (path.startsWith('/slow-body')) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial');
    pending.push(res);
  } else {
    reply(200, {}, 'ok');
  }
}

beforeAll(async () => {
  emulator = await startFunctionUrlEmulator({
    credentials: SESSION,
    region: REGION,
    handler: async (event) => {
      if (event.rawPath === '/echo') {
        return {
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            method: event.requestContext.http.method,
            query: event.queryStringParameters ?? null,
            rawQueryString: event.rawQueryString,
            body: event.body ?? null,
            contentType: event.headers['content-type'] ?? null,
            caller: event.requestContext.authorizer.iam.userArn,
          }),
        };
      }
      if (event.rawPath === '/missing') return { statusCode: 404, body: 'no such thing' };
      return { statusCode: 200, body: 'ok' };
    },
  });
  aws = createServer(fakeAws);
  await new Promise<void>((resolve) => aws.listen(0, '127.0.0.1', resolve));
  awsUrl = `http://127.0.0.1:${(aws.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of pending) res.destroy();
  aws.closeAllConnections();
  await new Promise((resolve) => aws.close(resolve));
  await emulator.close();
});

const opts = () => ({ region: REGION, credentials: SESSION });

describe('signedFetch round trips through the emulator', () => {
  it('GET with a query: signs the sorted query and returns the Response', async () => {
    const response = await signedFetch(
      `${emulator.url}echo?page=5&sort=desc&tag=b&tag=a&q=caf%C3%A9+au+lait`,
      opts(),
    );
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      method: 'GET',
      query: { page: '5', sort: 'desc', tag: 'a,b', q: 'café au lait' },
      rawQueryString: 'page=5&q=caf%C3%A9%20au%20lait&sort=desc&tag=a&tag=b',
      body: null,
      contentType: null,
      caller: SESSION.userArn,
    });
  });

  it('POST with a JSON body, headers as an object, a Headers or pairs', async () => {
    const body = JSON.stringify({ user: 'my-user', token: 'ABC123' });
    for (const headers of [
      { 'Content-Type': 'application/json' },
      new Headers({ 'content-type': 'application/json' }),
      [['content-type', 'application/json']] as Array<[string, string]>,
    ]) {
      const response = await signedFetch(`${emulator.url}echo`, { ...opts(), method: 'post', headers, body });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ method: 'POST', body, contentType: 'application/json' });
    }
  });

  it('POST with bytes and with no body', async () => {
    const bytes = new TextEncoder().encode('{"n":1}');
    let response = await signedFetch(`${emulator.url}echo`, {
      ...opts(),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bytes,
    });
    expect(await response.json()).toMatchObject({ body: '{"n":1}' });
    response = await signedFetch(`${emulator.url}echo`, { ...opts(), method: 'POST' });
    expect(await response.json()).toMatchObject({ method: 'POST', body: null });
  });

  it('uses credentials from an async provider', async () => {
    const provider = async () => SESSION;
    const response = await signedFetch(`${emulator.url}echo`, { region: REGION, credentials: provider });
    expect(response.status).toBe(200);
  });

  it('returns non-403 errors as responses', async () => {
    const response = await signedFetch(`${emulator.url}missing`, opts());
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('no such thing');
    const failing = await signedFetch(`${awsUrl}/server-error`, opts());
    expect(failing.status).toBe(500);
  });
});

describe('signedFetch maps AWS refusals to typed errors', () => {
  it('a signature that does not match → ERR_SIGV4_INVALID_SIGNATURE', async () => {
    const error = await caught(() =>
      signedFetch(`${emulator.url}echo`, {
        region: REGION,
        credentials: { ...SESSION, secretAccessKey: 'wrong-secret-0000000000000000000000000000' },
      }),
    );
    expect(error).toBeInstanceOf(SigV4RejectedError);
    const rejected = error as SigV4RejectedError;
    expect(rejected.code).toBe('ERR_SIGV4_INVALID_SIGNATURE');
    expect(rejected.status).toBe(403);
    expect(rejected.errorType).toBe('InvalidSignatureException');
    expect(rejected.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rejected.message).toMatch(
      /^AWS refused the signed request with 403 InvalidSignatureException: The request signature we calculated/,
    );
    expect(rejected.hint).toMatch(/service "lambda" and the region of the function URL/);
  });

  it('the wrong region → ERR_SIGV4_INVALID_SIGNATURE with a region hint', async () => {
    const error = (await caught(() =>
      signedFetch(`${emulator.url}echo`, { ...opts(), region: 'us-east-1' }),
    )) as SigV4RejectedError;
    expect(error.code).toBe('ERR_SIGV4_INVALID_SIGNATURE');
    expect(error.hint).toMatch(/signed for region "us-east-1", which is not the receiver's/);
  });

  it('a stale date → ERR_SIGV4_SIGNATURE_EXPIRED with a clock hint', async () => {
    const error = (await caught(() =>
      signedFetch(`${emulator.url}echo`, { ...opts(), date: new Date(Date.now() - 10 * 60_000) }),
    )) as SigV4RejectedError;
    expect(error.code).toBe('ERR_SIGV4_SIGNATURE_EXPIRED');
    expect(error.awsMessage).toMatch(/^Signature expired/);
    expect(error.hint).toMatch(/clock/);
  });

  it('an unknown key or missing token → ERR_SIGV4_UNRECOGNIZED_CLIENT', async () => {
    const error = (await caught(() =>
      signedFetch(`${emulator.url}echo`, {
        region: REGION,
        credentials: { accessKeyId: SESSION.accessKeyId, secretAccessKey: SESSION.secretAccessKey },
      }),
    )) as SigV4RejectedError;
    expect(error.code).toBe('ERR_SIGV4_UNRECOGNIZED_CLIENT');
    expect(error.hint).toMatch(/AWS_SESSION_TOKEN/);
  });

  it('AccessDeniedException → ERR_SIGV4_ACCESS_DENIED naming both permissions', async () => {
    const error = (await caught(() => signedFetch(`${awsUrl}/access-denied`, opts()))) as SigV4RejectedError;
    expect(error.code).toBe('ERR_SIGV4_ACCESS_DENIED');
    expect(error.requestId).toBe('req-1');
    expect(error.message).toContain('lambda:InvokeFunctionUrl');
    expect(error.message).toContain('lambda:InvokeFunction ');
  });

  it('keeps only the first part of a verbose AWS message and blanks the session token', async () => {
    const error = (await caught(() =>
      signedFetch(`${awsUrl}/verbose-mismatch`, opts()),
    )) as SigV4RejectedError;
    expect(error.code).toBe('ERR_SIGV4_INVALID_SIGNATURE');
    expect(error.errorType).toBe('InvalidSignatureException');
    expect(error.awsMessage).toBe(
      'The request signature we calculated does not match the signature you provided.',
    );
    expect(error.message).not.toContain(SESSION.sessionToken);
  });

  it("returns the function's own 403, and every refusal with throwOnRejection: false", async () => {
    const own = await signedFetch(`${awsUrl}/own-403`, opts());
    expect(own.status).toBe(403);
    expect(await own.json()).toEqual({ error: 'not your order' });
    const denied = await signedFetch(`${awsUrl}/access-denied`, { ...opts(), throwOnRejection: false });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
  });
});

describe('signedFetch transport', () => {
  it('does not follow redirects by default', async () => {
    const response = await signedFetch(`${awsUrl}/redirect`, opts());
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://elsewhere.example.com/');
  });

  it('rejects with SigV4TimeoutError when no response arrives in time', async () => {
    const error = await caught(() => signedFetch(`${awsUrl}/hang`, { ...opts(), timeoutMs: 50 }));
    expect(error).toBeInstanceOf(SigV4TimeoutError);
    expect(error.code).toBe('ERR_SIGV4_TIMEOUT');
    expect((error as SigV4TimeoutError).timeoutMs).toBe(50);
    expect(error.message).toMatch(
      /^No complete response within 50 ms from http:\/\/127\.0\.0\.1:\d+\. Raise timeoutMs/,
    );
  });

  it('the deadline covers reading the body', async () => {
    const response = await signedFetch(`${awsUrl}/slow-body`, { ...opts(), timeoutMs: 100 });
    expect(response.status).toBe(200);
    const error = await caught(() => response.text());
    expect(error).toBeInstanceOf(SigV4TimeoutError);
  });

  it("rethrows the caller's abort reason, not a timeout", async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const promise = signedFetch(`${awsUrl}/hang`, { ...opts(), signal: controller.signal });
    setTimeout(() => controller.abort(reason), 10);
    expect(await caught(() => promise)).toBe(reason);
  });

  it('has a 10 s default and refuses a bad timeoutMs before sending', async () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(10_000);
    for (const timeoutMs of [0, -1, Number.NaN, '5' as unknown as number]) {
      const error = await caught(() => signedFetch(`${awsUrl}/`, { ...opts(), timeoutMs }));
      expect(error).toBeInstanceOf(SigV4SigningError);
      expect(error.code).toBe('ERR_SIGV4_INVALID_OPTION');
    }
  });

  it('sends with the given fetch', async () => {
    const seen: string[] = [];
    const response = await signedFetch(`${awsUrl}/custom?b=1&a=2`, {
      ...opts(),
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    expect(await response.text()).toBe('ok');
    expect(seen).toEqual([`${awsUrl}/custom?a=2&b=1`]);
  });
});

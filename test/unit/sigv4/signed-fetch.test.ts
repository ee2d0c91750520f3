import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  DEFAULT_SIGNED_FETCH_TIMEOUT_MS,
  InvalidOptionError,
  type SigV4Credentials,
  SigV4RejectedError,
  SigV4RequestError,
  signedFetch,
} from 'lambda-authorizer-kit/sigv4';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { toRejectedError } from '../../../src/sigv4/rejection.js';
import { caught } from '../../support/catch.js';
import { LONG_TERM, SESSION } from '../../support/credentials.js';
import { echoRequest, useFunctionUrlEmulator } from '../../support/function-url.js';
import { type Loopback, type RouteTools, startLoopback } from '../../support/loopback.js';

const REGION = 'ap-southeast-2';
const emulator = useFunctionUrlEmulator({
  region: REGION,
  handler: (event) => {
    if (event.rawPath === '/echo') return echoRequest(event);
    if (event.rawPath === '/missing') return { statusCode: 404, body: 'no such thing' };
    return { statusCode: 200, body: 'ok' };
  },
});
let aws: Loopback;

/** A loopback server answering as AWS does in the cases the emulator cannot produce. */
function fakeAws(req: IncomingMessage, res: ServerResponse, tools: RouteTools): void {
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
    tools.hold(res);
  } else if (path.startsWith('/slow-body')) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial');
    tools.hold(res);
  } else {
    reply(200, {}, 'ok');
  }
}

beforeAll(async () => {
  aws = await startLoopback(fakeAws);
});
afterAll(() => aws.close());

const opts = () => emulator.signing;

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
    const failing = await signedFetch(`${aws.origin}/server-error`, opts());
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
    const error = (await caught(() =>
      signedFetch(`${aws.origin}/access-denied`, opts()),
    )) as SigV4RejectedError;
    expect(error.code).toBe('ERR_SIGV4_ACCESS_DENIED');
    expect(error.requestId).toBe('req-1');
    expect(error.message).toContain('lambda:InvokeFunctionUrl');
    expect(error.message).toContain('lambda:InvokeFunction ');
  });

  it('keeps only the first part of a verbose AWS message and blanks the session token', async () => {
    const error = (await caught(() =>
      signedFetch(`${aws.origin}/verbose-mismatch`, opts()),
    )) as SigV4RejectedError;
    expect(error.code).toBe('ERR_SIGV4_INVALID_SIGNATURE');
    expect(error.errorType).toBe('InvalidSignatureException');
    expect(error.awsMessage).toBe(
      'The request signature we calculated does not match the signature you provided.',
    );
    expect(error.message).not.toContain(SESSION.sessionToken);
  });

  it("returns the function's own 403, and every refusal with throwOnRejection: false", async () => {
    const own = await signedFetch(`${aws.origin}/own-403`, opts());
    expect(own.status).toBe(403);
    expect(await own.json()).toEqual({ error: 'not your order' });
    const denied = await signedFetch(`${aws.origin}/access-denied`, { ...opts(), throwOnRejection: false });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
  });
});

describe('signedFetch transport', () => {
  it('does not follow redirects by default', async () => {
    const response = await signedFetch(`${aws.origin}/redirect`, opts());
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://elsewhere.example.com/');
  });

  it('rejects with SigV4RequestError when no response arrives in time', async () => {
    const error = await caught(() => signedFetch(`${aws.origin}/hang`, { ...opts(), timeoutMs: 50 }));
    expect(error).toBeInstanceOf(SigV4RequestError);
    expect(error.code).toBe('ERR_SIGV4_TIMEOUT');
    expect((error as SigV4RequestError).timeoutMs).toBe(50);
    expect(error.message).toMatch(
      /^No complete response within 50 ms from http:\/\/127\.0\.0\.1:\d+\. Raise timeoutMs/,
    );
  });

  it('the deadline covers reading the body', async () => {
    const response = await signedFetch(`${aws.origin}/slow-body`, { ...opts(), timeoutMs: 100 });
    expect(response.status).toBe(200);
    const error = await caught(() => response.text());
    expect(error).toBeInstanceOf(SigV4RequestError);
  });

  it("rethrows the caller's abort reason, not a timeout", async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const promise = signedFetch(`${aws.origin}/hang`, { ...opts(), signal: controller.signal });
    setTimeout(() => controller.abort(reason), 10);
    expect(await caught(() => promise)).toBe(reason);
  });

  it('has a 10 s default and refuses a bad timeoutMs before sending', async () => {
    expect(DEFAULT_SIGNED_FETCH_TIMEOUT_MS).toBe(10_000);
    for (const timeoutMs of [0, -1, Number.NaN, '5' as unknown as number]) {
      const error = await caught(() => signedFetch(`${aws.origin}/`, { ...opts(), timeoutMs }));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error.code).toBe('ERR_INVALID_OPTION');
    }
  });

  it('sends with the given fetch', async () => {
    const seen: string[] = [];
    const response = await signedFetch(`${aws.origin}/custom?b=1&a=2`, {
      ...opts(),
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    expect(await response.text()).toBe('ok');
    expect(seen).toEqual([`${aws.origin}/custom?a=2&b=1`]);
  });
});

const FUNCTION_URL = 'https://abc123def.lambda-url.eu-central-1.on.aws/book';

describe('signedFetch: how it reads AWS refusals', () => {
  const answer = (status: number, errorType: string | undefined, body = '') =>
    new Response(body, { status, headers: errorType === undefined ? {} : { 'x-amzn-errortype': errorType } });
  /** Sends a signed request to a `fetch` that answers `response`. */
  const sendTo = (response: Response, credentials: SigV4Credentials = LONG_TERM) =>
    signedFetch(FUNCTION_URL, { credentials, fetch: async () => response });

  it('rejects with a SigV4RejectedError that carries its own name', async () => {
    const error = await caught(sendTo(answer(403, 'InvalidSignatureException')));
    expect(error).toBeInstanceOf(SigV4RejectedError);
    expect(error.name).toBe('SigV4RejectedError');
  });

  it('counts only 403s carrying a known AWS error type', async () => {
    await expect(sendTo(answer(403, 'InvalidSignatureException'))).rejects.toBeInstanceOf(SigV4RejectedError);
    await expect(sendTo(answer(403, 'AccessDeniedException :x'))).rejects.toBeInstanceOf(SigV4RejectedError);
    for (const response of [
      answer(401, 'InvalidSignatureException'),
      answer(403, undefined),
      answer(403, 'ServiceException'),
    ]) {
      await expect(sendTo(response)).resolves.toBe(response);
    }
    for (const type of [
      'IncompleteSignatureException',
      'UnrecognizedClientException',
      'MissingAuthenticationTokenException',
      'InvalidClientTokenId',
      'ExpiredTokenException',
      'SignatureDoesNotMatch',
    ]) {
      await expect(sendTo(answer(403, type))).rejects.toBeInstanceOf(SigV4RejectedError);
    }
  });

  it.each([
    ['InvalidClientTokenId', 'ERR_SIGV4_UNRECOGNIZED_CLIENT', /^AWS does not know the access key/],
    ['ExpiredTokenException', 'ERR_SIGV4_UNRECOGNIZED_CLIENT', /^AWS does not know the access key/],
    ['UnrecognizedClientException', 'ERR_SIGV4_UNRECOGNIZED_CLIENT', /^AWS does not know the access key/],
    ['AccessDeniedException', 'ERR_SIGV4_ACCESS_DENIED', /^The signature is valid but IAM denied the call/],
    [
      'IncompleteSignatureException',
      'ERR_SIGV4_INVALID_SIGNATURE',
      /^Check that the request was signed for the receiver/,
    ],
  ])('classifies %s as %s, with its hint', async (type, code, hint) => {
    const error = await caught<SigV4RejectedError>(sendTo(answer(403, type, '{"message":"no"}')));
    expect(error).toBeInstanceOf(SigV4RejectedError);
    expect(error.code).toBe(code);
    expect(error.errorType).toBe(type);
    expect(error.hint).toMatch(hint);
  });

  it('reads an expired signature only from the start of the message', async () => {
    const expired = await caught<SigV4RejectedError>(
      sendTo(
        answer(
          403,
          'InvalidSignatureException',
          '{"message":"Signature expired: 20250101T000000Z is now earlier"}',
        ),
      ),
    );
    expect(expired).toBeInstanceOf(SigV4RejectedError);
    expect(expired.code).toBe('ERR_SIGV4_SIGNATURE_EXPIRED');
    expect(expired.hint).toMatch(/^AWS accepts a signature for 5 minutes/);
    const other = await caught<SigV4RejectedError>(
      sendTo(
        answer(
          403,
          'InvalidSignatureException',
          '{"message":"Mismatch. Signature expired is not the issue"}',
        ),
      ),
    );
    expect(other).toBeInstanceOf(SigV4RejectedError);
    expect(other.code).toBe('ERR_SIGV4_INVALID_SIGNATURE');
  });

  it('keeps a body whose message is not a string as text', async () => {
    const error = await caught<SigV4RejectedError>(
      sendTo(answer(403, 'InvalidSignatureException', '{"message":5}')),
    );
    expect(error).toBeInstanceOf(SigV4RejectedError);
    expect(error.awsMessage).toBe('{"message":5}');
  });

  it('blanks a session token of 8 characters or more, and only those', async () => {
    const body = '{"message":"token 12345678 key abcdefg end"}';
    const long = await caught<SigV4RejectedError>(
      sendTo(answer(403, 'InvalidSignatureException', body), { ...LONG_TERM, sessionToken: '12345678' }),
    );
    expect(long).toBeInstanceOf(SigV4RejectedError);
    expect(long.awsMessage).toBe('token [redacted] key abcdefg end');
    const short = await caught<SigV4RejectedError>(
      sendTo(answer(403, 'InvalidSignatureException', body), { ...LONG_TERM, sessionToken: 'abcdefg' }),
    );
    expect(short).toBeInstanceOf(SigV4RejectedError);
    expect(short.awsMessage).toBe('token 12345678 key abcdefg end');
  });

  it('cuts the message at 300 characters', async () => {
    const exact = 'm'.repeat(300);
    const kept = await caught<SigV4RejectedError>(sendTo(answer(403, 'InvalidSignatureException', exact)));
    expect(kept).toBeInstanceOf(SigV4RejectedError);
    expect(kept.awsMessage).toBe(exact);
    const cut = await caught<SigV4RejectedError>(
      sendTo(answer(403, 'InvalidSignatureException', `${exact}x`)),
    );
    expect(cut).toBeInstanceOf(SigV4RejectedError);
    expect(cut.awsMessage).toBe(`${exact}…`);
  });

  it('reads at most 4096 characters of the body', async () => {
    const body = JSON.stringify({ message: 'short', padding: 'p'.repeat(5000) });
    const error = await caught<SigV4RejectedError>(sendTo(answer(403, 'InvalidSignatureException', body)));
    expect(error).toBeInstanceOf(SigV4RejectedError);
    expect(error.awsMessage).toMatch(/^\{"message":"short","padding":"p+…$/);
  });

  it('names the service the request should have been signed for', async () => {
    const error = await caught<SigV4RejectedError>(
      sendTo(
        answer(
          403,
          'InvalidSignatureException',
          '{"message":"Credential should be scoped to correct service: \'lambda\'. "}',
        ),
      ),
    );
    expect(error).toBeInstanceOf(SigV4RejectedError);
    expect(error.hint).toMatch(/^Sign for service "lambda" \(function URLs use "lambda"\)\. Check that/);
  });

  it('reports an unreadable body and a missing error type plainly', async () => {
    // A 403 without a known error type is never a refusal (signedFetch returns it), so the
    // "Unknown" type is only given by the conversion itself.
    const response = new Response('used', { status: 403 });
    await response.text();
    const error = await toRejectedError(response, []);
    expect(error.errorType).toBe('Unknown');
    expect(error.awsMessage).toBe('');
    expect(error.message).toMatch(/^AWS refused the signed request with 403 Unknown\. Check that/);
    expect((await toRejectedError(answer(403, ':x'), [])).errorType).toBe('Unknown');
  });
});

describe('signedFetch: its options, the fetch it sends with and its deadline', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('blanks the session token and the signature from the AWS message', async () => {
    let sent: Record<string, string> = {};
    const error = await caught(() =>
      signedFetch(FUNCTION_URL, {
        credentials: SESSION,
        fetch: async (_url, init) => {
          sent = init?.headers as Record<string, string>;
          const signature = /Signature=([0-9a-f]+)/.exec(sent.authorization ?? '')?.[1];
          return new Response(
            JSON.stringify({ message: `bad ${SESSION.sessionToken} sig ${signature} end` }),
            { status: 403, headers: { 'x-amzn-errortype': 'InvalidSignatureException' } },
          );
        },
      }),
    );
    expect(error).toBeInstanceOf(SigV4RejectedError);
    expect((error as SigV4RejectedError).awsMessage).toBe('bad [redacted] sig [redacted] end');
  });

  it('refuses options that are not an object and a signal that is not an AbortSignal', async () => {
    for (const init of [null, 'GET']) {
      const error = await caught(() => signedFetch(FUNCTION_URL, init as never));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error.code).toBe('ERR_INVALID_OPTION');
      expect(error.message).toMatch(/^signedFetch\(\) options must be an object/);
    }
    const error = await caught(() =>
      signedFetch(FUNCTION_URL, { signal: {} as never, credentials: LONG_TERM }),
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.code).toBe('ERR_INVALID_OPTION');
    expect(error.message).toBe('options.signal must be an AbortSignal, got object.');
    const response = await signedFetch(FUNCTION_URL, {
      signal: null as never,
      credentials: LONG_TERM,
      fetch: async () => new Response('ok'),
    });
    expect(await response.text()).toBe('ok');
  });

  it('names a bad timeoutMs', async () => {
    const zero = await caught(() => signedFetch(FUNCTION_URL, { timeoutMs: 0 }));
    expect(zero).toBeInstanceOf(InvalidOptionError);
    expect(zero.code).toBe('ERR_INVALID_OPTION');
    expect(zero.message).toBe('options.timeoutMs must be a positive number of milliseconds, got 0.');
    const text = await caught(() => signedFetch(FUNCTION_URL, { timeoutMs: '5' as never }));
    expect(text).toBeInstanceOf(InvalidOptionError);
    expect(text.code).toBe('ERR_INVALID_OPTION');
    expect(text.message).toBe('options.timeoutMs must be a positive number of milliseconds, got string.');
  });

  it('needs a fetch', async () => {
    vi.stubGlobal('fetch', undefined);
    const error = await caught(() => signedFetch(FUNCTION_URL, { credentials: LONG_TERM }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.code).toBe('ERR_INVALID_OPTION');
    expect(error.message).toBe('No fetch is available: run on Node.js 18 or later, or pass options.fetch.');
  });

  it("rethrows fetch's own failure as is", async () => {
    const failure = new TypeError('fetch failed');
    const error = await caught(() =>
      signedFetch(FUNCTION_URL, {
        credentials: LONG_TERM,
        fetch: async () => {
          throw failure;
        },
      }),
    );
    expect(error).toBe(failure);
  });

  it('turns its own deadline into a SigV4RequestError, whatever fetch rejects with', async () => {
    const error = await caught(() =>
      signedFetch(FUNCTION_URL, {
        credentials: LONG_TERM,
        timeoutMs: 20,
        fetch: (_url, init) =>
          new Promise((_resolve, reject) => {
            init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
          }),
      }),
    );
    expect(error).toBeInstanceOf(SigV4RequestError);
    expect((error as SigV4RequestError).timeoutMs).toBe(20);
  });

  it("rethrows fetch's error when the caller aborts, even after the deadline", async () => {
    const caller = new AbortController();
    const failure = new Error('caller gave up');
    const error = await caught(() =>
      signedFetch(FUNCTION_URL, {
        credentials: LONG_TERM,
        timeoutMs: 10,
        signal: caller.signal,
        fetch: (_url, init) =>
          new Promise((_resolve, reject) => {
            init?.signal?.addEventListener('abort', () => {
              caller.abort();
              reject(failure);
            });
          }),
      }),
    );
    expect(error).toBe(failure);
  });
});

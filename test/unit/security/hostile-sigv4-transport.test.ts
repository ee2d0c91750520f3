// signedFetch against hostile receivers, over real loopback servers: a refusal whose body never ends,
// redirects to another origin, and a custom fetch that ignores its abort signal.
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SigV4RejectedError, SigV4RequestError, signedFetch } from '../../../src/sigv4/index.js';
import { toRejectedError } from '../../../src/sigv4/rejection.js';
import { caught } from '../../support/catch.js';
import { SECRETS, SESSION } from '../../support/credentials.js';
import { echoRequest, useFunctionUrlEmulator } from '../../support/function-url.js';
import { type Loopback, startLoopback } from '../../support/loopback.js';

const emulator = useFunctionUrlEmulator({
  region: 'eu-west-3',
  handler: (event) => {
    switch (event.rawPath) {
      case '/echo':
        return echoRequest(event);
      case '/temporary':
        return { statusCode: 307, headers: { location: '/echo?via=307' }, body: '' };
      case '/see-other':
        return { statusCode: 303, headers: { location: `${emulator.url}echo?via=303` }, body: '' };
      case '/found':
        return { statusCode: 302, headers: { location: '/temporary' }, body: '' };
      default:
        return { statusCode: 404, body: 'no such path' };
    }
  },
});
const opts = () => emulator.signing;

/** 1 GiB: far more than any client should read of a refusal. */
const HUGE_BODY_BYTES = 1024 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** How a streamed body ended: the bytes written, and whether the whole body was. */
interface StreamOutcome {
  readonly written: number;
  readonly finished: boolean;
}
let streamed: Promise<StreamOutcome> = Promise.resolve({ written: 0, finished: true });

/**
 * Answers AWS's 403 AccessDeniedException with a 1 GiB body, written as fast as the client reads
 * it (backpressure respected), and records how far it got when the response closed.
 */
function hugeRefusal(res: ServerResponse): void {
  let written = 0;
  streamed = new Promise((resolve) => {
    res.on('close', () => resolve({ written, finished: res.writableFinished }));
  });
  res.writeHead(403, {
    'content-type': 'application/json',
    'x-amzn-ErrorType': 'AccessDeniedException',
    'x-amzn-RequestId': 'req-huge',
  });
  res.write('{"Message":"Forbidden. For troubleshooting Function URL authorization issues, see the docs. ');
  const pump = () => {
    while (!res.destroyed && written < HUGE_BODY_BYTES) {
      written += CHUNK.length;
      if (!res.write(CHUNK)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end('"}');
  };
  pump();
}

let hostile: Loopback;
let other: Loopback;

beforeAll(async () => {
  other = await startLoopback((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('the other origin');
  });
  hostile = await startLoopback((req, res, { origin }) => {
    const url = new URL(req.url ?? '/', origin);
    const redirect = (location: string) => {
      res.writeHead(Number(url.searchParams.get('status') ?? 302), { location });
      res.end('moved');
    };
    switch (url.pathname) {
      case '/huge-403':
        hugeRefusal(res);
        return;
      case '/to-other':
        redirect(`${other.origin}/landing?from=hostile`);
        return;
      case '/to-other-scheme-relative':
        redirect(`//127.0.0.1:${other.port}/landing`);
        return;
      case '/to-other-host':
        // Same port, other host name: another origin.
        redirect(`http://localhost:${hostile.port}/landing`);
        return;
      case '/to-other-scheme':
        redirect(`https://127.0.0.1:${hostile.port}/landing`);
        return;
      case '/to-data':
        redirect('data:text/plain,hello');
        return;
      case '/to-user-info':
        redirect(`http://user:hunter2-in-location@127.0.0.1:${hostile.port}/landing`);
        return;
      case '/bad-location':
        redirect('http://[::1');
        return;
      case '/loop':
        redirect(`/loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}`);
        return;
      default:
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
    }
  });
});

afterAll(async () => {
  await hostile.close();
  await other.close();
});

function expectNoSecrets(error: Error): void {
  for (const secret of SECRETS) expect(error.message).not.toContain(secret);
  expect(error.message).not.toMatch(/Signature=|[0-9a-f]{64}/);
}

describe('a refusal with a huge body', () => {
  it('rejects with the typed error after reading a few KB, and the server sees the client stop reading', async () => {
    const error = await caught(() => signedFetch(`${hostile.origin}/huge-403`, opts()));
    expect(error).toBeInstanceOf(SigV4RejectedError);
    const rejected = error as SigV4RejectedError;
    expect(rejected.code).toBe('ERR_SIGV4_ACCESS_DENIED');
    expect(rejected.requestId).toBe('req-huge');
    expect(rejected.awsMessage.length).toBeLessThanOrEqual(301);
    expectNoSecrets(rejected);
    // The response was closed by the client, long before the body was written.
    const outcome = await streamed;
    expect(outcome.finished).toBe(false);
    expect(outcome.written).toBeLessThan(HUGE_BODY_BYTES / 16);
  });

  it('reads at most 8 KiB of a refusal body and cancels the stream', async () => {
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
      },
      cancel() {
        cancelled = true;
      },
    });
    const response = new Response(body, {
      status: 403,
      headers: { 'x-amzn-ErrorType': 'InvalidSignatureException' },
    });
    const rejected = await toRejectedError(response, []);
    expect(rejected.code).toBe('ERR_SIGV4_INVALID_SIGNATURE');
    expect(rejected.awsMessage.length).toBeLessThanOrEqual(301);
    expect(cancelled).toBe(true);
    // The stream's own read-ahead aside, nothing past the first chunk was asked for.
    expect(pulled).toBeLessThanOrEqual(3 * 64 * 1024);
  });
});

describe("redirect: 'follow' never sends the signed request to another origin", () => {
  const crossOrigin = [
    ['/to-other?status=301', 301],
    ['/to-other?status=302', 302],
    ['/to-other?status=303', 303],
    ['/to-other?status=307', 307],
    ['/to-other?status=308', 308],
    ['/to-other-scheme-relative', 302],
  ] as const;

  for (const [path, status] of crossOrigin) {
    it(`refuses a ${status} to the second server (${path}) with ERR_SIGV4_CROSS_ORIGIN_REDIRECT`, async () => {
      const before = hostile.requests.length;
      const error = await caught(() =>
        signedFetch(`${hostile.origin}${path}`, {
          ...opts(),
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"order":"secret-order-data"}',
          redirect: 'follow',
        }),
      );
      expect(error).toBeInstanceOf(SigV4RequestError);
      const refused = error as SigV4RequestError;
      expect(refused.code).toBe('ERR_SIGV4_CROSS_ORIGIN_REDIRECT');
      expect(refused.status).toBe(status);
      expect(refused.message).toContain(`from ${hostile.origin} to ${other.origin}, another origin`);
      expect(refused.message).toMatch(/authorization, x-amz-date and x-amz-security-token/);
      expect(refused.message).toContain("redirect: 'manual'");
      expect(refused.message).not.toContain('secret-order-data');
      expect(refused.message).not.toContain('/landing');
      expectNoSecrets(refused);
      // The first server got the signed request; the second got nothing at all.
      expect(hostile.requests.length).toBe(before + 1);
      expect(hostile.requests.at(-1)?.headers['x-amz-security-token']).toBe(SESSION.sessionToken);
      expect(other.requests).toEqual([]);
      expect(other.connections).toBe(0);
    });
  }

  it('refuses another host name, another scheme and a non-http URL on the same machine', async () => {
    for (const path of ['/to-other-host', '/to-other-scheme', '/to-data']) {
      const before = hostile.requests.length;
      const error = await caught(() =>
        signedFetch(`${hostile.origin}${path}`, { ...opts(), redirect: 'follow' }),
      );
      expect(error).toBeInstanceOf(SigV4RequestError);
      expect(error.code).toBe('ERR_SIGV4_CROSS_ORIGIN_REDIRECT');
      expectNoSecrets(error);
      // Only the first request arrived anywhere.
      expect(hostile.requests.length).toBe(before + 1);
    }
    expect(other.requests).toEqual([]);
  });

  it('refuses a Location with user info or that is not a URL, and a redirect loop', async () => {
    const invalid = await caught(() =>
      signedFetch(`${hostile.origin}/to-user-info`, { ...opts(), redirect: 'follow' }),
    );
    expect(invalid).toBeInstanceOf(SigV4RequestError);
    expect(invalid.code).toBe('ERR_SIGV4_INVALID_REDIRECT');
    expect(invalid.message).not.toContain('hunter2-in-location');
    const malformed = await caught(() =>
      signedFetch(`${hostile.origin}/bad-location`, { ...opts(), redirect: 'follow' }),
    );
    expect(malformed.code).toBe('ERR_SIGV4_INVALID_REDIRECT');
    const before = hostile.requests.length;
    const loop = await caught(() => signedFetch(`${hostile.origin}/loop`, { ...opts(), redirect: 'follow' }));
    expect(loop).toBeInstanceOf(SigV4RequestError);
    expect(loop.code).toBe('ERR_SIGV4_TOO_MANY_REDIRECTS');
    expect(loop.message).toMatch(/followed 5 redirects/);
    // The first request and 5 redirects followed, then it stopped.
    expect(hostile.requests.length).toBe(before + 6);
  });

  it("with the default 'manual' the 3xx is returned and nothing reaches the other origin", async () => {
    const response = await signedFetch(`${hostile.origin}/to-other?status=307`, opts());
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(`${other.origin}/landing?from=hostile`);
    await response.body?.cancel();
    const refused = await caught(() =>
      signedFetch(`${hostile.origin}/to-other?status=307`, { ...opts(), redirect: 'error' }),
    );
    expect(refused).toBeInstanceOf(TypeError);
    expect(other.requests).toEqual([]);
  });

  it('refuses an unknown redirect mode before sending anything', async () => {
    const before = hostile.requests.length;
    for (const redirect of ['FOLLOW', 'follow ', 1, null, {}]) {
      const error = await caught(() =>
        signedFetch(`${hostile.origin}/to-other`, { ...opts(), redirect: redirect as never }),
      );
      expect(error.code).toBe('ERR_INVALID_OPTION');
      expect(error.message).not.toContain('FOLLOW');
    }
    expect(hostile.requests.length).toBe(before);
  });

  const asGet = { method: 'GET', body: null, contentType: null };
  it.each([
    // A 307 keeps the method and the body; the emulator verifies the signature of the new request.
    [
      'follows a same-origin 307 with the body, signing the new request',
      'temporary',
      {
        method: 'POST',
        rawQueryString: 'via=307',
        body: '{"n":1}',
        contentType: 'application/json',
      },
    ],
    // 303 → GET /echo; 302 → GET /temporary, whose 307 keeps the GET.
    ['turns a POST into a GET without body on 303, as fetch does', 'see-other', asGet],
    ['turns a POST into a GET without body on 302, as fetch does', 'found', asGet],
  ])('%s (/%s)', async (_what, path, echoed) => {
    const response = await signedFetch(`${emulator.url}${path}`, {
      ...opts(),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"n":1}',
      redirect: 'follow',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject(echoed);
  });

  it('hands redirect: manual to a custom fetch when following itself', async () => {
    const modes: unknown[] = [];
    const response = await signedFetch(`${emulator.url}temporary`, {
      ...opts(),
      redirect: 'follow',
      fetch: (input, init) => {
        modes.push(init?.redirect);
        return fetch(input, init);
      },
    });
    expect(response.status).toBe(200);
    expect(modes).toEqual(['manual', 'manual']);
  });
});

describe('timeoutMs does not depend on the custom fetch honouring the signal', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('rejects with ERR_SIGV4_TIMEOUT when the fetch never settles and ignores the signal', async () => {
    let calls = 0;
    const error = await caught(() =>
      signedFetch(`${hostile.origin}/`, {
        ...opts(),
        timeoutMs: 50,
        fetch: () => {
          calls++;
          return new Promise<Response>(() => {});
        },
      }),
    );
    expect(error).toBeInstanceOf(SigV4RequestError);
    expect(error.code).toBe('ERR_SIGV4_TIMEOUT');
    expect((error as SigV4RequestError).timeoutMs).toBe(50);
    expect(calls).toBe(1);
  });

  it('clears the deadline when the call fails first, leaving no timer behind', async () => {
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const clearTimer = vi.spyOn(globalThis, 'clearTimeout');
    const failures: Array<() => Promise<Response>> = [
      async () => {
        throw new TypeError('fetch failed');
      },
      async () =>
        new Response('{}', { status: 403, headers: { 'x-amzn-ErrorType': 'AccessDeniedException' } }),
      async () => new Response('', { status: 302, headers: { location: `${other.origin}/` } }),
    ];
    for (const failure of failures) {
      setTimer.mockClear();
      clearTimer.mockClear();
      await caught(() =>
        signedFetch(`${hostile.origin}/`, {
          ...opts(),
          timeoutMs: 60_000,
          redirect: 'follow',
          fetch: failure,
        }),
      );
      const index = setTimer.mock.calls.findIndex((call) => call[1] === 60_000);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(clearTimer).toHaveBeenCalledWith(setTimer.mock.results[index]?.value);
    }
  });

  it('rejects with ERR_SIGV4_TIMEOUT when a refusal body never ends and ignores the signal', async () => {
    const error = await caught(() =>
      signedFetch(`${hostile.origin}/`, {
        ...opts(),
        timeoutMs: 50,
        fetch: async () =>
          new Response(new ReadableStream({ pull: () => new Promise<void>(() => {}) }), {
            status: 403,
            headers: { 'x-amzn-ErrorType': 'AccessDeniedException' },
          }),
      }),
    );
    expect(error).toBeInstanceOf(SigV4RequestError);
    expect(error.code).toBe('ERR_SIGV4_TIMEOUT');
  });

  it('sends nothing more once the deadline passed, even if a late redirect arrives', async () => {
    let release: (response: Response) => void = () => {};
    const urls: string[] = [];
    const error = await caught(() =>
      signedFetch(`${hostile.origin}/start`, {
        ...opts(),
        timeoutMs: 50,
        redirect: 'follow',
        fetch: (input) => {
          urls.push(String(input));
          return new Promise<Response>((resolve) => {
            release = resolve;
          });
        },
      }),
    );
    expect(error.code).toBe('ERR_SIGV4_TIMEOUT');
    release(new Response('', { status: 307, headers: { location: '/next' } }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(urls).toEqual([`${hostile.origin}/start`]);
  });

  it("rejects with the caller's abort reason when the fetch ignores the signal", async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const promise = signedFetch(`${hostile.origin}/`, {
      ...opts(),
      signal: controller.signal,
      fetch: () => new Promise<Response>(() => {}),
    });
    controller.abort(reason);
    expect(await caught(() => promise)).toBe(reason);
  });

  it('does not call the fetch at all with a signal aborted before the call', async () => {
    let calls = 0;
    const reason = new Error('already aborted');
    const error = await caught(() =>
      signedFetch(`${hostile.origin}/`, {
        ...opts(),
        signal: AbortSignal.abort(reason),
        fetch: () => {
          calls++;
          return new Promise<Response>(() => {});
        },
      }),
    );
    expect(error).toBe(reason);
    expect(calls).toBe(0);
  });
});

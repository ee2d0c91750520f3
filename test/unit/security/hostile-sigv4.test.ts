import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SignedRequest, SigV4RequestError, signedFetch, signRequest } from '../../../src/sigv4/index.js';
import { LONG_TERM, SESSION } from '../../support/credentials.js';
import { expectErrorClass, hostileString, hostileValue, RUNS, resolvesOrRejectsTyped } from './hostile.js';

const FUNCTION_URL = 'https://abcdefghij0123456789.lambda-url.eu-central-1.on.aws';

const url: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString.map((path) => `${FUNCTION_URL}/${path}`) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(hostileString, hostileString, hostileString)
      .map(
        ([path, key, value]) =>
          `${FUNCTION_URL}/${encodeURI(Buffer.from(path, 'utf8').toString('utf8'))}?${key}=${value}&${key}`,
      ),
  },
  { weight: 2, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'http://user:pw@abc.lambda-url.us-east-1.on.aws/',
      'ftp://abc.lambda-url.us-east-1.on.aws/',
      'javascript:alert(1)',
      'data:text/plain,hi',
      'file:///etc/passwd',
      'https://[::1]:443/',
      'https://abc.lambda-url.us-east-1.on.aws:99999/',
      `${FUNCTION_URL}/?X-Amz-Signature=abc`,
      `${FUNCTION_URL}/?x-amz-credential=abc`,
      `${FUNCTION_URL}/%ZZ/%00/%2F?%ZZ=%&a=%E0%A4%A`,
      `${FUNCTION_URL}/\u0000\ud800`,
      'https://ABC.LAMBDA-URL.US-EAST-1.ON.AWS./x',
      'https://abc.execute-api.us-east-1.amazonaws.com/prod',
      'https://xn--nxasmq6b.example/',
      'https://example.com',
      `https://${'a'.repeat(300)}.lambda-url.us-east-1.on.aws/`,
      new URL(`${FUNCTION_URL}/from-a-url-object?b=2&a=1`),
    ),
  },
  { weight: 1, arbitrary: hostileValue },
);

/** Usually a valid value, sometimes a hostile one: most runs reach the signing itself. */
function mostly(valid: fc.Arbitrary<unknown>, hostile: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 10, arbitrary: valid }, { weight: 1, arbitrary: hostile });
}

const method = mostly(
  fc.constantFrom('POST', 'put', 'OPTIONS', 'M-SEARCH', 'DELETE'),
  fc.oneof(fc.constantFrom('GET', 'HEAD', 'CONNECT', 'trace', 'TRACK', 'GET '), hostileValue),
);

const headerName = fc.oneof(
  fc.constantFrom(
    'content-type',
    'Host',
    'host',
    'x-amz-date',
    'Authorization',
    'X-Amz-Security-Token',
    'content-length',
    'connection',
    'transfer-encoding',
    'x-custom',
    'X-CUSTOM',
    '__proto__',
    'constructor',
  ),
  hostileString,
);
const headerValue = mostly(
  fc.oneof(
    fc.constantFrom(
      'application/json',
      ' padded\t',
      'a, b',
      'abcdefghij0123456789.lambda-url.eu-central-1.on.aws',
    ),
    fc.string({ unit: 'binary-ascii', maxLength: 20 }),
    fc.integer(),
  ),
  fc.oneof(fc.constantFrom('évil', 'a\r\nb: c', '\u0000'), hostileValue),
);
const headerMap = fc.dictionary(headerName, mostly(headerValue, fc.array(headerValue, { maxLength: 3 })), {
  maxKeys: 4,
});
const headers: fc.Arbitrary<unknown> = mostly(
  fc.oneof(
    fc.constant(undefined),
    headerMap,
    fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }),
    fc
      .array(fc.tuple(fc.constantFrom('x-a', 'content-type'), fc.string({ unit: 'binary-ascii' })), {
        maxLength: 3,
      })
      .map((pairs) => {
        try {
          return new Headers(pairs);
        } catch {
          return new Headers();
        }
      }),
  ),
  fc.oneof(
    hostileValue,
    fc.array(fc.oneof(fc.tuple(headerName, headerValue), hostileValue), { maxLength: 4 }),
  ),
);

const body: fc.Arbitrary<unknown> = mostly(
  fc.oneof(
    fc.constant(undefined),
    hostileString,
    fc.uint8Array({ maxLength: 64 }),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => bytes.buffer),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => new DataView(bytes.buffer)),
    fc.constantFrom(new Float64Array([Number.NaN]), new Uint8Array(new SharedArrayBuffer(8)), ''),
  ),
  fc.oneof(
    hostileValue,
    fc.constantFrom(new Blob(['x']), new ReadableStream(), new URLSearchParams('a=1'), new FormData()),
  ),
);

const credentials: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(SESSION, LONG_TERM) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        accessKeyId: fc.oneof(fc.constant(LONG_TERM.accessKeyId), hostileValue),
        secretAccessKey: fc.oneof(fc.constant(LONG_TERM.secretAccessKey), hostileValue),
        sessionToken: fc.oneof(fc.constant(SESSION.sessionToken), hostileValue),
        expiration: fc.oneof(
          fc.constantFrom(new Date(0), new Date(Number.NaN), new Date(8.64e15)),
          hostileValue,
        ),
      },
      { requiredKeys: [] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom(
        async () => SESSION,
        async () => {
          throw new Error('provider down');
        },
        () => {
          throw new Error('synchronous provider failure');
        },
        async () => null,
        async () => ({ accessKeyId: 'A', secretAccessKey: 5 }),
        () => LONG_TERM,
      ),
    ),
  },
  { weight: 1, arbitrary: hostileValue },
);

const options: fc.Arbitrary<unknown> = mostly(
  fc.record(
    {
      region: mostly(
        fc.constantFrom(undefined, 'eu-central-1'),
        fc.oneof(fc.constantFrom('us-east-1', 'EU-CENTRAL-1'), hostileValue),
      ),
      service: mostly(
        fc.constantFrom(undefined, 'lambda'),
        fc.oneof(fc.constantFrom('execute-api', 's3'), hostileValue),
      ),
      credentials,
      date: mostly(
        fc.oneof(fc.constant(undefined), fc.date({ noInvalidDate: true })),
        fc.oneof(fc.constantFrom(new Date(Number.NaN), new Date(8.64e15), new Date(-8.64e15)), hostileValue),
      ),
    },
    { requiredKeys: ['credentials'] },
  ),
  hostileValue,
);

/** A signed request must be sendable as signed: fetch accepts its method, headers and body. */
function expectSendable(signed: SignedRequest): void {
  expect(typeof signed.url).toBe('string');
  expect(new URL(signed.url).href.length).toBeGreaterThan(0);
  expect(typeof signed.headers.authorization).toBe('string');
  expect(signed.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=[A-Za-z0-9]+\//);
  for (const [name, value] of Object.entries(signed.headers)) {
    expect(name).toMatch(/^[!#$%&'*+\-.^_`|~0-9a-z]+$/);
    expect(typeof value).toBe('string');
    expect(value).toMatch(/^[\t\x20-\x7e]*$/);
  }
  const request = new Request(signed.url, {
    method: signed.method,
    headers: signed.headers,
    ...(signed.body === undefined ? {} : { body: signed.body }),
  });
  expect(request.method).toBe(signed.method);
  expect(new URL(request.url).host).toBe(signed.headers.host);
}

describe('signRequest: hostile requests and options', () => {
  it('resolves to a sendable signed request or rejects with InvalidOptionError (or SigV4RequestError for credentials)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 1, arbitrary: hostileValue },
          {
            weight: 8,
            arbitrary: fc.oneof(
              fc.record({ url, method, headers, body }),
              fc.record(
                { url, method: fc.constantFrom(undefined, 'GET', 'HEAD'), headers },
                { requiredKeys: ['url'] },
              ),
            ),
          },
        ),
        options,
        async (request, opts) => {
          const outcome = await resolvesOrRejectsTyped(() => signRequest(request as never, opts as never));
          if (outcome.ok) expectSendable(outcome.value);
          else {
            expectErrorClass(outcome.error, 'InvalidOptionError', 'SigV4RequestError');
            if (outcome.error instanceof SigV4RequestError) expect(outcome.error.code).toMatch(/CREDENTIALS/);
          }
        },
      ),
      { numRuns: RUNS.quick },
    );
  });

  it('signRequest and signedFetch reject a null or primitive options argument with InvalidOptionError', async () => {
    for (const opts of [null, 0, 'eu-central-1', true, Symbol('x'), 1n]) {
      const outcome = await resolvesOrRejectsTyped(() =>
        signRequest({ url: `${FUNCTION_URL}/` }, opts as never),
      );
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expectErrorClass(outcome.error, 'InvalidOptionError');
      const fetched = await resolvesOrRejectsTyped(() => signedFetch(`${FUNCTION_URL}/`, opts as never));
      expect(fetched.ok).toBe(false);
      if (!fetched.ok) expectErrorClass(fetched.error, 'InvalidOptionError');
    }
  });

  it('signedFetch with a stub transport resolves to a response or rejects with a SigV4Error', async () => {
    await fc.assert(
      fc.asyncProperty(
        url,
        method,
        headers,
        body,
        options,
        hostileValue,
        async (u, m, h, b, opts, timeoutMs) => {
          const init = () => ({
            ...(typeof opts === 'object' && opts !== null ? opts : {}),
            method: m,
            headers: h,
            body: b,
            timeoutMs: typeof timeoutMs === 'number' ? timeoutMs : undefined,
            signal: typeof timeoutMs === 'number' ? undefined : timeoutMs,
            fetch: async () => new Response('ok'),
          });
          const outcome = await resolvesOrRejectsTyped(() => signedFetch(u as string, init() as never));
          if (outcome.ok) expect(outcome.value.status).toBe(200);
          else
            expectErrorClass(outcome.error, 'InvalidOptionError', 'SigV4RequestError', 'SigV4RejectedError');
        },
      ),
      { numRuns: RUNS.medium },
    );
  });
});

describe('signRequest and signedFetch: regressions', () => {
  it('refuses a body in shared memory, which fetch would refuse after signing', async () => {
    for (const body of [new Uint8Array(new SharedArrayBuffer(8)), new DataView(new SharedArrayBuffer(8))]) {
      const outcome = await resolvesOrRejectsTyped(() =>
        signRequest({ url: `${FUNCTION_URL}/`, method: 'POST', body }, { credentials: SESSION }),
      );
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect((outcome.error as { code?: string }).code).toBe('ERR_INVALID_OPTION');
    }
  });

  it('signedFetch refuses a signal that is not an AbortSignal', async () => {
    for (const signal of [{}, 'abort', 5, { aborted: false }]) {
      const outcome = await resolvesOrRejectsTyped(() =>
        signedFetch(`${FUNCTION_URL}/`, {
          credentials: SESSION,
          signal: signal as never,
          fetch: async () => new Response('ok'),
        }),
      );
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect((outcome.error as { code?: string }).code).toBe('ERR_INVALID_OPTION');
    }
  });
});

import { Readable } from 'node:stream';
import {
  AuthorizerKitError,
  credentialsFromEnv,
  InvalidOptionError,
  inferSigningScope,
  SigV4RequestError,
  signRequest,
} from 'lambda-authorizer-kit/sigv4';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canonicalizeUrl } from '../../../src/sigv4/url.js';
import { caught } from '../../support/catch.js';
import { LONG_TERM, SESSION } from '../../support/credentials.js';

const URL_EU = 'https://abc123def.lambda-url.eu-central-1.on.aws/book?page=5';
const DATE = new Date('2025-11-21T12:34:56Z');
const ENV_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;
let savedEnv: Record<string, string | undefined>;

beforeEach(() => {
  savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  for (const key of ENV_KEYS) delete process.env[key];
});
afterEach(() => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

/** What signing threw: an InvalidOptionError for the calling code's input, a SigV4RequestError for credentials. */
async function refusal(fn: () => unknown): Promise<InvalidOptionError | SigV4RequestError> {
  const error = await caught(fn);
  const expected = error.code === 'ERR_INVALID_OPTION' ? InvalidOptionError : SigV4RequestError;
  expect(error).toBeInstanceOf(expected);
  expect(error).toBeInstanceOf(AuthorizerKitError);
  expect(error.name).toBe(expected.name);
  return error as InvalidOptionError | SigV4RequestError;
}

describe('signRequest', () => {
  it('infers region and service from a function URL host and signs the required headers', async () => {
    const signed = await signRequest({ url: URL_EU }, { credentials: SESSION, date: DATE });
    expect(signed.url).toBe(URL_EU);
    expect(signed.method).toBe('GET');
    expect(signed.body).toBeUndefined();
    expect(signed.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIATESTCALLER000001\/20251121\/eu-central-1\/lambda\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(signed.headers).toMatchObject({
      host: 'abc123def.lambda-url.eu-central-1.on.aws',
      'x-amz-date': '20251121T123456Z',
      'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'x-amz-security-token': SESSION.sessionToken,
    });
  });

  it('reads credentials from the Lambda environment by default', async () => {
    process.env.AWS_ACCESS_KEY_ID = LONG_TERM.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = LONG_TERM.secretAccessKey;
    const fromEnv = await signRequest({ url: URL_EU }, { date: DATE });
    const explicit = await signRequest({ url: URL_EU }, { date: DATE, credentials: LONG_TERM });
    expect(fromEnv.headers.authorization).toBe(explicit.headers.authorization);
    expect(fromEnv.headers['x-amz-security-token']).toBeUndefined();
    process.env.AWS_SESSION_TOKEN = 'a-session-token-from-env-000000';
    const withToken = await signRequest({ url: URL_EU }, { date: DATE });
    expect(withToken.headers['x-amz-security-token']).toBe('a-session-token-from-env-000000');
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'AKIDX', AWS_SECRET_ACCESS_KEY: 's' })).toEqual({
      accessKeyId: 'AKIDX',
      secretAccessKey: 's',
    });
  });

  it('accepts an async provider (the AWS SDK shape)', async () => {
    const viaProvider = await signRequest({ url: URL_EU }, { date: DATE, credentials: async () => SESSION });
    const direct = await signRequest({ url: URL_EU }, { date: DATE, credentials: SESSION });
    expect(viaProvider.headers.authorization).toBe(direct.headers.authorization);
  });

  it('signs the same request the same way whatever the header form', async () => {
    const base = { url: URL_EU, method: 'POST', body: '{}' };
    const forms = [
      { 'Content-Type': 'application/json', 'X-Tenant': 'acme' },
      new Headers({ 'content-type': 'application/json', 'x-tenant': 'acme' }),
      [
        ['content-type', 'application/json'],
        ['x-tenant', 'acme'],
      ] as Array<[string, string]>,
    ];
    const results = await Promise.all(
      forms.map((headers) => signRequest({ ...base, headers }, { credentials: SESSION, date: DATE })),
    );
    const [first, ...others] = results.map((r) => r.headers.authorization);
    expect(first).toContain(
      'SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-tenant',
    );
    for (const other of others) expect(other).toBe(first);
  });

  it('joins repeated headers as fetch does and upper-cases the method', async () => {
    const signed = await signRequest(
      {
        url: URL_EU,
        method: 'patch',
        headers: [
          ['x-a', '1'],
          ['X-A', ' 2 '],
        ],
        body: 'x',
      },
      { credentials: SESSION, date: DATE },
    );
    expect(signed.method).toBe('PATCH');
    expect(signed.headers['x-a']).toBe('1, 2');
  });

  it('can sign a signed request again (generated headers are replaced), e.g. before a retry', async () => {
    const first = await signRequest({ url: URL_EU }, { credentials: SESSION, date: DATE });
    const later = new Date(DATE.getTime() + 60_000);
    const again = await signRequest(first, { credentials: SESSION, date: later });
    const fresh = await signRequest({ url: URL_EU }, { credentials: SESSION, date: later });
    expect(again.headers).toEqual(fresh.headers);
    expect(again.url).toBe(first.url);
  });

  it('always hashes the body, replacing a given x-amz-content-sha256', async () => {
    const signed = await signRequest(
      { url: URL_EU, method: 'POST', body: 'abc', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
      { credentials: SESSION, date: DATE },
    );
    expect(signed.headers['x-amz-content-sha256']).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('accepts bodies as string, Uint8Array, Buffer, ArrayBuffer and DataView with the same hash', async () => {
    const bytes = new TextEncoder().encode('hello');
    const bodies = [
      'hello',
      bytes,
      Buffer.from('hello'),
      bytes.buffer.slice(0),
      new DataView(bytes.buffer.slice(0)),
    ];
    for (const body of bodies) {
      const signed = await signRequest(
        { url: URL_EU, method: 'PUT', body },
        { credentials: SESSION, date: DATE },
      );
      expect(signed.headers['x-amz-content-sha256']).toBe(
        '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      );
      expect(typeof signed.body === 'string' || signed.body instanceof Uint8Array).toBe(true);
    }
  });

  it('drops content-length (fetch sets it) and does not sign user-agent', async () => {
    const signed = await signRequest(
      { url: URL_EU, method: 'POST', body: 'abc', headers: { 'content-length': '99', 'user-agent': 'me' } },
      { credentials: SESSION, date: DATE },
    );
    expect(signed.headers['content-length']).toBeUndefined();
    expect(signed.headers['user-agent']).toBe('me');
    expect(signed.headers.authorization).not.toMatch(/content-length|user-agent/);
  });

  it('sends the query as signed: sorted, RFC 3986 encoded, duplicates kept, no fragment', async () => {
    const signed = await signRequest(
      { url: new URL('https://abc.lambda-url.us-east-1.on.aws/p?z=1&a=b c&a=!&x=%2B&y=a+b#frag') },
      { credentials: SESSION, date: DATE },
    );
    expect(signed.url).toBe('https://abc.lambda-url.us-east-1.on.aws/p?a=%21&a=b%20c&x=%2B&y=a%20b&z=1');
  });

  it('takes the port into host and accepts an explicit region for other hosts', async () => {
    const signed = await signRequest(
      { url: 'http://127.0.0.1:8080/x' },
      { credentials: SESSION, date: DATE, region: 'us-west-2' },
    );
    expect(signed.headers.host).toBe('127.0.0.1:8080');
    expect(signed.headers.authorization).toContain('/us-west-2/lambda/aws4_request');
    const api = await signRequest(
      { url: 'https://a1b2c3.execute-api.eu-west-1.amazonaws.com/prod/pets' },
      { credentials: SESSION, date: DATE },
    );
    expect(api.headers.authorization).toContain('/eu-west-1/execute-api/aws4_request');
  });

  it('infers scopes only from hosts that name them', () => {
    expect(inferSigningScope('abc.lambda-url.us-gov-west-1.on.aws')).toEqual({
      region: 'us-gov-west-1',
      service: 'lambda',
    });
    expect(inferSigningScope('ABC.LAMBDA-URL.CN-NORTH-1.ON.AMAZONWEBSERVICES.COM.CN')).toEqual({
      region: 'cn-north-1',
      service: 'lambda',
    });
    expect(inferSigningScope('abc.lambda-url.eu-west-1.on.aws.evil.com')).toBeUndefined();
    expect(inferSigningScope('example.com')).toBeUndefined();
  });
});

describe('signRequest refusals', () => {
  it('no credentials: names the missing variables', async () => {
    let error = await refusal(() => signRequest({ url: URL_EU }));
    expect(error.code).toBe('ERR_SIGV4_NO_CREDENTIALS');
    expect(error.message).toMatch(
      /^No AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set\./,
    );
    expect(error.message).toContain('AWS_SESSION_TOKEN');
    process.env.AWS_ACCESS_KEY_ID = 'AKIDONLY';
    error = await refusal(() => signRequest({ url: URL_EU }));
    expect(error.message).toMatch(/^No AWS credentials: AWS_SECRET_ACCESS_KEY is not set\./);
  });

  it('invalid credentials objects, naming the field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /expected an object, got null/],
      [{ secretAccessKey: 'x' }, /accessKeyId must be a non-empty string, got undefined/],
      [{ accessKeyId: 'AKID', secretAccessKey: '' }, /secretAccessKey must be a non-empty string/],
      [{ accessKeyId: 'AK ID', secretAccessKey: 'x' }, /accessKeyId must contain only letters and digits/],
      [{ accessKeyId: 'AKID', secretAccessKey: 'x', sessionToken: 5 }, /sessionToken must be a string/],
      [
        { accessKeyId: 'AKID', secretAccessKey: 'x', sessionToken: 'a\nb' },
        /sessionToken must be printable ASCII/,
      ],
    ];
    for (const [credentials, message] of cases) {
      const error = await refusal(() => signRequest({ url: URL_EU }, { credentials: credentials as never }));
      expect(error.code).toBe('ERR_SIGV4_INVALID_CREDENTIALS');
      expect(error.message).toMatch(message);
    }
  });

  it('malformed credentials in the environment, naming the variables', async () => {
    process.env.AWS_ACCESS_KEY_ID = SESSION.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = SESSION.secretAccessKey;
    process.env.AWS_SESSION_TOKEN = 'token-with-a-line-break\n';
    const error = await refusal(() => signRequest({ url: URL_EU }));
    expect(error.code).toBe('ERR_SIGV4_INVALID_CREDENTIALS');
    expect(error.message).toMatch(
      /^Invalid credentials in the AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN variables: sessionToken must be printable ASCII/,
    );
    expect(error.message).not.toContain('token-with-a-line-break');
  });

  it('expired credentials', async () => {
    const error = await refusal(() =>
      signRequest({ url: URL_EU }, { credentials: { ...SESSION, expiration: new Date(Date.now() - 1000) } }),
    );
    expect(error.code).toBe('ERR_SIGV4_CREDENTIALS_EXPIRED');
    expect(error.message).toContain(SESSION.accessKeyId);
  });

  it('a failing provider, keeping the cause', async () => {
    const cause = new Error('role not assumable');
    const error = await refusal(() =>
      signRequest({ url: URL_EU }, { credentials: async () => Promise.reject(cause) }),
    );
    expect(error.code).toBe('ERR_SIGV4_CREDENTIALS_PROVIDER_FAILED');
    expect(error.cause).toBe(cause);
  });

  it('a host with no inferable region and no region option', async () => {
    const error = await refusal(() =>
      signRequest({ url: 'https://api.example.com/x' }, { credentials: SESSION }),
    );
    expect(error.code).toBe('ERR_INVALID_OPTION');
    expect(error.message).toMatch(
      /^Cannot tell the region from the host api\.example\.com.*Pass options\.region/,
    );
  });

  it('a region or service that contradicts the function URL host', async () => {
    let error = await refusal(() =>
      signRequest({ url: URL_EU }, { credentials: SESSION, region: 'us-east-1' }),
    );
    expect(error.code).toBe('ERR_INVALID_OPTION');
    expect(error.message).toMatch(/region of the receiver, not of the caller/);
    error = await refusal(() =>
      signRequest({ url: URL_EU }, { credentials: SESSION, service: 'execute-api' }),
    );
    expect(error.code).toBe('ERR_INVALID_OPTION');
  });

  it('malformed region, service, date or request', async () => {
    const cases: Array<[() => unknown, string]> = [
      [
        () => signRequest({ url: URL_EU }, { credentials: SESSION, region: 'EU Central' }),
        'ERR_INVALID_OPTION',
      ],
      [
        () => signRequest({ url: URL_EU }, { credentials: SESSION, service: 'Lambda!' }),
        'ERR_INVALID_OPTION',
      ],
      [
        () => signRequest({ url: URL_EU }, { credentials: SESSION, date: new Date('nope') }),
        'ERR_INVALID_OPTION',
      ],
      [() => signRequest(null as never), 'ERR_INVALID_OPTION'],
    ];
    for (const [fn, code] of cases) expect((await refusal(fn)).code).toBe(code);
  });

  it('URLs that are not absolute http(s) URLs', async () => {
    const cases: Array<[unknown, RegExp]> = [
      ['/relative/path', /^Not an absolute URL: "\/relative\/path"/],
      ['not a url?secret=1', /^Not an absolute URL: "not a url\?…"/],
      ['ftp://abc.lambda-url.eu-central-1.on.aws/', /Only http and https URLs can be signed, got "ftp:"/],
      ['file:///etc/passwd', /Only http and https/],
      ['https://user:pw@abc.lambda-url.eu-central-1.on.aws/', /user name or password/],
      [`${URL_EU}&X-Amz-Signature=abc`, /presigned-URL parameter "X-Amz-Signature"/],
      [42, /must be a string or a URL, got number/],
    ];
    for (const [url, message] of cases) {
      const error = await refusal(() => signRequest({ url: url as string }, { credentials: SESSION }));
      expect(error.code).toBe('ERR_INVALID_OPTION');
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('secret=1');
    }
  });

  it('invalid methods, and a body on GET or HEAD', async () => {
    for (const method of ['GE T', '', 'CONNECT', 'trace', 7]) {
      const error = await refusal(() =>
        signRequest({ url: URL_EU, method: method as string }, { credentials: SESSION }),
      );
      expect(error.code).toBe('ERR_INVALID_OPTION');
    }
    for (const method of ['GET', 'HEAD']) {
      const error = await refusal(() =>
        signRequest({ url: URL_EU, method, body: '' }, { credentials: SESSION }),
      );
      expect(error.code).toBe('ERR_INVALID_OPTION');
      expect(error.message).toMatch(/cannot carry a body/);
    }
  });

  it('invalid headers', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ 'bad name': 'x' }, /Invalid header name "bad name"/],
      [{ 'x-a': 'line\nbreak' }, /printable ASCII/],
      [{ 'x-a': 'caf\u00e9' }, /printable ASCII/],
      [{ 'x-a': 'nul\u0000' }, /printable ASCII/],
      [{ 'x-a': { nested: true } }, /must have a string value, got object/],
      [[['x-a']], /\[name, value\] arrays/],
      ['x-a: 1', /plain object, a Headers or an array/],
      [{ host: 'other.example.com' }, /differs from the URL's host/],
      [{ Connection: 'close' }, /connection-level header "Connection"/],
      [{ 'transfer-encoding': 'chunked' }, /connection-level header/],
      [{ expect: '100-continue' }, /connection-level header/],
    ];
    for (const [headers, message] of cases) {
      const error = await refusal(() =>
        signRequest({ url: URL_EU, headers: headers as never }, { credentials: SESSION }),
      );
      expect(error.code).toBe('ERR_INVALID_OPTION');
      expect(error.message).toMatch(message);
    }
    const same = await signRequest(
      { url: URL_EU, headers: { Host: 'ABC123DEF.lambda-url.eu-central-1.on.aws' } },
      { credentials: SESSION },
    );
    expect(same.headers.host).toBe('abc123def.lambda-url.eu-central-1.on.aws');
  });

  it('bodies it cannot hash: streams, Blob, FormData, URLSearchParams, objects', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [new ReadableStream(), /Cannot sign a ReadableStream body.*new Response\(stream\)/],
      [new Blob(['x']), /Cannot sign a Blob body.*blob\.arrayBuffer/],
      [new FormData(), /Cannot sign a FormData body/],
      [new URLSearchParams('a=1'), /Cannot sign a URLSearchParams body.*params\.toString\(\)/],
      [{ user: 'x' }, /Cannot sign a object body.*JSON\.stringify/],
      [(async function* () {})(), /read the stream into a Uint8Array/],
      [42, /Cannot sign a number body/],
    ];
    for (const [body, message] of cases) {
      const error = await refusal(() =>
        signRequest({ url: URL_EU, method: 'POST', body: body as string }, { credentials: SESSION }),
      );
      expect(error.code).toBe('ERR_INVALID_OPTION');
      expect(error.message).toMatch(message);
    }
  });
});

const FUNCTION_URL = 'https://abc123def.lambda-url.eu-central-1.on.aws/book';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

const sign = (request: Parameters<typeof signRequest>[0], options: Parameters<typeof signRequest>[1] = {}) =>
  signRequest(request, { credentials: LONG_TERM, date: DATE, ...options });

describe('signRequest: bodies', () => {
  it('signs a Uint8Array as given, without copying it', async () => {
    const bytes = new TextEncoder().encode('abc');
    const signed = await sign({ url: FUNCTION_URL, method: 'POST', body: bytes });
    expect(signed.body).toBe(bytes);
    expect(signed.headers['x-amz-content-sha256']).toBe(ABC_SHA256);
  });

  it('treats a null body as no body', async () => {
    const signed = await sign({ url: FUNCTION_URL, method: 'POST', body: null });
    expect(signed.body).toBeUndefined();
    expect(signed.headers['x-amz-content-sha256']).toBe(EMPTY_SHA256);
  });

  it('refuses views of shared memory', async () => {
    for (const body of [new Uint8Array(new SharedArrayBuffer(4)), new DataView(new SharedArrayBuffer(4))]) {
      const error = await refusal(() => sign({ url: FUNCTION_URL, method: 'POST', body }));
      expect(error.code).toBe('ERR_INVALID_OPTION');
      expect(error.message).toMatch(/^Cannot sign a body in shared memory/);
    }
  });

  it.each<[string, unknown, RegExp]>([
    ['a null-prototype object', Object.create(null), /^Cannot sign a object body.*JSON\.stringify\(body\)/],
    ['an instance of an anonymous class', new (class {})(), /^Cannot sign a object body.*JSON\.stringify/],
    ['an object with an odd constructor', { constructor: { name: 42 } }, /^Cannot sign a object body/],
    ['a Map', new Map(), /^Cannot sign a Map body.*: pass a string or a Uint8Array\.$/],
    ['a reader', { getReader: () => undefined }, /read the stream into a Uint8Array first/],
    ['something with pipe()', { pipe: () => undefined }, /read the stream into a Uint8Array first/],
    [
      'an async iterable',
      { [Symbol.asyncIterator]: () => undefined },
      /read the stream into a Uint8Array first/,
    ],
    ['a Node.js Readable', Readable.from(['x']), /^Cannot sign a Readable body.*read the stream into/],
    ['a ReadableStream', new ReadableStream(), /new Response\(stream\)\.arrayBuffer\(\)/],
    ['a Blob', new Blob(['x']), /new Uint8Array\(await blob\.arrayBuffer\(\)\)/],
    ['a File', new File(['x'], 'x.txt'), /new Uint8Array\(await file\.arrayBuffer\(\)\)/],
    ['a FormData', new FormData(), /const r = new Response\(form\)/],
    ['URLSearchParams', new URLSearchParams('a=1'), /params\.toString\(\)/],
  ])('refuses %s, saying how to send it', async (_label, body, message) => {
    const error = await refusal(() => sign({ url: FUNCTION_URL, method: 'POST', body: body as never }));
    expect(error.code).toBe('ERR_INVALID_OPTION');
    expect(error.message).toMatch(message);
  });
});

describe('signRequest: credentials', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const env = { AWS_ACCESS_KEY_ID: 'AKIAENVCACHE00000001', AWS_SECRET_ACCESS_KEY: 'secret-one-000000000' };

  it('returns the same object while the variables do not change, and a new one when any does', () => {
    const first = credentialsFromEnv(env);
    expect(credentialsFromEnv({ ...env })).toBe(first);
    expect(first).toStrictEqual({
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    });
    expect('sessionToken' in first).toBe(false);
    const otherId = credentialsFromEnv({ ...env, AWS_ACCESS_KEY_ID: 'AKIAENVCACHE00000002' });
    expect(otherId).not.toBe(first);
    expect(otherId.accessKeyId).toBe('AKIAENVCACHE00000002');
    const otherSecret = credentialsFromEnv({ ...env, AWS_SECRET_ACCESS_KEY: 'secret-two-000000000' });
    expect(otherSecret.secretAccessKey).toBe('secret-two-000000000');
    const again = credentialsFromEnv({ ...env, AWS_SECRET_ACCESS_KEY: 'secret-three-0000000' });
    expect(again.secretAccessKey).toBe('secret-three-0000000');
    const withToken = credentialsFromEnv({ ...env, AWS_SESSION_TOKEN: 'token-000000000000' });
    expect(withToken.sessionToken).toBe('token-000000000000');
    expect(credentialsFromEnv({ ...env, AWS_SESSION_TOKEN: '' })).not.toHaveProperty('sessionToken');
  });

  it.each<[string, unknown, string]>([
    ['a string', 'AKIA', 'Invalid credentials: expected an object, got string.'],
    [
      'an empty access key id',
      { accessKeyId: '', secretAccessKey: 's' },
      'Invalid credentials: accessKeyId must be a non-empty string, got string.',
    ],
    [
      'a spaced access key id',
      { accessKeyId: 'AKIA X', secretAccessKey: 's' },
      'Invalid credentials: accessKeyId must contain only letters and digits.',
    ],
  ])('explains bad explicit credentials: %s', async (_label, credentials, start) => {
    const error = await refusal(() =>
      signRequest({ url: FUNCTION_URL }, { credentials: credentials as never, date: DATE }),
    );
    expect(error.code).toBe('ERR_SIGV4_INVALID_CREDENTIALS');
    expect(error.message).toBe(
      `${start.slice(0, -1)}. Pass { accessKeyId, secretAccessKey, sessionToken? } or an async provider resolving to it.`,
    );
  });

  it('accepts credentials that expire later, and refuses them from their expiration on', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['Date'] });
    const expiration = new Date(Date.UTC(2026, 0, 1, 0, 0, 1));
    await expect(
      sign({ url: FUNCTION_URL }, { credentials: { ...LONG_TERM, expiration } }),
    ).resolves.toBeDefined();
    vi.setSystemTime(expiration);
    const error = await refusal(() =>
      sign({ url: FUNCTION_URL }, { credentials: { ...LONG_TERM, expiration } }),
    );
    expect(error.code).toBe('ERR_SIGV4_CREDENTIALS_EXPIRED');
    expect(error.message).toContain('expired at 2026-01-01T00:00:01.000Z');
  });

  it('says where to look when the provider fails', async () => {
    const error = await refusal(() =>
      signRequest(
        { url: FUNCTION_URL },
        {
          credentials: async () => {
            throw new Error('no role');
          },
        },
      ),
    );
    expect(error.code).toBe('ERR_SIGV4_CREDENTIALS_PROVIDER_FAILED');
    expect(error.message).toBe(
      'The credentials provider failed; see error.cause. Check the role or profile it reads.',
    );
    expect((error.cause as Error).message).toBe('no role');
  });
});

describe('signRequest: headers', () => {
  it('drops the headers it generates or fetch computes, and replaces them', async () => {
    const signed = await sign({
      url: FUNCTION_URL,
      method: 'POST',
      body: 'abc',
      headers: {
        Authorization: 'Bearer stale',
        'X-Amz-Date': '19700101T000000Z',
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        'X-Amz-Security-Token': 'stale-token',
        Date: 'Thu, 01 Jan 1970 00:00:00 GMT',
        'Content-Length': '999',
        'content-type': 'text/plain',
      },
    });
    expect(Object.keys(signed.headers).sort()).toEqual([
      'authorization',
      'content-type',
      'host',
      'x-amz-content-sha256',
      'x-amz-date',
    ]);
    expect(signed.headers['x-amz-date']).toBe('20251121T123456Z');
    expect(signed.headers['x-amz-content-sha256']).toBe(ABC_SHA256);
    expect(signed.headers.authorization).toMatch(
      /SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,/,
    );
  });

  it.each(['Connection', 'keep-alive', 'Transfer-Encoding', 'upgrade', 'Expect'])(
    'refuses the connection-level header %s',
    async (name) => {
      const error = await refusal(() => sign({ url: FUNCTION_URL, headers: { [name]: 'x' } }));
      expect(error.code).toBe('ERR_INVALID_OPTION');
      expect(error.message).toBe(
        `The connection-level header "${name}" cannot be sent with fetch and is not signed: remove it.`,
      );
    },
  );

  it.each<[string, unknown]>([
    ['a number', [[42, 'x']]],
    ['a name with a space inside', { 'x a': '1' }],
    ['a name with a leading space', { ' x': '1' }],
    ['a name with a trailing colon', { 'x:': '1' }],
    ['a non-pair entry', [['x']]],
  ])('refuses a header name that is not a token: %s', async (_label, headers) => {
    expect((await refusal(() => sign({ url: FUNCTION_URL, headers: headers as never }))).code).toBe(
      'ERR_INVALID_OPTION',
    );
  });

  it.each<[string, unknown]>([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a boolean', true],
    ['null', null],
    ['a line break inside', 'a\nb'],
    ['a control character at the start', '\u0001a'],
    ['a control character at the end', 'a\u0001'],
    ['non-ASCII text', 'é'],
  ])('refuses a header value that is %s', async (_label, value) => {
    expect((await refusal(() => sign({ url: FUNCTION_URL, headers: { 'x-v': value as never } }))).code).toBe(
      'ERR_INVALID_OPTION',
    );
  });

  it('accepts finite numbers, trims edge whitespace only, joins lists and skips undefined', async () => {
    const signed = await sign({
      url: FUNCTION_URL,
      headers: {
        'x-n': 5 as never,
        'x-t': ' \t a  b \r\n',
        'x-list': ['1', '2'],
        'x-none': undefined as never,
      },
    });
    expect(signed.headers['x-n']).toBe('5');
    expect(signed.headers['x-t']).toBe('a  b');
    expect(signed.headers['x-list']).toBe('1, 2');
    expect(signed.headers).not.toHaveProperty('x-none');
    expect((await sign({ url: FUNCTION_URL, headers: null as never })).headers).not.toHaveProperty('x-n');
  });
});

describe('signRequest: methods', () => {
  it.each(['CONNECT', 'trace', 'Track'])('refuses %s, which fetch cannot send', async (method) => {
    const error = await refusal(() => sign({ url: FUNCTION_URL, method }));
    expect(error.code).toBe('ERR_INVALID_OPTION');
    expect(error.message).toBe(`The method ${method.toUpperCase()} cannot be sent with fetch.`);
  });

  it('names a bad method, cut to 32 characters, or its type', async () => {
    const long = `G ${'E'.repeat(100)}`;
    const error = await refusal(() => sign({ url: FUNCTION_URL, method: long }));
    expect(error.code).toBe('ERR_INVALID_OPTION');
    expect(error.message).toBe(
      `The method must be an HTTP token such as "GET" or "POST", got ${JSON.stringify(long.slice(0, 32))}.`,
    );
    for (const method of [' GET', 'GET ', 'G/T']) {
      expect((await refusal(() => sign({ url: FUNCTION_URL, method }))).code).toBe('ERR_INVALID_OPTION');
    }
    const typed = await refusal(() => sign({ url: FUNCTION_URL, method: 7 as never }));
    expect(typed.code).toBe('ERR_INVALID_OPTION');
    expect(typed.message).toMatch(/, got number\.$/);
  });
});

describe('signRequest: its arguments', () => {
  it('refuses a request or options that are not objects', async () => {
    for (const request of ['https://example.com/', null, 1]) {
      const error = await refusal(() => signRequest(request as never));
      expect(error.code).toBe('ERR_INVALID_OPTION');
      expect(error.message).toMatch(/^signRequest\(\) takes \{ url, method\?, headers\?, body\? \}, got /);
    }
    for (const options of [null, 'eu-central-1']) {
      const error = await refusal(() => signRequest({ url: FUNCTION_URL }, options as never));
      expect(error.code).toBe('ERR_INVALID_OPTION');
      expect(error.message).toMatch(/^signRequest\(\) options must be an object/);
    }
  });

  it('says what a bad date is', async () => {
    const error = await refusal(() => sign({ url: FUNCTION_URL }, { date: new Date(Number.NaN) }));
    expect(error.code).toBe('ERR_INVALID_OPTION');
    expect(error.message).toBe('options.date must be a valid Date.');
  });
});

describe('signRequest: the signing scope', () => {
  it('infers the scope of a fully qualified host (trailing dot)', () => {
    expect(inferSigningScope('abc.lambda-url.eu-west-1.on.aws.')).toEqual({
      region: 'eu-west-1',
      service: 'lambda',
    });
    expect(inferSigningScope('abc.execute-api.cn-north-1.amazonaws.com.cn')).toEqual({
      region: 'cn-north-1',
      service: 'execute-api',
    });
  });

  it.each([
    'x.abc.lambda-url.eu-west-1.on.aws',
    'abc.lambda-url.eu-west-1.on.aws.evil.example',
    'x.abc.execute-api.eu-west-1.amazonaws.com',
    'abc.execute-api.eu-west-1.amazonaws.com.evil.example',
    'abc.execute-api.eu-west-1.amazonaws.comx',
    '-.execute-api.eu-west-1.amazonaws.com',
    'abc.execute-api.eu_west.amazonaws.com',
  ])('names no scope for the look-alike host %s', (host) => {
    expect(inferSigningScope(host)).toBeUndefined();
  });

  it('reads multi-character API ids and regions from API Gateway hosts', () => {
    expect(inferSigningScope('a1b2c3.execute-api.ap-southeast-2.amazonaws.com')).toEqual({
      region: 'ap-southeast-2',
      service: 'execute-api',
    });
  });

  it('accepts options that agree with the host', async () => {
    const signed = await sign({ url: FUNCTION_URL }, { region: 'eu-central-1', service: 'lambda' });
    expect(signed.headers.authorization).toContain('/eu-central-1/lambda/aws4_request');
  });

  it('says which option contradicts the host', async () => {
    const error = await refusal(() => sign({ url: FUNCTION_URL }, { service: 'execute-api' }));
    expect(error.code).toBe('ERR_INVALID_OPTION');
    expect(error.message).toBe(
      'options.service is "execute-api" but abc123def.lambda-url.eu-central-1.on.aws is signed for "lambda". Omit options.service for this host.',
    );
  });

  it('signs other hosts for the given region, with the lambda service by default', async () => {
    const signed = await sign({ url: 'https://api.example.com/x' }, { region: 'us-east-1' });
    expect(signed.headers.authorization).toContain('/us-east-1/lambda/aws4_request');
    const custom = await sign(
      { url: 'https://api.example.com/x' },
      { region: 'us-east-1', service: 'vpc-lattice-svcs' },
    );
    expect(custom.headers.authorization).toContain('/us-east-1/vpc-lattice-svcs/aws4_request');
  });

  it('accepts region and service names up to 64 characters and refuses longer or malformed ones', async () => {
    const url = 'https://api.example.com/x';
    await expect(sign({ url }, { region: 'a'.repeat(64) })).resolves.toBeDefined();
    await expect(sign({ url }, { region: 'us-east-1', service: 's'.repeat(64) })).resolves.toBeDefined();
    const long = await refusal(() => sign({ url }, { region: 'a'.repeat(65) }));
    expect(long.code).toBe('ERR_INVALID_OPTION');
    expect(long.message).toBe(
      `options.region must be a region code such as "eu-central-1", got ${JSON.stringify('a'.repeat(64))}.`,
    );
    const typed = await refusal(() => sign({ url }, { region: 42 as never }));
    expect(typed.code).toBe('ERR_INVALID_OPTION');
    expect(typed.message).toBe('options.region must be a region code such as "eu-central-1", got number.');
    const service = await refusal(() => sign({ url }, { region: 'us-east-1', service: 42 as never }));
    expect(service.code).toBe('ERR_INVALID_OPTION');
    expect(service.message).toBe(
      'options.service must be a service signing name such as "lambda", got number.',
    );
    for (const region of ['US-EAST-1', '-us', 'us-', 'us--east', 'us east', 'x\n']) {
      expect((await refusal(() => sign({ url }, { region }))).code).toBe('ERR_INVALID_OPTION');
    }
    for (const name of ['s'.repeat(65), '-lambda', 'Lambda', 'lam bda', 'lambda\n']) {
      expect((await refusal(() => sign({ url }, { region: 'us-east-1', service: name }))).code).toBe(
        'ERR_INVALID_OPTION',
      );
    }
    await expect(sign({ url }, { region: 'us', service: 'l' })).resolves.toBeDefined();
  });
});

describe('signRequest: URLs', () => {
  it('refuses user info, name or password alone', async () => {
    for (const url of ['https://user@example.com/', 'https://:pw@example.com/', 'https://u:p@example.com/']) {
      const error = await refusal(() => sign({ url }, { region: 'us-east-1' }));
      expect(error.code).toBe('ERR_INVALID_OPTION');
      expect(error.message).toBe(
        'The URL carries a user name or password: remove it, SigV4 authenticates the request.',
      );
    }
  });

  it.each(['X-Amz-Signature', 'x-amz-algorithm', 'X-AMZ-CREDENTIAL'])(
    'refuses the presigned-URL parameter %s',
    async (name) => {
      const error = await refusal(() => sign({ url: `${FUNCTION_URL}?${name}=x` }));
      expect(error.code).toBe('ERR_INVALID_OPTION');
      expect(error.message).toContain(`presigned-URL parameter "${name}"`);
    },
  );

  it('never shows the query of a URL it cannot parse, and cuts long ones', async () => {
    const query = await refusal(() => sign({ url: '?secret=1' }));
    expect(query.code).toBe('ERR_INVALID_OPTION');
    expect(query.message).not.toContain('secret');
    expect(query.message).toMatch(/^Not an absolute URL: "\?…"\./);
    const long = `/${'p'.repeat(200)}`;
    const cut = await refusal(() => sign({ url: long }));
    expect(cut.code).toBe('ERR_INVALID_OPTION');
    expect(cut.message).toContain(`Not an absolute URL: ${JSON.stringify(`${long.slice(0, 120)}…`)}.`);
    const exact = `/${'p'.repeat(119)}`;
    const kept = await refusal(() => sign({ url: exact }));
    expect(kept.code).toBe('ERR_INVALID_OPTION');
    expect(kept.message).toContain(`Not an absolute URL: ${JSON.stringify(exact)}.`);
  });

  it('keeps a non-default port in the host and reports it', () => {
    expect(canonicalizeUrl('https://example.com:8443/x')).toMatchObject({
      host: 'example.com:8443',
      hostname: 'example.com',
      port: 8443,
      href: 'https://example.com:8443/x',
    });
    expect(canonicalizeUrl('https://example.com:443/x')).toMatchObject({
      host: 'example.com',
      port: undefined,
    });
  });
});

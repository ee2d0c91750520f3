import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthorizerKitError,
  credentialsFromEnv,
  inferSigningScope,
  SigV4Error,
  SigV4SigningError,
  signRequest,
} from '../../../src/sigv4/index.js';
import { caught, LONG_TERM, SESSION } from './helpers.js';

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

async function refusal(fn: () => unknown): Promise<SigV4SigningError> {
  const error = await caught(fn);
  expect(error).toBeInstanceOf(SigV4SigningError);
  expect(error).toBeInstanceOf(SigV4Error);
  expect(error).toBeInstanceOf(AuthorizerKitError);
  expect(error.name).toBe('SigV4SigningError');
  return error as SigV4SigningError;
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
    expect(error.code).toBe('ERR_SIGV4_REGION_UNKNOWN');
    expect(error.message).toMatch(
      /^Cannot tell the region from the host api\.example\.com.*Pass options\.region/,
    );
  });

  it('a region or service that contradicts the function URL host', async () => {
    let error = await refusal(() =>
      signRequest({ url: URL_EU }, { credentials: SESSION, region: 'us-east-1' }),
    );
    expect(error.code).toBe('ERR_SIGV4_REGION_MISMATCH');
    expect(error.message).toMatch(/region of the receiver, not of the caller/);
    error = await refusal(() =>
      signRequest({ url: URL_EU }, { credentials: SESSION, service: 'execute-api' }),
    );
    expect(error.code).toBe('ERR_SIGV4_SERVICE_MISMATCH');
  });

  it('malformed region, service, date or request', async () => {
    const cases: Array<[() => unknown, string]> = [
      [
        () => signRequest({ url: URL_EU }, { credentials: SESSION, region: 'EU Central' }),
        'ERR_SIGV4_INVALID_OPTION',
      ],
      [
        () => signRequest({ url: URL_EU }, { credentials: SESSION, service: 'Lambda!' }),
        'ERR_SIGV4_INVALID_OPTION',
      ],
      [
        () => signRequest({ url: URL_EU }, { credentials: SESSION, date: new Date('nope') }),
        'ERR_SIGV4_INVALID_OPTION',
      ],
      [() => signRequest(null as never), 'ERR_SIGV4_INVALID_OPTION'],
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
      expect(error.code).toBe('ERR_SIGV4_INVALID_URL');
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('secret=1');
    }
  });

  it('invalid methods, and a body on GET or HEAD', async () => {
    for (const method of ['GE T', '', 'CONNECT', 'trace', 7]) {
      const error = await refusal(() =>
        signRequest({ url: URL_EU, method: method as string }, { credentials: SESSION }),
      );
      expect(error.code).toBe('ERR_SIGV4_INVALID_METHOD');
    }
    for (const method of ['GET', 'HEAD']) {
      const error = await refusal(() =>
        signRequest({ url: URL_EU, method, body: '' }, { credentials: SESSION }),
      );
      expect(error.code).toBe('ERR_SIGV4_INVALID_METHOD');
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
      expect(error.code).toBe('ERR_SIGV4_INVALID_HEADER');
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
      expect(error.code).toBe('ERR_SIGV4_UNSUPPORTED_BODY');
      expect(error.message).toMatch(message);
    }
  });
});

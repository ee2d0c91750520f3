import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  credentialsFromEnv,
  inferSigningScope,
  SigV4Error,
  SigV4RejectedError,
  SigV4SigningError,
  SigV4TimeoutError,
  signedFetch,
  signRequest,
} from '../../../src/sigv4/index.js';
import { isSigV4Rejection, toRejectedError } from '../../../src/sigv4/rejection.js';
import { hashPayload, Sha256 } from '../../../src/sigv4/sha256.js';
import { canonicalizeUrl } from '../../../src/sigv4/url.js';
import { caught, LONG_TERM, SESSION } from './helpers.js';

const URL_EU = 'https://abc123def.lambda-url.eu-central-1.on.aws/book';
const DATE = new Date('2025-11-21T12:34:56Z');
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function refusal(fn: () => unknown, code: string): Promise<SigV4SigningError> {
  const error = await caught(fn);
  expect(error).toBeInstanceOf(SigV4SigningError);
  expect(error.code).toBe(code);
  return error as SigV4SigningError;
}

const sign = (request: Parameters<typeof signRequest>[0], options: Parameters<typeof signRequest>[1] = {}) =>
  signRequest(request, { credentials: LONG_TERM, date: DATE, ...options });

describe('error classes', () => {
  it('carry their own names', async () => {
    const signing = await refusal(() => sign({ url: 'ftp://x/' }), 'ERR_SIGV4_INVALID_URL');
    expect(signing.name).toBe('SigV4SigningError');
    expect(new SigV4TimeoutError(5, 'late').name).toBe('SigV4TimeoutError');
    expect(new SigV4Error('ERR_SIGV4_INVALID_URL', 'x').name).toBe('SigV4Error');
    const rejected = await toRejectedError(new Response('', { status: 403 }), []);
    expect(rejected).toBeInstanceOf(SigV4RejectedError);
    expect(rejected.name).toBe('SigV4RejectedError');
  });
});

describe('bodies', () => {
  it('signs a Uint8Array as given, without copying it', async () => {
    const bytes = new TextEncoder().encode('abc');
    const signed = await sign({ url: URL_EU, method: 'POST', body: bytes });
    expect(signed.body).toBe(bytes);
    expect(signed.headers['x-amz-content-sha256']).toBe(ABC_SHA256);
  });

  it('treats a null body as no body', async () => {
    const signed = await sign({ url: URL_EU, method: 'POST', body: null });
    expect(signed.body).toBeUndefined();
    expect(signed.headers['x-amz-content-sha256']).toBe(EMPTY_SHA256);
  });

  it('refuses views of shared memory', async () => {
    for (const body of [new Uint8Array(new SharedArrayBuffer(4)), new DataView(new SharedArrayBuffer(4))]) {
      const error = await refusal(
        () => sign({ url: URL_EU, method: 'POST', body }),
        'ERR_SIGV4_UNSUPPORTED_BODY',
      );
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
    const error = await refusal(
      () => sign({ url: URL_EU, method: 'POST', body: body as never }),
      'ERR_SIGV4_UNSUPPORTED_BODY',
    );
    expect(error.message).toMatch(message);
  });
});

describe('credentials', () => {
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
    const error = await refusal(
      () => signRequest({ url: URL_EU }, { credentials: credentials as never, date: DATE }),
      'ERR_SIGV4_INVALID_CREDENTIALS',
    );
    expect(error.message).toBe(
      `${start.slice(0, -1)}. Pass { accessKeyId, secretAccessKey, sessionToken? } or an async provider resolving to it.`,
    );
  });

  it('accepts credentials that expire later, and refuses them from their expiration on', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['Date'] });
    const expiration = new Date(Date.UTC(2026, 0, 1, 0, 0, 1));
    await expect(sign({ url: URL_EU }, { credentials: { ...LONG_TERM, expiration } })).resolves.toBeDefined();
    vi.setSystemTime(expiration);
    const error = await refusal(
      () => sign({ url: URL_EU }, { credentials: { ...LONG_TERM, expiration } }),
      'ERR_SIGV4_CREDENTIALS_EXPIRED',
    );
    expect(error.message).toContain('expired at 2026-01-01T00:00:01.000Z');
  });

  it('says where to look when the provider fails', async () => {
    const error = await refusal(
      () =>
        signRequest(
          { url: URL_EU },
          {
            credentials: async () => {
              throw new Error('no role');
            },
          },
        ),
      'ERR_SIGV4_CREDENTIALS_PROVIDER_FAILED',
    );
    expect(error.message).toBe(
      'The credentials provider failed; see error.cause. Check the role or profile it reads.',
    );
    expect((error.cause as Error).message).toBe('no role');
  });
});

describe('headers', () => {
  it('drops the headers it generates or fetch computes, and replaces them', async () => {
    const signed = await sign({
      url: URL_EU,
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
      const error = await refusal(
        () => sign({ url: URL_EU, headers: { [name]: 'x' } }),
        'ERR_SIGV4_INVALID_HEADER',
      );
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
    await refusal(() => sign({ url: URL_EU, headers: headers as never }), 'ERR_SIGV4_INVALID_HEADER');
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
    await refusal(
      () => sign({ url: URL_EU, headers: { 'x-v': value as never } }),
      'ERR_SIGV4_INVALID_HEADER',
    );
  });

  it('accepts finite numbers, trims edge whitespace only, joins lists and skips undefined', async () => {
    const signed = await sign({
      url: URL_EU,
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
    expect((await sign({ url: URL_EU, headers: null as never })).headers).not.toHaveProperty('x-n');
  });
});

describe('methods', () => {
  it.each(['CONNECT', 'trace', 'Track'])('refuses %s, which fetch cannot send', async (method) => {
    const error = await refusal(() => sign({ url: URL_EU, method }), 'ERR_SIGV4_INVALID_METHOD');
    expect(error.message).toBe(`The method ${method.toUpperCase()} cannot be sent with fetch.`);
  });

  it('names a bad method, cut to 32 characters, or its type', async () => {
    const long = `G ${'E'.repeat(100)}`;
    const error = await refusal(() => sign({ url: URL_EU, method: long }), 'ERR_SIGV4_INVALID_METHOD');
    expect(error.message).toBe(
      `The method must be an HTTP token such as "GET" or "POST", got ${JSON.stringify(long.slice(0, 32))}.`,
    );
    for (const method of [' GET', 'GET ', 'G/T']) {
      await refusal(() => sign({ url: URL_EU, method }), 'ERR_SIGV4_INVALID_METHOD');
    }
    expect(
      (await refusal(() => sign({ url: URL_EU, method: 7 as never }), 'ERR_SIGV4_INVALID_METHOD')).message,
    ).toMatch(/, got number\.$/);
  });
});

describe('signRequest arguments', () => {
  it('refuses a request or options that are not objects', async () => {
    for (const request of ['https://example.com/', null, 1]) {
      const error = await refusal(() => signRequest(request as never), 'ERR_SIGV4_INVALID_OPTION');
      expect(error.message).toMatch(/^signRequest\(\) takes \{ url, method\?, headers\?, body\? \}, got /);
    }
    for (const options of [null, 'eu-central-1']) {
      const error = await refusal(
        () => signRequest({ url: URL_EU }, options as never),
        'ERR_SIGV4_INVALID_OPTION',
      );
      expect(error.message).toMatch(/^signRequest\(\) options must be an object/);
    }
  });

  it('says what a bad date is', async () => {
    const error = await refusal(
      () => sign({ url: URL_EU }, { date: new Date(Number.NaN) }),
      'ERR_SIGV4_INVALID_OPTION',
    );
    expect(error.message).toBe('options.date must be a valid Date.');
  });
});

describe('scope', () => {
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
    const signed = await sign({ url: URL_EU }, { region: 'eu-central-1', service: 'lambda' });
    expect(signed.headers.authorization).toContain('/eu-central-1/lambda/aws4_request');
  });

  it('says which option contradicts the host', async () => {
    const error = await refusal(
      () => sign({ url: URL_EU }, { service: 'execute-api' }),
      'ERR_SIGV4_SERVICE_MISMATCH',
    );
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
    const long = await refusal(() => sign({ url }, { region: 'a'.repeat(65) }), 'ERR_SIGV4_INVALID_OPTION');
    expect(long.message).toBe(
      `options.region must be a region code such as "eu-central-1", got ${JSON.stringify('a'.repeat(64))}.`,
    );
    const typed = await refusal(() => sign({ url }, { region: 42 as never }), 'ERR_SIGV4_INVALID_OPTION');
    expect(typed.message).toBe('options.region must be a region code such as "eu-central-1", got number.');
    const service = await refusal(
      () => sign({ url }, { region: 'us-east-1', service: 42 as never }),
      'ERR_SIGV4_INVALID_OPTION',
    );
    expect(service.message).toBe(
      'options.service must be a service signing name such as "lambda", got number.',
    );
    for (const region of ['US-EAST-1', '-us', 'us-', 'us--east', 'us east', 'x\n']) {
      await refusal(() => sign({ url }, { region }), 'ERR_SIGV4_INVALID_OPTION');
    }
    for (const name of ['s'.repeat(65), '-lambda', 'Lambda', 'lam bda', 'lambda\n']) {
      await refusal(() => sign({ url }, { region: 'us-east-1', service: name }), 'ERR_SIGV4_INVALID_OPTION');
    }
    await expect(sign({ url }, { region: 'us', service: 'l' })).resolves.toBeDefined();
  });
});

describe('hashes', () => {
  it('hashes a body synchronously on node:crypto', () => {
    const hash = hashPayload('abc');
    expect(hash).toBe(ABC_SHA256);
    expect(hashPayload(undefined)).toBe(EMPTY_SHA256);
    expect(hashPayload(new Uint8Array(0))).toBe(EMPTY_SHA256);
  });

  it('reads only the bytes of a view, whatever its type and offset', async () => {
    const buffer = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]).buffer;
    const digest = async (data: ArrayBuffer | ArrayBufferView, key?: ArrayBuffer | ArrayBufferView) => {
      const hash = new Sha256(key);
      hash.update(data as Uint8Array);
      return Buffer.from(await hash.digest()).toString('hex');
    };
    const expected = await digest(new Uint8Array([2, 3, 4, 5]), new Uint8Array([2, 3, 4, 5]));
    const views = [new Uint16Array(buffer, 2, 2), new DataView(buffer, 2, 4), new Uint8Array(buffer, 2, 4)];
    for (const view of views) expect(await digest(view, view)).toBe(expected);
    expect(await digest(buffer.slice(2, 6), buffer.slice(2, 6))).toBe(expected);
  });
});

describe('URLs', () => {
  it('refuses user info, name or password alone', async () => {
    for (const url of ['https://user@example.com/', 'https://:pw@example.com/', 'https://u:p@example.com/']) {
      const error = await refusal(() => sign({ url }, { region: 'us-east-1' }), 'ERR_SIGV4_INVALID_URL');
      expect(error.message).toBe(
        'The URL carries a user name or password: remove it, SigV4 authenticates the request.',
      );
    }
  });

  it.each(['X-Amz-Signature', 'x-amz-algorithm', 'X-AMZ-CREDENTIAL'])(
    'refuses the presigned-URL parameter %s',
    async (name) => {
      const error = await refusal(() => sign({ url: `${URL_EU}?${name}=x` }), 'ERR_SIGV4_INVALID_URL');
      expect(error.message).toContain(`presigned-URL parameter "${name}"`);
    },
  );

  it('never shows the query of a URL it cannot parse, and cuts long ones', async () => {
    const query = await refusal(() => sign({ url: '?secret=1' }), 'ERR_SIGV4_INVALID_URL');
    expect(query.message).not.toContain('secret');
    expect(query.message).toMatch(/^Not an absolute URL: "\?…"\./);
    const long = `/${'p'.repeat(200)}`;
    const cut = await refusal(() => sign({ url: long }), 'ERR_SIGV4_INVALID_URL');
    expect(cut.message).toContain(`Not an absolute URL: ${JSON.stringify(`${long.slice(0, 120)}…`)}.`);
    const exact = `/${'p'.repeat(119)}`;
    expect((await refusal(() => sign({ url: exact }), 'ERR_SIGV4_INVALID_URL')).message).toContain(
      `Not an absolute URL: ${JSON.stringify(exact)}.`,
    );
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

describe('AWS refusals', () => {
  const rejection = (status: number, errorType: string | undefined, body = '') =>
    new Response(body, { status, headers: errorType === undefined ? {} : { 'x-amzn-errortype': errorType } });

  it('counts only 403s carrying a known AWS error type', () => {
    expect(isSigV4Rejection(rejection(403, 'InvalidSignatureException'))).toBe(true);
    expect(isSigV4Rejection(rejection(403, 'AccessDeniedException :x'))).toBe(true);
    expect(isSigV4Rejection(rejection(401, 'InvalidSignatureException'))).toBe(false);
    expect(isSigV4Rejection(rejection(403, undefined))).toBe(false);
    expect(isSigV4Rejection(rejection(403, 'ServiceException'))).toBe(false);
    for (const type of [
      'IncompleteSignatureException',
      'UnrecognizedClientException',
      'MissingAuthenticationTokenException',
      'InvalidClientTokenId',
      'ExpiredTokenException',
      'SignatureDoesNotMatch',
    ]) {
      expect(isSigV4Rejection(rejection(403, type))).toBe(true);
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
    const error = await toRejectedError(rejection(403, type, '{"message":"no"}'), []);
    expect(error.code).toBe(code);
    expect(error.errorType).toBe(type);
    expect(error.hint).toMatch(hint);
  });

  it('reads an expired signature only from the start of the message', async () => {
    const expired = await toRejectedError(
      rejection(
        403,
        'InvalidSignatureException',
        '{"message":"Signature expired: 20250101T000000Z is now earlier"}',
      ),
      [],
    );
    expect(expired.code).toBe('ERR_SIGV4_SIGNATURE_EXPIRED');
    expect(expired.hint).toMatch(/^AWS accepts a signature for 5 minutes/);
    const other = await toRejectedError(
      rejection(
        403,
        'InvalidSignatureException',
        '{"message":"Mismatch. Signature expired is not the issue"}',
      ),
      [],
    );
    expect(other.code).toBe('ERR_SIGV4_INVALID_SIGNATURE');
  });

  it('keeps a body whose message is not a string as text', async () => {
    const error = await toRejectedError(rejection(403, 'InvalidSignatureException', '{"message":5}'), []);
    expect(error.awsMessage).toBe('{"message":5}');
  });

  it('blanks secrets of 8 characters or more, and only those', async () => {
    const error = await toRejectedError(
      rejection(403, 'InvalidSignatureException', '{"message":"token 12345678 key abcdefg end"}'),
      ['12345678', 'abcdefg'],
    );
    expect(error.awsMessage).toBe('token [redacted] key abcdefg end');
  });

  it('cuts the message at 300 characters', async () => {
    const exact = 'm'.repeat(300);
    const kept = await toRejectedError(rejection(403, 'InvalidSignatureException', exact), []);
    expect(kept.awsMessage).toBe(exact);
    const cut = await toRejectedError(rejection(403, 'InvalidSignatureException', `${exact}x`), []);
    expect(cut.awsMessage).toBe(`${exact}…`);
  });

  it('reads at most 4096 characters of the body', async () => {
    const body = JSON.stringify({ message: 'short', padding: 'p'.repeat(5000) });
    const error = await toRejectedError(rejection(403, 'InvalidSignatureException', body), []);
    expect(error.awsMessage).toMatch(/^\{"message":"short","padding":"p+…$/);
  });

  it('names the service the request should have been signed for', async () => {
    const error = await toRejectedError(
      rejection(
        403,
        'InvalidSignatureException',
        '{"message":"Credential should be scoped to correct service: \'lambda\'. "}',
      ),
      [],
    );
    expect(error.hint).toMatch(/^Sign for service "lambda" \(function URLs use "lambda"\)\. Check that/);
  });

  it('reports an unreadable body and a missing error type plainly', async () => {
    const response = new Response('used', { status: 403 });
    await response.text();
    const error = await toRejectedError(response, []);
    expect(error.errorType).toBe('Unknown');
    expect(error.awsMessage).toBe('');
    expect(error.message).toMatch(/^AWS refused the signed request with 403 Unknown\. Check that/);
    expect((await toRejectedError(rejection(403, ':x'), [])).errorType).toBe('Unknown');
  });
});

describe('signedFetch', () => {
  it('blanks the session token and the signature from the AWS message', async () => {
    let sent: Record<string, string> = {};
    const error = await caught(() =>
      signedFetch(URL_EU, {
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
      const error = await refusal(() => signedFetch(URL_EU, init as never), 'ERR_SIGV4_INVALID_OPTION');
      expect(error.message).toMatch(/^signedFetch\(\) options must be an object/);
    }
    const error = await refusal(
      () => signedFetch(URL_EU, { signal: {} as never, credentials: LONG_TERM }),
      'ERR_SIGV4_INVALID_OPTION',
    );
    expect(error.message).toBe('options.signal must be an AbortSignal, got object.');
    const response = await signedFetch(URL_EU, {
      signal: null as never,
      credentials: LONG_TERM,
      fetch: async () => new Response('ok'),
    });
    expect(await response.text()).toBe('ok');
  });

  it('names a bad timeoutMs', async () => {
    const zero = await refusal(() => signedFetch(URL_EU, { timeoutMs: 0 }), 'ERR_SIGV4_INVALID_OPTION');
    expect(zero.message).toBe('options.timeoutMs must be a positive number of milliseconds, got 0.');
    const text = await refusal(
      () => signedFetch(URL_EU, { timeoutMs: '5' as never }),
      'ERR_SIGV4_INVALID_OPTION',
    );
    expect(text.message).toBe('options.timeoutMs must be a positive number of milliseconds, got string.');
  });

  it('needs a fetch', async () => {
    vi.stubGlobal('fetch', undefined);
    const error = await refusal(
      () => signedFetch(URL_EU, { credentials: LONG_TERM }),
      'ERR_SIGV4_INVALID_OPTION',
    );
    expect(error.message).toBe('No fetch is available: run on Node.js 18 or later, or pass options.fetch.');
  });

  it("rethrows fetch's own failure as is", async () => {
    const failure = new TypeError('fetch failed');
    const error = await caught(() =>
      signedFetch(URL_EU, {
        credentials: LONG_TERM,
        fetch: async () => {
          throw failure;
        },
      }),
    );
    expect(error).toBe(failure);
  });

  it('turns its own deadline into a SigV4TimeoutError, whatever fetch rejects with', async () => {
    const error = await caught(() =>
      signedFetch(URL_EU, {
        credentials: LONG_TERM,
        timeoutMs: 20,
        fetch: (_url, init) =>
          new Promise((_resolve, reject) => {
            init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
          }),
      }),
    );
    expect(error).toBeInstanceOf(SigV4TimeoutError);
    expect((error as SigV4TimeoutError).timeoutMs).toBe(20);
  });

  it("rethrows fetch's error when the caller aborts, even after the deadline", async () => {
    const caller = new AbortController();
    const failure = new Error('caller gave up');
    const error = await caught(() =>
      signedFetch(URL_EU, {
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

import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describeType } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import { normalizeBody } from './body.js';
import { resolveCredentials } from './credentials.js';
import { normalizeHeaders } from './headers.js';
import { resolveScope } from './scope.js';
import { hashPayload, Sha256 } from './sha256.js';
import type { BodyInput, HeadersInput, SignRequestOptions, SigV4Credentials } from './types.js';
import { canonicalizeUrl } from './url.js';

/**
 * The request to sign.
 *
 * See the example of {@link signRequest}.
 */
export interface SignRequestInput {
  /** The absolute http(s) URL, query included, e.g. `https://<url-id>.lambda-url.eu-central-1.on.aws/book?page=5`. */
  url: string | URL;
  /** The HTTP method, upper-cased before signing. Default: `GET`. */
  method?: string | undefined;
  /** Headers to send and sign: a plain object, a `Headers` or `[name, value]` pairs. Default: none. */
  headers?: HeadersInput | undefined;
  /** The body to send and sign: a string or bytes. Default: none (the hash of the empty string is signed). */
  body?: BodyInput | null | undefined;
}

/**
 * A signed request: send exactly these, e.g. `fetch(signed.url, signed)`.
 *
 * See the example of {@link signRequest}.
 */
export interface SignedRequest {
  /** The URL to send: the query sorted and encoded exactly as it was signed, no fragment. */
  url: string;
  /** The upper-case method that was signed. */
  method: string;
  /**
   * Lower-case header names: yours, `host`, `x-amz-date`, `x-amz-content-sha256`,
   * `x-amz-security-token` (with session credentials) and `authorization`. `fetch` ignores `host` and
   * sends the URL's host, which is the one signed.
   */
  headers: Record<string, string>;
  /** The body to send, as signed: a string or a `Uint8Array`; `undefined` for none. */
  body: string | Uint8Array | undefined;
}

const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** One `SignatureV4` per (credentials object, region, service); released with the credentials. */
const signers = new WeakMap<SigV4Credentials, Map<string, SignatureV4>>();

function signerFor(credentials: SigV4Credentials, region: string, service: string): SignatureV4 {
  let byScope = signers.get(credentials);
  if (byScope === undefined) {
    byScope = new Map();
    signers.set(credentials, byScope);
  }
  const key = `${region}\n${service}`;
  let signer = byScope.get(key);
  if (signer === undefined) {
    signer = new SignatureV4({ credentials, region, service, sha256: Sha256, uriEscapePath: true });
    byScope.set(key, signer);
  }
  return signer;
}

function checkMethod(method: unknown): string {
  if (method === undefined) return 'GET';
  if (typeof method !== 'string' || !METHOD.test(method)) {
    throw new InvalidOptionError(
      'method',
      `The method must be an HTTP token such as "GET" or "POST", got ${typeof method === 'string' ? JSON.stringify(method.slice(0, 32)) : describeType(method)}.`,
    );
  }
  const upper = method.toUpperCase();
  if (FORBIDDEN_METHODS.has(upper)) {
    throw new InvalidOptionError('method', `The method ${upper} cannot be sent with fetch.`);
  }
  return upper;
}

/**
 * Signs a request with AWS Signature Version 4 for a Lambda function URL (or any SigV4 HTTP endpoint)
 * and returns exactly what to send.
 *
 * Region and service come from the host (`<url-id>.lambda-url.<region>.on.aws` → the region,
 * `lambda`); credentials from the Lambda environment unless given. It always signs `host`,
 * `x-amz-date`, `x-amz-content-sha256` (the body is always hashed) and, with session credentials,
 * `x-amz-security-token`, plus your headers (except `user-agent`, `expect`, `proxy-*` and the others
 * proxies rewrite; `content-length` is dropped, `fetch` sets it). The query is sorted and RFC 3986 encoded with repeated keys kept, and the path
 * double-encoded as every AWS service but S3 expects: send `signed.url`, not the URL you passed in.
 * `authorization`, `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` and `date` headers you
 * pass are replaced, so a signed request can be signed again (e.g. before a retry).
 *
 * @param request - the URL, method (default `GET`), headers and body (string or bytes).
 * @param options - region, service, credentials and date; see {@link SignRequestOptions}.
 * @returns the signed URL, method, headers and body.
 * @throws {@link SigV4RequestError} with `ERR_SIGV4_NO_CREDENTIALS` (the variables are named),
 * `ERR_SIGV4_INVALID_CREDENTIALS`, `ERR_SIGV4_CREDENTIALS_EXPIRED` or
 * `ERR_SIGV4_CREDENTIALS_PROVIDER_FAILED`.
 * @throws {@link InvalidOptionError} naming the `option` at fault: `region` (the host names no
 * region and none was given, or the given one contradicts the host), `service`, `url` (not http(s),
 * relative, user info, presigned parameters), `method`, `body` (on GET or HEAD; streams, `Blob`,
 * `FormData`...), `headers`, `date`, `credentials`.
 *
 * @example
 * ```ts
 * import { signRequest } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   const signed = await signRequest({
 *     url: 'https://abc123.lambda-url.eu-central-1.on.aws/login',
 *     method: 'POST',
 *     headers: { 'content-type': 'application/json' },
 *     body: JSON.stringify({ user: 'my-user' }),
 *   });
 *   const response = await fetch(signed.url, signed);
 *   return { statusCode: response.status, body: await response.text() };
 * };
 * ```
 */
export async function signRequest(
  request: SignRequestInput,
  options: SignRequestOptions = {},
): Promise<SignedRequest> {
  if (typeof request !== 'object' || request === null) {
    throw new InvalidOptionError(
      'request',
      `signRequest() takes { url, method?, headers?, body? }, got ${describeType(request)}.`,
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(
      'options',
      `signRequest() options must be an object such as { region, credentials }, got ${describeType(options)}.`,
    );
  }
  const url = canonicalizeUrl(request.url);
  const method = checkMethod(request.method);
  const body = normalizeBody(request.body);
  if (body !== undefined && (method === 'GET' || method === 'HEAD')) {
    throw new InvalidOptionError(
      'body',
      `A ${method} request cannot carry a body (fetch refuses it). Use POST, or move the data to the query.`,
    );
  }
  const headers = normalizeHeaders(request.headers);
  const givenHost = headers.host;
  if (givenHost !== undefined && givenHost.toLowerCase() !== url.host.toLowerCase()) {
    throw new InvalidOptionError(
      'headers',
      `The host header "${givenHost}" differs from the URL's host "${url.host}": fetch sends the URL's host, which is the one signed. Remove the host header or fix the URL.`,
    );
  }
  const { date } = options;
  if (date !== undefined && (!(date instanceof Date) || Number.isNaN(date.getTime()))) {
    throw new InvalidOptionError('date', 'options.date must be a valid Date.');
  }
  const scope = resolveScope(url.hostname, options.region, options.service);
  // Synchronous unless a credentials provider or the portable hash is in play: no needless awaits.
  const resolved = resolveCredentials(options.credentials);
  const credentials = resolved instanceof Promise ? await resolved : resolved;

  headers.host = url.host;
  const hash = hashPayload(body);
  headers['x-amz-content-sha256'] = typeof hash === 'string' ? hash : await hash;
  const signed = await signerFor(credentials, scope.region, scope.service).sign(
    new HttpRequest({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === undefined ? {} : { port: url.port }),
      path: url.path,
      query: url.query,
      headers,
      body,
    }),
    { signingDate: date ?? new Date() },
  );
  return { url: url.href, method, headers: signed.headers, body };
}

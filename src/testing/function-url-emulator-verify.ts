import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * SigV4 verification as AWS performs it for a function URL with auth type `AWS_IAM`, re-derived from
 * what arrived on the wire (method, raw path and query, raw headers, body bytes). It shares no code with
 * the signer on purpose: it is the other side of the protocol.
 */

/**
 * A caller the emulator knows: its credentials and the identity AWS reports for it.
 *
 * See the example of {@link startFunctionUrlEmulator}.
 */
export interface FunctionUrlCaller {
  /** The access key id the caller signs with. */
  accessKeyId: string;
  /** Its secret access key. */
  secretAccessKey: string;
  /** Its session token; when set, requests must carry it in `x-amz-security-token`. Default: none. */
  sessionToken?: string | undefined;
  /** The caller's account id in `requestContext.authorizer.iam.accountId`. Default: `111122223333`. */
  accountId?: string | undefined;
  /**
   * The caller's ARN in `requestContext.authorizer.iam.userArn`.
   * Default: `arn:aws:sts::<accountId>:assumed-role/caller-role/caller-function`.
   */
  userArn?: string | undefined;
  /** `requestContext.authorizer.iam.callerId`. Default: `AROAEXAMPLECALLERROLE:caller-function`. */
  callerId?: string | undefined;
  /** `requestContext.authorizer.iam.userId`. Default: the `callerId`. */
  userId?: string | undefined;
  /** `requestContext.authorizer.iam.principalOrgId`. Default: `null` (no organization). */
  principalOrgId?: string | null | undefined;
}

/** What the verification concluded. */
export type VerifyOutcome =
  | { ok: true; caller: FunctionUrlCaller }
  | { ok: false; errorType: string; message: string; messageKey: 'message' | 'Message' };

/** A request as it arrived. */
export interface ArrivedRequest {
  method: string;
  /** The request target: raw path and query, as on the request line. */
  target: string;
  /** Node's `rawHeaders`: name, value, name, value... */
  rawHeaders: readonly string[];
  body: Uint8Array;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SKEW_MS = 5 * 60 * 1000;
const FORBIDDEN =
  'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const BAD_TOKEN = 'The security token included in the request is invalid.';

function fail(
  errorType: string,
  message: string,
  messageKey: 'message' | 'Message' = 'message',
): VerifyOutcome {
  return { ok: false, errorType, message, messageKey };
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** RFC 3986 percent-encoding of the UTF-8 bytes of `text`; `keep` characters stay as they are. */
function encode(text: string, keepSlash: boolean): string {
  let out = '';
  for (const char of text) {
    if (UNRESERVED.test(char) || (keepSlash && char === '/')) {
      out += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) {
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/** Form decoding as AWS applies it to the query: `+` is a space, `%XX` a byte, bytes are UTF-8. */
function decodeQueryComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  const bytes: number[] = [];
  for (let i = 0; i < spaced.length; i++) {
    const c = spaced.charCodeAt(i);
    if (c === 0x25 && /^[0-9A-Fa-f]{2}$/.test(spaced.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(spaced.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const byte of Buffer.from(spaced[i] ?? '', 'utf8')) bytes.push(byte);
    }
  }
  return new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
}

function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  // The path on the wire is already percent-encoded: encoding it again is the "double encoding".
  return encode(`/${segments.join('/')}${trailing}`, true);
}

function canonicalQuery(rawQuery: string): string {
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([encode(decodeQueryComponent(key), false), encode(decodeQueryComponent(value), false)]);
  }
  pairs.sort((a, b) => (a[0] === b[0] ? compare(a[1], b[1]) : compare(a[0], b[0])));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function headerMap(rawHeaders: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const list = map.get(name) ?? [];
    list.push(rawHeaders[i + 1] ?? '');
    map.set(name, list);
  }
  return map;
}

function trimAll(value: string): string {
  return value.replace(/[ \t]+/g, ' ').trim();
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(+(m[1] ?? 0), +(m[2] ?? 1) - 1, +(m[3] ?? 1), +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  return Number.isNaN(ms) ? undefined : ms;
}

function parseAuthorization(header: string): Map<string, string> | undefined {
  if (!header.startsWith(`${ALGORITHM} `)) return undefined;
  const params = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return params;
}

/**
 * Verifies the SigV4 signature of a request for a function URL in `region`, against the known callers.
 */
export function verifySigV4(
  request: ArrivedRequest,
  callers: readonly FunctionUrlCaller[],
  region: string,
  nowMs: number,
): VerifyOutcome {
  const headers = headerMap(request.rawHeaders);
  const authorization = headers.get('authorization')?.[0];
  if (authorization === undefined) return fail('AccessDeniedException', FORBIDDEN, 'Message');

  const params = parseAuthorization(authorization);
  if (params === undefined) {
    return fail('IncompleteSignatureException', `Authorization header requires the ${ALGORITHM} algorithm.`);
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !params.get(name));
  if (missing.length > 0) {
    return fail(
      'IncompleteSignatureException',
      missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' '),
    );
  }
  const credential = (params.get('Credential') ?? '').split('/');
  const signedHeaders = (params.get('SignedHeaders') ?? '').split(';');
  const signature = params.get('Signature') ?? '';
  if (credential.length !== 5) {
    return fail('IncompleteSignatureException', 'Credential must have exactly 5 slash-delimited elements.');
  }
  const [accessKeyId, scopeDate, scopeRegion, scopeService, terminator] = credential as [
    string,
    string,
    string,
    string,
    string,
  ];

  const caller = callers.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (caller === undefined) return fail('UnrecognizedClientException', BAD_TOKEN);
  const token = headers.get('x-amz-security-token')?.[0];
  if ((caller.sessionToken ?? undefined) !== token) return fail('UnrecognizedClientException', BAD_TOKEN);

  const dateHeader = headers.get('x-amz-date')?.[0];
  if (dateHeader === undefined) {
    return fail(
      'IncompleteSignatureException',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  const signedAt = parseAmzDate(dateHeader);
  if (signedAt === undefined) {
    return fail('IncompleteSignatureException', `Invalid X-Amz-Date '${dateHeader}'.`);
  }
  if (scopeDate !== dateHeader.slice(0, 8)) {
    return fail(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${dateHeader.slice(0, 8)}', from '${dateHeader}'.`,
    );
  }
  if (scopeRegion !== region) {
    return fail(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${scopeRegion}'.`,
    );
  }
  if (scopeService !== 'lambda') {
    return fail('InvalidSignatureException', "Credential should be scoped to correct service: 'lambda'.");
  }
  if (terminator !== 'aws4_request') {
    return fail(
      'InvalidSignatureException',
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`,
    );
  }
  if (nowMs - signedAt > SKEW_MS) {
    return fail(
      'InvalidSignatureException',
      `Signature expired: ${dateHeader} is now earlier than ${amzDate(nowMs - SKEW_MS)} (${amzDate(nowMs)} - 5 min.)`,
    );
  }
  if (signedAt - nowMs > SKEW_MS) {
    return fail(
      'InvalidSignatureException',
      `Signature not yet current: ${dateHeader} is still later than ${amzDate(nowMs + SKEW_MS)} (${amzDate(nowMs)} + 5 min.)`,
    );
  }
  if (!signedHeaders.includes('host')) {
    return fail(
      'InvalidSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }

  const q = request.target.indexOf('?');
  const rawPath = q < 0 ? request.target : request.target.slice(0, q);
  const rawQuery = q < 0 ? '' : request.target.slice(q + 1);
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(headers.get(name) ?? []).map(trimAll).join(',')}\n`)
    .join('');
  const payloadHash = createHash('sha256').update(request.body).digest('hex');
  const canonicalRequest = [
    request.method,
    canonicalPath(rawPath),
    canonicalQuery(rawQuery),
    canonicalHeaders,
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const stringToSign = [
    ALGORITHM,
    dateHeader,
    `${scopeDate}/${scopeRegion}/${scopeService}/${terminator}`,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  let key = hmac(`AWS4${caller.secretAccessKey}`, scopeDate);
  key = hmac(key, scopeRegion);
  key = hmac(key, scopeService);
  key = hmac(key, terminator);
  const expected = Buffer.from(createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex'));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return fail('InvalidSignatureException', MISMATCH);
  }
  return { ok: true, caller };
}

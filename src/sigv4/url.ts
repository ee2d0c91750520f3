import { describeType } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';

/** A URL split into what SigV4 signs. */
export interface CanonicalUrl {
  /** `http:` or `https:`. */
  protocol: string;
  /** The host as `fetch` sends it in `Host` (the port only when it is not the default one). */
  host: string;
  /** The host name, without port. */
  hostname: string;
  /** The port, `undefined` when it is the scheme's default. */
  port: number | undefined;
  /** The path as sent on the wire (percent-encoded by the URL parser). */
  path: string;
  /** Decoded query parameters, repeated keys as arrays, for the signer. */
  query: Record<string, string | string[]>;
  /** The canonical query string: RFC 3986 encoded, sorted by key then value, duplicates kept. */
  canonicalQuery: string;
  /** The URL to send: the query exactly as signed, no fragment. */
  href: string;
}

const PRESIGN_PARAMS = new Set(['x-amz-signature', 'x-amz-algorithm', 'x-amz-credential']);

/** RFC 3986 encoding: everything but `A-Z a-z 0-9 - _ . ~`, as UTF-8 percent escapes. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function comparePairs(a: [string, string], b: [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

function invalidUrl(detail: string): InvalidOptionError {
  return new InvalidOptionError('url', detail);
}

function withoutQuery(text: string): string {
  const cut = text.search(/[?#]/);
  const shown = cut < 0 ? text : `${text.slice(0, cut)}?…`;
  return JSON.stringify(shown.length > 120 ? `${shown.slice(0, 120)}…` : shown);
}

/**
 * Parses the URL to sign and derives the canonical query. The query is read as `URLSearchParams`
 * reads it (`+` is a space; write `%2B` for a plus sign) and re-encoded per RFC 3986, so the URL
 * sent carries exactly the query that was signed.
 *
 * @throws {@link InvalidOptionError} (`option: 'url'`) for a relative or malformed URL, a scheme
 * other than http(s), user info in the URL, or presigned-URL parameters (`X-Amz-Signature`...).
 */
export function canonicalizeUrl(input: unknown): CanonicalUrl {
  let url: URL;
  if (input instanceof URL) {
    url = input;
  } else if (typeof input === 'string') {
    try {
      url = new URL(input);
    } catch {
      throw invalidUrl(
        `Not an absolute URL: ${withoutQuery(input)}. Pass the full function URL, e.g. "https://<url-id>.lambda-url.<region>.on.aws/path".`,
      );
    }
  } else {
    throw invalidUrl(`The URL must be a string or a URL, got ${describeType(input)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidUrl(`Only http and https URLs can be signed, got "${url.protocol}".`);
  }
  if (url.username !== '' || url.password !== '') {
    throw invalidUrl('The URL carries a user name or password: remove it, SigV4 authenticates the request.');
  }
  const query: Record<string, string | string[]> = Object.create(null);
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of url.searchParams) {
    if (PRESIGN_PARAMS.has(key.toLowerCase())) {
      throw invalidUrl(
        `The query carries the presigned-URL parameter "${key}": a request is signed either in its query or in its headers, not both. Remove the X-Amz-* parameters.`,
      );
    }
    const previous = query[key];
    if (previous === undefined) query[key] = value;
    else if (typeof previous === 'string') query[key] = [previous, value];
    else previous.push(value);
    pairs.push([uriEncode(key), uriEncode(value)]);
  }
  // By encoded key, then by encoded value (code unit order; the encoded strings are ASCII).
  pairs.sort(comparePairs);
  const canonicalQuery = pairs.map(([key, value]) => `${key}=${value}`).join('&');
  const path = url.pathname === '' ? '/' : url.pathname;
  return {
    protocol: url.protocol,
    host: url.host,
    hostname: url.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    path,
    query,
    canonicalQuery,
    href: `${url.protocol}//${url.host}${path}${canonicalQuery === '' ? '' : `?${canonicalQuery}`}`,
  };
}

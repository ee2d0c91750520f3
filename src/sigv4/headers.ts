import { describeType, describeValue } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import type { HeadersInput } from './types.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PRINTABLE = /^[\t\x20-\x7e]*$/;
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/** Headers the signer sets itself: values passed in are replaced, so a signed request can be re-signed. */
export const GENERATED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-security-token',
  'date',
]);

/** Headers `fetch` computes itself: dropped, a stale value would break the request. */
const DROPPED_HEADERS: ReadonlySet<string> = new Set(['content-length']);

/** Connection-level headers: `fetch` refuses them, and they are not end to end anyway. */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

function invalidHeader(detail: string): InvalidOptionError {
  return new InvalidOptionError('headers', detail);
}

function add(out: Record<string, string>, name: unknown, value: unknown): void {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw invalidHeader(
      `Invalid header name ${describeValue(name)}: a name is letters, digits and !#$%&'*+-.^_\`|~ only.`,
    );
  }
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else {
    throw invalidHeader(
      `Header ${describeValue(name)} must have a string value, got ${describeType(value)}.`,
    );
  }
  text = text.replace(EDGE_WHITESPACE, '');
  if (!PRINTABLE.test(text)) {
    throw invalidHeader(
      `Header ${describeValue(name)} has a character other than printable ASCII, space or tab (a line break, a control character or non-ASCII text). Encode the value, e.g. with encodeURIComponent().`,
    );
  }
  const key = name.toLowerCase();
  if (GENERATED_HEADERS.has(key) || DROPPED_HEADERS.has(key)) return;
  if (HOP_BY_HOP.has(key)) {
    throw invalidHeader(
      `The connection-level header "${name}" cannot be sent with fetch and is not signed: remove it.`,
    );
  }
  const previous = out[key];
  out[key] = previous === undefined ? text : `${previous}, ${text}`;
}

/**
 * Normalizes headers given as a plain object, a `Headers` or an array of pairs to one object with
 * lower-case names, values trimmed as `fetch` trims them and repeated names joined with `, ` as
 * `fetch` sends them. Headers the signer generates, and `content-length` (`fetch` computes it), are
 * dropped.
 *
 * @throws {@link InvalidOptionError} (`option: 'headers'`) for a name that is not an HTTP token,
 * a value that is not a string, or a value `fetch` would refuse or alter (line breaks, non-ASCII), or a connection-level header
 * (`connection`, `keep-alive`, `transfer-encoding`, `upgrade`, `expect`).
 */
export function normalizeHeaders(input: HeadersInput | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (input === undefined || input === null) return out;
  if (typeof Headers === 'function' && input instanceof Headers) {
    for (const [name, value] of input) add(out, name, value);
    return out;
  }
  if (Array.isArray(input)) {
    for (const pair of input as readonly unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw invalidHeader(`Header pairs must be [name, value] arrays, got ${describeType(pair)}.`);
      }
      add(out, pair[0], pair[1]);
    }
    return out;
  }
  if (typeof input !== 'object') {
    throw invalidHeader(
      `Headers must be a plain object, a Headers or an array of [name, value] pairs, got ${describeType(input)}.`,
    );
  }
  for (const name of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) add(out, name, item);
    } else {
      add(out, name, value);
    }
  }
  return out;
}

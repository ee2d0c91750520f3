import { safeUrl } from '../lib/url.js';

/**
 * Caller values shorter than this are not redacted (they cannot be a credential, and redacting
 * `prod` or `GET` everywhere would leave nothing to read); every run of this many characters of a
 * longer value is.
 */
export const REDACT_WINDOW = 8;
/** How many characters of caller values are indexed; past this the messages are withheld whole. */
export const MAX_INDEXED_CHARS = 64 * 1024;
/** How much of one text is kept and scanned. */
export const MAX_REDACTED_TEXT = 4000;

const MAX_DEPTH = 8;
const WITHHELD = '[withheld: the request is too large to redact]';
const REDACTED = '[redacted]';

/**
 * Removes from a text every run of {@link REDACT_WINDOW} or more characters that occurs in a value the
 * caller sent, anything shaped like a JWT, and the credentials and query of URLs; cuts the text at
 * {@link MAX_REDACTED_TEXT} characters first. Linear in the text and the caller values.
 * @internal
 */
export type Redactor = (text: string) => string;

/**
 * The redactor of one authorizer event: every string in it (the token, headers, query string, path
 * and its parameters, cookies, the method ARN, the request context) is caller data. The walk is
 * bounded, so a cyclic, very deep or hostile object (getters that throw) cannot turn a 401 or 500
 * into a crash.
 * @internal
 */
export function redactorFor(event: unknown): Redactor {
  const windows = new Set<string>();
  let indexed = 0;
  let overflow = false;
  const seen = new Set<object>();
  const index = (value: string) => {
    if (value.length < REDACT_WINDOW) return;
    indexed += value.length;
    if (indexed > MAX_INDEXED_CHARS) {
      overflow = true;
      return;
    }
    for (let i = 0; i + REDACT_WINDOW <= value.length; i++) windows.add(value.slice(i, i + REDACT_WINDOW));
  };
  const walk = (value: unknown, depth: number) => {
    if (overflow) return;
    if (typeof value === 'string') index(value);
    else if (typeof value === 'object' && value !== null) {
      // Too deep to walk: what is below may be caller data, so nothing is shown.
      if (depth >= MAX_DEPTH) overflow = true;
      if (overflow || seen.has(value)) return;
      seen.add(value);
      for (const key of Object.keys(value)) {
        index(key);
        walk((value as Record<string, unknown>)[key], depth + 1);
      }
    }
  };
  try {
    walk(event, 0);
  } catch {
    // Getters that throw, proxies: what was not read cannot be redacted, so nothing is shown.
    overflow = true;
  }
  if (overflow) return () => WITHHELD;
  return (text) => redactText(text, windows);
}

/** A redactor for texts that hold no caller data beyond what the JWT and URL rules catch. @internal */
export const redactShapes: Redactor = (text) => redactText(text, new Set());

function redactText(input: string, windows: ReadonlySet<string>): string {
  const text = input.length > MAX_REDACTED_TEXT ? `${input.slice(0, MAX_REDACTED_TEXT)}…` : input;
  // covered[i]: the character at i belongs to a caller value; marked in one pass over the windows.
  const covered = new Uint8Array(text.length);
  if (windows.size > 0) {
    let until = 0;
    for (let i = 0; i + REDACT_WINDOW <= text.length; i++) {
      if (windows.has(text.slice(i, i + REDACT_WINDOW))) until = i + REDACT_WINDOW;
      if (i < until) covered[i] = 1;
    }
    for (let i = Math.max(0, text.length - REDACT_WINDOW + 1); i < until; i++) covered[i] = 1;
  }
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (covered[i] === 1) {
      while (i < text.length && covered[i] === 1) i++;
      out += REDACTED;
    } else {
      const start = i;
      while (i < text.length && covered[i] !== 1) i++;
      out += text.slice(start, i);
    }
  }
  return redactTokensAndUrls(out);
}

// A single character class repeated: linear, no backtracking.
const DOTTED_RUN = /[A-Za-z0-9_.-]+/g;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
const URL_END = /[\s"'<>`]/;

/**
 * URLs lose their credentials, query and fragment; runs like `header.payload.signature` (two
 * segments of 8+ characters and a third) go whole.
 */
function redactTokensAndUrls(text: string): string {
  return withSafeUrls(text).replace(DOTTED_RUN, (run) => (looksLikeJwt(run) ? REDACTED : run));
}

/** Rewrites each `scheme://...` with {@link safeUrl}, in one pass from one `://` to the next. */
function withSafeUrls(text: string): string {
  let out = '';
  let from = 0;
  let at = text.indexOf('://');
  while (at >= 0) {
    let start = at;
    while (start > from && SCHEME_CHAR.test(text[start - 1] as string)) start--;
    let end = at + 3;
    while (end < text.length && !URL_END.test(text[end] as string)) end++;
    out += text.slice(from, start) + (start === at ? text.slice(at, end) : safeUrl(text.slice(start, end)));
    from = end;
    at = text.indexOf('://', end);
  }
  return out + text.slice(from);
}

function looksLikeJwt(run: string): boolean {
  const parts = run.split('.');
  for (let i = 0; i + 2 < parts.length; i++) {
    if ((parts[i] as string).length >= REDACT_WINDOW && (parts[i + 1] as string).length >= REDACT_WINDOW) {
      return true;
    }
  }
  return false;
}

import { JwksUnavailableError } from './errors.js';

/** Limits of one JSON download. */
export interface FetchJsonLimits {
  /** Abort the whole request (headers and body) after this many milliseconds. */
  readonly timeoutMs: number;
  /** Abort as soon as the body exceeds this many bytes. */
  readonly maxBytes: number;
  /** What is downloaded, for messages: `JWKS` or `discovery document`. */
  readonly what: string;
  /** The error code for a document of the wrong shape or bad JSON. */
  readonly invalidCode: 'ERR_JWKS_INVALID' | 'ERR_JWKS_DISCOVERY';
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why `value` cannot be fetched keys from (not an absolute https URL), or `undefined` if it can. */
export function fetchUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'it is not a string';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'it is not an absolute URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return `it must use https (http is accepted for loopback addresses only), got "${url.protocol}"`;
}

async function readCapped(
  response: Response,
  limits: FetchJsonLimits,
  uri: string,
  abort: () => void,
): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    abort();
    throw tooLarge(limits, uri, `${declared} bytes announced`);
  }
  const body = response.body;
  if (body === null) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limits.maxBytes) {
      abort();
      throw tooLarge(limits, uri, `more than ${limits.maxBytes} bytes received`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(limits: FetchJsonLimits, uri: string, detail: string): JwksUnavailableError {
  return new JwksUnavailableError(
    'ERR_JWKS_TOO_LARGE',
    `The ${limits.what} at ${uri} is larger than ${limits.maxBytes} bytes (${detail}); the download was aborted. Raise maxJwksBytes if this is expected.`,
    uri,
    200,
  );
}

/**
 * Downloads and parses a JSON document with a timeout covering the whole exchange and a byte cap
 * enforced while reading, so an endless or huge response is cut off, not buffered.
 *
 * @throws {@link JwksUnavailableError} on network errors, timeouts, non-200 answers, oversize and bad JSON.
 */
export async function fetchJson(uri: string, limits: FetchJsonLimits): Promise<unknown> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limits.timeoutMs);
  try {
    let raw: Buffer;
    let status: number;
    try {
      const response = await fetch(uri, {
        signal: controller.signal,
        headers: { accept: 'application/json' },
        redirect: 'follow',
      });
      status = response.status;
      if (status !== 200) {
        controller.abort();
        throw new JwksUnavailableError(
          'ERR_JWKS_HTTP_STATUS',
          `The ${limits.what} at ${uri} answered HTTP ${status}, expected 200. Check the URL and that the endpoint is public.`,
          uri,
          status,
        );
      }
      raw = await readCapped(response, limits, uri, () => controller.abort());
    } catch (error) {
      if (error instanceof JwksUnavailableError) throw error;
      if (timedOut) {
        throw new JwksUnavailableError(
          'ERR_JWKS_TIMEOUT',
          `The ${limits.what} at ${uri} did not arrive within timeoutMs (${limits.timeoutMs} ms). Check that the function can reach it (VPC without NAT gateway or endpoint?).`,
          uri,
          undefined,
          { cause: error },
        );
      }
      throw new JwksUnavailableError(
        'ERR_JWKS_FETCH',
        `The ${limits.what} at ${uri} could not be fetched: ${error instanceof Error ? error.message : String(error)}. Check that the function can reach it (VPC without NAT gateway or endpoint?).`,
        uri,
        undefined,
        { cause: error },
      );
    }
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch (cause) {
      throw new JwksUnavailableError(
        limits.invalidCode,
        `The ${limits.what} at ${uri} is not valid JSON (${raw.length} bytes received).`,
        uri,
        status,
        { cause },
      );
    }
  } finally {
    clearTimeout(timer);
  }
}

import { AuthorizerKitError } from '../lib/errors.js';
import { isUnauthorized } from '../policy/unauthorized.js';
import { AuthorizerFailedError } from './errors.js';

/**
 * Where the handlers write one line when they cannot decide. Default: a JSON line on `console.error`.
 *
 * @example
 * ```ts
 * import type { AuthorizerLogger } from 'lambda-authorizer-kit/authorizer';
 *
 * const logger: AuthorizerLogger = { error: (message, details) => console.error(message, details) };
 * ```
 */
export interface AuthorizerLogger {
  error(message: string, details: Record<string, unknown>): void;
}

/** The default logger: one JSON line on `console.error`. */
export const consoleLogger: AuthorizerLogger = {
  error(message, details) {
    console.error(JSON.stringify({ level: 'error', message, ...details }));
  },
};

const MAX_CALLER_DEPTH = 8;

const JWT_LIKE = /[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/** Removes the known secrets and anything shaped like a JWT from a message. @internal */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out.replace(JWT_LIKE, '[redacted]');
}

/**
 * Every value a caller controls in an authorizer event (the token, header, query string and cookie
 * values), long enough to be a credential: what must never reach a log line.
 * @internal
 */
export function callerValues(event: unknown): string[] {
  const values: string[] = [];
  // Events come from JSON, but a test or a wrapper can hand over anything: bound the walk, so a
  // cyclic or very deep object, or one whose getters throw, cannot turn a 401 or 500 into a crash.
  const seen = new Set<object>();
  const collect = (value: unknown, depth: number) => {
    if (typeof value === 'string') {
      if (value.length >= 8) values.push(value);
      // "Bearer <token>", "a=1; session=<token>": each part on its own as well.
      for (const part of value.split(/[\s;,=]+/)) if (part.length >= 8 && part !== value) values.push(part);
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_CALLER_DEPTH || seen.has(value)) return;
      seen.add(value);
      for (const item of Array.isArray(value) ? value : Object.values(value)) collect(item, depth + 1);
    }
  };
  try {
    if (typeof event === 'object' && event !== null) {
      const e = event as Record<string, unknown>;
      for (const field of [
        'authorizationToken',
        'headers',
        'multiValueHeaders',
        'queryStringParameters',
        'multiValueQueryStringParameters',
        'cookies',
        'identitySource',
      ]) {
        collect(e[field], 0);
      }
    }
  } catch {
    // A hostile event object: redact what was collected, and the JWT-like pattern still applies.
  }
  // Longest first, so a value is redacted whole before any of its parts.
  return values.sort((a, b) => b.length - a.length);
}

/**
 * The error to keep as `cause`: the original, unless its message carries caller values (a callback
 * put the token in it); then a copy with the same name, the message and stack redacted, and no cause.
 */
function redactedCause(
  error: unknown,
  message: string | undefined,
  secrets: readonly (string | undefined)[],
): unknown {
  if (typeof error === 'string') return redact(error, secrets);
  if (!(error instanceof Error) || message === error.message) return error;
  const copy = new Error(message);
  copy.name = error.name;
  copy.stack = redact(error.stack ?? '', secrets);
  return copy;
}

/**
 * Turns an error thrown while deciding into what API Gateway must see: `Unauthorized` passes through
 * (401); anything else is logged without token data and replaced by an {@link AuthorizerFailedError}
 * (500).
 * @internal
 */
export function failClosed(
  error: unknown,
  logger: AuthorizerLogger,
  secrets: readonly (string | undefined)[],
): never {
  if (isUnauthorized(error)) throw error;
  const name = error instanceof Error ? error.name : typeof error;
  const code = error instanceof AuthorizerKitError ? error.code : undefined;
  const message = error instanceof Error ? redact(error.message, secrets) : undefined;
  try {
    logger.error('authorizer could not decide; API Gateway answers 500', {
      errorName: name,
      code,
      errorMessage: message,
    });
  } catch {
    // A failing logger must not turn a 500 into something else.
  }
  throw new AuthorizerFailedError(
    `The authorizer could not decide (${name}${code === undefined ? '' : ` ${code}`}); API Gateway answers 500.`,
    { cause: redactedCause(error, message, secrets) },
  );
}

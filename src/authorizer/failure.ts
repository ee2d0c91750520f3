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
  const collect = (value: unknown) => {
    if (typeof value === 'string') {
      if (value.length >= 8) values.push(value);
      // "Bearer <token>", "a=1; session=<token>": each part on its own as well.
      for (const part of value.split(/[\s;,=]+/)) if (part.length >= 8 && part !== value) values.push(part);
    } else if (Array.isArray(value)) for (const item of value) collect(item);
    else if (typeof value === 'object' && value !== null)
      for (const item of Object.values(value)) collect(item);
  };
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
      collect(e[field]);
    }
  }
  // Longest first, so a value is redacted whole before any of its parts.
  return values.sort((a, b) => b.length - a.length);
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
    { cause: error },
  );
}

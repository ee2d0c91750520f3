import { InvalidOptionError } from '../lib/errors.js';
import type { AuthorizerLogger } from './failure.js';

/**
 * The methods of a Powertools for AWS Lambda `Logger` that {@link powertoolsLogger} calls: each takes
 * a message and an object whose keys become keys of the JSON line. Any logger with these methods
 * fits; the package does not import Powertools.
 *
 * See the example of {@link powertoolsLogger}.
 */
export interface PowertoolsLoggerLike {
  error(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  info(message: string, ...extra: Record<string, unknown>[]): void;
  debug(message: string, ...extra: Record<string, unknown>[]): void;
}

/**
 * The level refusals (401 and 403) are written at, or `'off'`. See the example of {@link powertoolsLogger}.
 */
export type RefusalLogLevel = 'debug' | 'info' | 'warn' | 'off';

/**
 * Options of {@link powertoolsLogger}.
 *
 * See the example of {@link powertoolsLogger}.
 */
export interface PowertoolsLoggerOptions {
  /** The level of the one line per refused request. Default: `'debug'`. */
  readonly refusals?: RefusalLogLevel | undefined;
}

const LEVELS: ReadonlySet<unknown> = new Set<RefusalLogLevel>(['debug', 'info', 'warn', 'off']);

/**
 * Makes a Powertools `Logger` the authorizers' logger: failures (the 500s) at ERROR, refusals at the
 * level you choose, each line with `code` (the reason code), `status` and `reason` or `callback` and
 * `error` as keys of its own, beside Powertools' `service`, `function_request_id` and persistent keys.
 *
 * @param logger - a Powertools `Logger`, or any object with its `error`, `warn`, `info`, `debug`.
 * @param options - see {@link PowertoolsLoggerOptions}.
 * @returns a logger for the `logger` option of every authorizer factory and of the function-URL guard.
 * @throws {@link InvalidOptionError} when `logger` lacks a method it needs or `refusals` is not a level.
 *
 * @example
 * ```ts
 * import { Logger } from '@aws-lambda-powertools/logger';
 * import { createTokenAuthorizer, powertoolsLogger } from 'lambda-authorizer-kit/authorizer';
 * import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';
 *
 * export const handler = createTokenAuthorizer({
 *   verifier: createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' }),
 *   // Refusals at INFO: count them by code in CloudWatch Logs Insights.
 *   logger: powertoolsLogger(new Logger({ serviceName: 'pets-authorizer' }), { refusals: 'info' }),
 * });
 * ```
 */
export function powertoolsLogger(
  logger: PowertoolsLoggerLike,
  options: PowertoolsLoggerOptions = {},
): AuthorizerLogger {
  const refusals = options.refusals ?? 'debug';
  if (!LEVELS.has(refusals)) {
    throw new InvalidOptionError(
      'refusals',
      "powertoolsLogger() option refusals must be 'debug', 'info', 'warn' or 'off'.",
    );
  }
  const methods = refusals === 'off' ? ['error'] : ['error', refusals];
  for (const method of methods) {
    if (typeof (logger as unknown as Record<string, unknown> | null)?.[method] !== 'function') {
      throw new InvalidOptionError(
        'logger',
        `powertoolsLogger() needs a logger with a ${method}() method: pass a Powertools Logger (new Logger() from @aws-lambda-powertools/logger).`,
      );
    }
  }
  const error: AuthorizerLogger['error'] = (message, details) => logger.error(message, details);
  if (refusals === 'off') return Object.freeze({ error });
  return Object.freeze({
    error,
    debug: (message: string, details: Record<string, unknown>) => logger[refusals](message, details),
  });
}

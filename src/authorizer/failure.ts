import { isTokenRefusal } from '../jwt/errors.js';
import { describeType } from '../lib/describe.js';
import { codeOf } from '../lib/errors.js';
import { REFUSAL } from '../lib/refusal.js';
import type { AuthorizerResult } from '../policy/types.js';
import { isUnauthorized } from '../policy/unauthorized.js';
import {
  type AuthorizerCallbackName,
  type AuthorizerDenialCode,
  AuthorizerFailedError,
  type AuthorizerFailedErrorCode,
  type AuthorizerRefusalCode,
  UnauthorizedError,
} from './errors.js';
import { type Redactor, redactorFor } from './redact.js';

/**
 * Where the handlers write their lines: `error` when they cannot decide (500), `debug`, when it is
 * there, for each refusal (401, 403) with its reason code and the verifier's message, never the
 * token. A Powertools `Logger` plugs in as it is (refusals show at its DEBUG level). Default: JSON
 * lines on the console, refusals only when Lambda's log level (`AWS_LAMBDA_LOG_LEVEL`) is DEBUG or
 * TRACE.
 *
 * See the example of {@link createTokenAuthorizer}.
 */
export interface AuthorizerLogger {
  /** One line per request the authorizer could not decide (API Gateway answers 500). */
  error(message: string, details: Record<string, unknown>): void;
  /** One line per refused request (401 or 403): `status`, `code`, `reason`. */
  debug?(message: string, details: Record<string, unknown>): void;
}

const DEBUG_LEVELS = new Set(['DEBUG', 'TRACE']);

/**
 * The default logger: one JSON line per event on the console, with a `level` that Lambda's
 * log-level filtering reads; refusals only when `AWS_LAMBDA_LOG_LEVEL` is DEBUG or TRACE.
 * @internal
 */
export const consoleLogger: AuthorizerLogger = {
  error(message, details) {
    console.error(JSON.stringify({ level: 'error', message, ...details }));
  },
  debug(message, details) {
    if (!debugWanted()) return;
    // biome-ignore lint/suspicious/noConsole: a debug line, filtered by Lambda's log level.
    console.debug(JSON.stringify({ level: 'debug', message, ...details }));
  },
};

function debugWanted(): boolean {
  return DEBUG_LEVELS.has((process.env.AWS_LAMBDA_LOG_LEVEL ?? '').toUpperCase());
}

/** A callback's throw, rejection or unusable answer, on its way to a 500 (or a 401). @internal */
export class CallbackFailure {
  constructor(
    readonly callback: AuthorizerCallbackName,
    /** What it threw or rejected with; `undefined` when it answered something not understood. */
    readonly error: unknown,
    /** For an unusable answer: what was wrong, in the library's words (no caller value). */
    readonly explanation?: string,
  ) {}
}

/**
 * Calls a user callback and awaits what it returns; a throw or a rejection becomes a
 * {@link CallbackFailure} naming it.
 * @internal
 */
export async function callBack<A extends unknown[]>(
  name: AuthorizerCallbackName,
  fn: (...args: A) => unknown,
  ...args: A
): Promise<unknown> {
  try {
    return await fn(...args);
  } catch (error) {
    throw new CallbackFailure(name, error);
  }
}

/** Ends the request with a 500 naming the callback and what was wrong with its answer. @internal */
export function badAnswer(name: AuthorizerCallbackName, explanation: string): never {
  throw new CallbackFailure(name, undefined, explanation);
}

/**
 * What a guard's log lines and failures say the service answers: API Gateway's 401/403/500, or
 * AppSync's `UnauthorizedException`.
 * @internal
 */
export interface GuardWording {
  refused: string;
  denied: string;
  failed: string;
}

/** The words of the API Gateway authorizers. @internal */
export const API_GATEWAY_WORDING: GuardWording = {
  refused: 'API Gateway answers 401',
  denied: 'API Gateway answers 403',
  failed: 'API Gateway answers 500',
};

const MAX_NAME = 100;
const CODE_LIKE = /^[A-Z][A-Z0-9_]{1,63}$/;
const MAX_CAUSE_DEPTH = 3;
const MAX_CAUSE_PROPERTIES = 16;

/**
 * One request's way to its answer: refusals (401, 403) are logged at debug level with a reason
 * code, failures (500) at error level; both without any value the caller sent. The redactor is
 * built on first use: an allowed request pays nothing.
 * @internal
 */
export class RequestGuard {
  #redact: Redactor | undefined;

  constructor(
    private readonly event: unknown,
    private readonly logger: AuthorizerLogger,
    private readonly wording: GuardWording = API_GATEWAY_WORDING,
  ) {}

  get redact(): Redactor {
    this.#redact ??= redactorFor(this.event);
    return this.#redact;
  }

  /** Answers 401 with a reason. */
  refuse(code: AuthorizerRefusalCode, reason: string): never {
    const shown = this.redact(reason);
    this.#debug(`authorizer refused the request; ${this.wording.refused}`, 401, code, shown);
    throw new UnauthorizedError(code, shown);
  }

  /** Marks a Deny (or `isAuthorized: false`) result with its reason and logs it; returns the result. */
  deny<T extends object>(result: T, code: AuthorizerDenialCode, reason: string): T {
    const shown = this.redact(reason);
    this.#debug(`authorizer denied the request; ${this.wording.denied}`, 403, code, shown);
    // Not enumerable and keyed by a symbol: JSON (what Lambda sends to API Gateway) never carries it.
    Object.defineProperty(result, REFUSAL, { value: { code, reason: shown }, enumerable: false });
    return result;
  }

  /** A result without any Allow statement is a refusal: marked and logged as one (403). */
  denyUnlessAllowed<T extends AuthorizerResult>(result: T, reason: string): T {
    return result.policyDocument.Statement.some((statement) => statement.Effect === 'Allow')
      ? result
      : this.deny(result, 'ERR_AUTHORIZER_DENIED', reason);
  }

  /**
   * Turns whatever was thrown while deciding into the answer: a refused token or `unauthorized()` is
   * a 401 with its reason; anything else is logged and becomes an {@link AuthorizerFailedError} (500).
   */
  settle(error: unknown): never {
    if (error instanceof UnauthorizedError) throw error;
    if (error instanceof CallbackFailure) {
      if (isUnauthorized(error.error)) {
        this.refuse('ERR_AUTHORIZER_UNAUTHORIZED', `${error.callback}() threw unauthorized()`);
      }
      const what = error.explanation ?? `threw ${this.#describe(error.error)}`;
      this.#fail('ERR_AUTHORIZER_CALLBACK', `${error.callback}() ${what}`, error.error, error.callback);
    }
    if (isTokenRefusal(error)) this.refuse(error.code, error.message);
    if (isUnauthorized(error)) this.refuse('ERR_AUTHORIZER_UNAUTHORIZED', 'unauthorized() was thrown');
    this.#fail('ERR_AUTHORIZER_FAILED', this.#describe(error), error);
  }

  /** Logs, at error level, a failure the request survives (an enrichment that fell back). */
  survived(failure: CallbackFailure, outcome: string): void {
    const what = failure.explanation ?? `threw ${this.#describe(failure.error)}`;
    try {
      this.logger.error(`${failure.callback}() failed; ${outcome}`, {
        code: 'ERR_AUTHORIZER_CALLBACK',
        callback: failure.callback,
        error: what,
      });
    } catch {
      // The decision stands whatever the logger does.
    }
  }

  #describe(error: unknown): string {
    let name: string = describeType(error);
    try {
      if (error instanceof Error && typeof error.name === 'string') name = error.name.slice(0, MAX_NAME);
    } catch {
      // A getter that throws: the type is all there is to say.
    }
    const code = codeLike(error);
    return this.redact(code === undefined ? name : `${name} ${code}`);
  }

  #fail(
    code: AuthorizerFailedErrorCode,
    what: string,
    error: unknown,
    callback?: AuthorizerCallbackName,
  ): never {
    const cause = error === undefined ? undefined : sanitize(error, this.redact, 0);
    try {
      this.logger.error(`authorizer could not decide; ${this.wording.failed}`, {
        code,
        ...(callback === undefined ? {} : { callback }),
        error: what,
        ...(cause instanceof Error ? { errorMessage: cause.message } : {}),
      });
    } catch {
      // A failing logger must not turn a 500 into something else.
    }
    throw new AuthorizerFailedError(
      code,
      `The authorizer could not decide: ${what}. ${this.wording.failed}.`,
      callback,
      cause === undefined ? undefined : { cause },
    );
  }

  #debug(
    message: string,
    status: 401 | 403,
    code: AuthorizerRefusalCode | AuthorizerDenialCode,
    reason: string,
  ): void {
    try {
      const debug = this.logger.debug;
      if (typeof debug === 'function') debug.call(this.logger, message, { status, code, reason });
    } catch {
      // The answer stands whatever the logger does.
    }
  }
}

/** An error's `code` when it looks like one (`ERR_JWKS_UNAVAILABLE`, `ECONNREFUSED`). */
function codeLike(error: unknown): string | undefined {
  const code = codeOf(error) ?? ownString(error, 'code');
  return code !== undefined && CODE_LIKE.test(code) ? code : undefined;
}

function ownString(value: unknown, key: string): string | undefined {
  try {
    const found =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    return typeof found === 'string' ? found : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A copy of a thrown value that is safe to keep as `cause` and to show with `util.inspect()`: a plain
 * `Error` with the name, message, stack, primitive own properties (`code`, `status`, `claim`, ...)
 * and causes of the original, every string redacted; anything else (functions, nested objects,
 * getters) left out.
 */
function sanitize(value: unknown, redact: Redactor, depth: number): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'number' || typeof value === 'boolean' || value === undefined
      ? value
      : describeType(value);
  }
  const copy = new Error(redact(ownString(value, 'message') ?? describeType(value)));
  try {
    copy.name = redact((ownString(value, 'name') ?? 'Error').slice(0, MAX_NAME));
    copy.stack = redact(ownString(value, 'stack') ?? `${copy.name}: ${copy.message}`);
    let kept = 0;
    for (const key of Object.keys(value)) {
      if (kept >= MAX_CAUSE_PROPERTIES) break;
      if (key === 'message' || key === 'name' || key === 'stack' || key === 'cause') continue;
      const item = (value as Record<string, unknown>)[key];
      if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') continue;
      const safeKey = redact(key.slice(0, MAX_NAME));
      Object.defineProperty(copy, safeKey, {
        value: typeof item === 'string' ? redact(item) : item,
        enumerable: true,
        configurable: true,
        writable: true,
      });
      kept++;
    }
    if (depth < MAX_CAUSE_DEPTH && 'cause' in value) {
      const cause = (value as { cause?: unknown }).cause;
      if (cause !== undefined) copy.cause = sanitize(cause, redact, depth + 1);
    }
  } catch {
    // A hostile object (getters that throw, proxies): what was copied so far is what is kept.
  }
  return copy;
}

import { anyRouteInStage } from '../arn/scopes.js';
import { extractBearerToken } from '../jwt/bearer.js';
import { JwtVerificationError } from '../jwt/errors.js';
import type { JwtPayload } from '../jwt/types.js';
import type { JwtVerifier } from '../jwt/verifier.js';
import { describeType, describeValue } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import { checkAuthorizerContext, checkJsonContext } from '../policy/context.js';
import { deny } from '../policy/result.js';
import type { AuthorizerContextValue, AuthorizerResult } from '../policy/types.js';
import { isUnauthorized } from '../policy/unauthorized.js';
import { defaultPrincipal, flatClaims } from './claims.js';
import {
  DEFAULT_ENRICH_TIMEOUT_MS,
  type EnrichContext,
  type EnrichFailure,
  runEnrichment,
} from './enrich.js';
import type { AuthorizerCallbackName } from './errors.js';
import { type AuthorizerLogger, badAnswer, callBack, type RequestGuard } from './failure.js';

/**
 * How the token sits in the header: `'bearer'` (the default) takes only `Bearer <jwt>`; `'raw'` takes
 * the JWT as the whole value, as Cognito user pool authorizers do; `'bearer-or-raw'` takes both, for
 * clients moving from one to the other.
 *
 * See the example of {@link createTokenAuthorizer}.
 */
export type TokenScheme = 'bearer' | 'raw' | 'bearer-or-raw';

/**
 * The context a TOKEN or REQUEST authorizer's callbacks may answer: what API Gateway passes on for
 * IAM results (strings, finite numbers, booleans) and `undefined`, which is dropped.
 *
 * See the example of {@link createTokenAuthorizer}.
 */
export type FlatContext = Record<string, AuthorizerContextValue | undefined>;

/**
 * What a callback that may answer nothing returns. `void`, not `undefined`, so that block bodies
 * compile, and, inside a union, still refusing a promise or a value of another type.
 * @internal
 */
// biome-ignore lint/suspicious/noConfusingVoidType: the one place a callback's "nothing" is spelled.
export type Nothing = void;

const SCHEMES: readonly TokenScheme[] = ['bearer', 'raw', 'bearer-or-raw'];
const FAILURE_MODES: readonly EnrichFailure[] = ['fallback', 'deny', 'fail'];
const BEARER_PREFIX = /^bearer[ \t]/i;

/**
 * What the JWT-based handlers share: the verifier, how the token is sent, how to name the principal,
 * what context to pass on, and an optional enrichment call. Every callback is awaited; a throw or a
 * rejection answers 500 (or 401 for `unauthorized()`), and so does an answer of the wrong type.
 *
 * See the example of {@link createTokenAuthorizer}.
 */
export interface JwtAuthorizerOptions<
  TClaims extends JwtPayload = JwtPayload,
  TContext extends Record<string, unknown> = FlatContext,
> {
  /** The verifier from `createJwtVerifier()` (created once, at module scope). */
  verifier: Pick<JwtVerifier, 'verify'>;
  /** How the token sits in the header. Default: `'bearer'` (`Bearer <jwt>` only). */
  tokenScheme?: TokenScheme;
  /** The principal of a verified token; awaited. Default: `sub`, else `client_id`. */
  principalId?: (claims: TClaims) => string | Promise<string>;
  /**
   * The context passed to the integration; awaited. Default: the token's top-level claims; for IAM
   * results arrays and objects are JSON-encoded (API Gateway takes only strings, numbers and booleans
   * there), HTTP API results carry them as JSON.
   */
  context?: (claims: TClaims) => TContext | Promise<TContext>;
  /** Adds context from another system after verification, with a timeout. Default: none. */
  enrich?: EnrichContext<TClaims, TContext>;
  /** How long `enrich` may take. Default: 2000 ms. */
  enrichTimeoutMs?: number;
  /**
   * What a throw, a rejection or a timeout of `enrich` leads to: `'fallback'` decides with
   * `enrichFallback` added, `'deny'` answers 403, `'fail'` answers 500. Default: `'fallback'`.
   */
  onEnrichFailure?: EnrichFailure;
  /** The context added when `enrich` fails or times out with `onEnrichFailure: 'fallback'`. Default: `{}`. */
  enrichFallback?: TContext;
  /**
   * Where the handler writes one line per request it cannot decide, and, with a `debug` method, one
   * per refusal. Default: JSON lines on the console (refusals with `AWS_LAMBDA_LOG_LEVEL=DEBUG`).
   */
  logger?: AuthorizerLogger;
}

/** Checks the options shared by the JWT handlers at creation. @internal */
export function checkJwtOptions(
  options: JwtAuthorizerOptions<never, never> | undefined,
  factory: string,
  jsonContext: boolean,
): void {
  if (typeof options?.verifier?.verify !== 'function') {
    throw new InvalidOptionError(
      'verifier',
      `${factory}() needs a verifier: createJwtVerifier({ issuer, audience }).`,
    );
  }
  for (const name of [
    'principalId',
    'context',
    'enrich',
    'policy',
    'tokenFrom',
    'authorize',
    'usageIdentifierKey',
  ] as const) {
    const value = (options as unknown as Record<string, unknown>)[name];
    if (value !== undefined && typeof value !== 'function') {
      throw new InvalidOptionError(name, `${factory}() option ${name} must be a function.`);
    }
  }
  const { enrichTimeoutMs, enrichFallback, onEnrichFailure, tokenScheme } =
    options as unknown as JwtAuthorizerOptions<JwtPayload, Record<string, unknown>>;
  if (tokenScheme !== undefined && !SCHEMES.includes(tokenScheme)) {
    throw new InvalidOptionError(
      'tokenScheme',
      `${factory}() option tokenScheme must be 'bearer', 'raw' or 'bearer-or-raw', got ${describeValue(tokenScheme)}.`,
    );
  }
  if (onEnrichFailure !== undefined && !FAILURE_MODES.includes(onEnrichFailure)) {
    throw new InvalidOptionError(
      'onEnrichFailure',
      `${factory}() option onEnrichFailure must be 'fallback', 'deny' or 'fail', got ${describeValue(onEnrichFailure)}.`,
    );
  }
  if (
    enrichTimeoutMs !== undefined &&
    (typeof enrichTimeoutMs !== 'number' || !Number.isFinite(enrichTimeoutMs) || enrichTimeoutMs <= 0)
  ) {
    throw new InvalidOptionError(
      'enrichTimeoutMs',
      `${factory}() option enrichTimeoutMs must be a positive number of milliseconds.`,
    );
  }
  if (enrichFallback !== undefined) {
    // Checked now, not when the enrichment first fails in production.
    try {
      if (jsonContext) checkJsonContext(enrichFallback);
      else checkAuthorizerContext(enrichFallback);
    } catch (cause) {
      throw new InvalidOptionError(
        'enrichFallback',
        `${factory}() option enrichFallback: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  }
}

/** The token in a header value, read with the configured scheme; a refusal (401) when there is none. @internal */
export function tokenOf(header: string | undefined, scheme: TokenScheme = 'bearer'): string {
  if (scheme === 'bearer' || (scheme === 'bearer-or-raw' && BEARER_PREFIX.test(header?.trim() ?? ''))) {
    return extractBearerToken(header);
  }
  const token = header?.trim();
  if (token === undefined) {
    throw new JwtVerificationError(
      'ERR_BEARER_MISSING',
      'No token: the header the token is read from is missing.',
    );
  }
  if (token === '')
    throw new JwtVerificationError('ERR_BEARER_EMPTY', 'The header the token is read from is empty.');
  return token;
}

/** Verifies the token; the verifier's refusals are the guard's to turn into 401s. @internal */
export async function verifyToken<TClaims extends JwtPayload>(
  verifier: Pick<JwtVerifier, 'verify'>,
  token: string,
): Promise<TClaims> {
  const claims: unknown = await verifier.verify<TClaims>(token);
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    badAnswer('verifier.verify', `resolved to ${describeType(claims)}, not the token's claims`);
  }
  return claims as TClaims;
}

/** The principal of verified claims: the option, awaited and checked, or the default. @internal */
export async function principalFor<TClaims extends JwtPayload>(
  options: Pick<JwtAuthorizerOptions<TClaims, never>, 'principalId'>,
  claims: TClaims,
): Promise<string> {
  if (options.principalId === undefined) return defaultPrincipal(claims);
  const principal = await callBack('principalId', options.principalId, claims);
  if (typeof principal !== 'string') {
    badAnswer('principalId', `returned ${describeType(principal)}; it must return the principal as a string`);
  }
  return principal;
}

/** The context for a verified token, or why the request is denied. @internal */
export type ContextOutcome = { context: Record<string, unknown> } | { denied: string };

/**
 * The context for a verified token: the option (awaited) or the default, plus the enrichment, each
 * checked as API Gateway would; `onEnrichFailure` applied. @internal
 */
export async function contextFor<TClaims extends JwtPayload>(
  options: JwtAuthorizerOptions<TClaims, Record<string, unknown>>,
  claims: TClaims,
  guard: RequestGuard,
  jsonContext: boolean,
): Promise<ContextOutcome> {
  const base =
    options.context === undefined
      ? jsonContext
        ? checkJsonContext({ ...claims })
        : flatClaims(claims)
      : checkedContext('context', await callBack('context', options.context, claims), jsonContext);
  if (options.enrich === undefined) return { context: base };
  const enrichment = await runEnrichment(
    options.enrich,
    claims,
    options.enrichTimeoutMs ?? DEFAULT_ENRICH_TIMEOUT_MS,
  );
  if (enrichment.ok) {
    return { context: { ...base, ...checkedContext('enrich', enrichment.context, jsonContext) } };
  }
  const { failure } = enrichment;
  const mode = options.onEnrichFailure ?? 'fallback';
  // unauthorized() thrown by enrich is an explicit 401, whatever the mode.
  if (mode === 'fail' || isUnauthorized(failure.error)) throw failure;
  if (mode === 'deny') return { denied: `enrich() ${failure.explanation ?? 'failed'}` };
  guard.survived(failure, 'the context falls back to enrichFallback');
  return { context: { ...base, ...(options.enrichFallback ?? {}) } };
}

/** A callback's context, checked as API Gateway would check it; a 500 naming the callback otherwise. */
function checkedContext(
  callback: AuthorizerCallbackName,
  context: unknown,
  jsonContext: boolean,
): Record<string, unknown> {
  try {
    return jsonContext ? checkJsonContext(context) : checkAuthorizerContext(context);
  } catch (error) {
    badAnswer(callback, `returned a context API Gateway would refuse: ${(error as Error).message}`);
  }
}

/** The 403 for a request whose enrichment failed with `onEnrichFailure: 'deny'`. @internal */
export function enrichmentDenial(
  guard: RequestGuard,
  principalId: string,
  methodArn: string,
  reason: string,
): AuthorizerResult {
  return guard.deny(deny(principalId, anyRouteInStage(methodArn)), 'ERR_AUTHORIZER_ENRICH_FAILED', reason);
}

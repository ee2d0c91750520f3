import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { MethodArn } from '../arn/types.js';
import { extractBearerToken } from '../jwt/bearer.js';
import { BearerTokenError, JwtVerificationError } from '../jwt/errors.js';
import type { JwtPayload } from '../jwt/types.js';
import type { JwtVerifier } from '../jwt/verifier.js';
import { PolicyBuilder } from '../policy/builder.js';
import { checkAuthorizerContext, checkJsonContext } from '../policy/context.js';
import type { AuthorizerContext, AuthorizerResult } from '../policy/types.js';
import { unauthorized } from '../policy/unauthorized.js';
import { defaultPrincipal, flatClaims } from './claims.js';
import { DEFAULT_ENRICH_TIMEOUT_MS, type EnrichContext, runEnrichment } from './enrich.js';
import { AuthorizerConfigError } from './errors.js';
import { type AuthorizerLogger, callerValues, consoleLogger, failClosed } from './failure.js';

/**
 * What the JWT-based handlers share: the verifier, how to name the principal, what context to pass
 * on, and an optional enrichment call.
 *
 * @example
 * ```ts
 * import type { JwtAuthorizerOptions } from 'lambda-authorizer-kit/authorizer';
 * import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';
 *
 * const options: JwtAuthorizerOptions = {
 *   verifier: createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' }),
 *   context: (claims) => ({ email: String(claims.email ?? '') }),
 * };
 * ```
 */
export interface JwtAuthorizerOptions<TClaims extends JwtPayload = JwtPayload> {
  /** The verifier from `createJwtVerifier()` (created once, at module scope). */
  verifier: Pick<JwtVerifier, 'verify'>;
  /** The principal of a verified token. Default: `sub`, else `client_id`. */
  principalId?: (claims: TClaims) => string;
  /**
   * The context passed to the integration. Default: the token's top-level claims; for IAM results
   * arrays and objects are JSON-encoded (API Gateway takes only strings, numbers and booleans there),
   * HTTP API simple responses carry them as JSON.
   */
  context?: (claims: TClaims) => Record<string, unknown>;
  /** Adds context from another system after verification, with a timeout. Default: none. */
  enrich?: EnrichContext<TClaims>;
  /** How long `enrich` may take. Default: 2000 ms. */
  enrichTimeoutMs?: number;
  /** The context added when `enrich` fails or times out. Default: `{}`. */
  enrichFallback?: Record<string, unknown>;
  /** Where a line is written when the authorizer cannot decide. Default: a JSON line on `console.error`. */
  logger?: AuthorizerLogger;
}

/**
 * Options of {@link createTokenAuthorizer}.
 *
 * @example
 * ```ts
 * import { createTokenAuthorizer, type TokenAuthorizerOptions } from 'lambda-authorizer-kit/authorizer';
 * import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';
 *
 * const options: TokenAuthorizerOptions = {
 *   verifier: createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' }),
 *   policy: (builder, claims) => (claims.scope?.includes('admin') ? builder.allowAll() : builder.allow('GET', '/*')),
 * };
 * export const handler = createTokenAuthorizer(options);
 * ```
 */
export interface TokenAuthorizerOptions<TClaims extends JwtPayload = JwtPayload>
  extends JwtAuthorizerOptions<TClaims> {
  /**
   * Shapes the policy for a verified token: add statements to the builder (bound to the request's
   * API and stage). Default: `builder.allowAll()`, the whole stage, which stays right when API Gateway
   * caches the result for the token's other routes.
   */
  policy?: (builder: PolicyBuilder, claims: TClaims, methodArn: MethodArn) => unknown;
}

/**
 * A TOKEN authorizer handler.
 *
 * @example
 * ```ts
 * import { createTokenAuthorizer, type TokenAuthorizerHandler } from 'lambda-authorizer-kit/authorizer';
 * import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';
 *
 * const authorize: TokenAuthorizerHandler = createTokenAuthorizer({
 *   verifier: createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' }),
 * });
 *
 * export const handler: TokenAuthorizerHandler = async (event) => {
 *   const result = await authorize(event);
 *   console.log(JSON.stringify({ principalId: result.principalId, methodArn: event.methodArn }));
 *   return result;
 * };
 * ```
 */
export type TokenAuthorizerHandler = (event: APIGatewayTokenAuthorizerEvent) => Promise<AuthorizerResult>;

/** Verifies the bearer token; 401 for a missing, malformed or refused token. @internal */
export async function verifyBearer<TClaims extends JwtPayload>(
  verifier: Pick<JwtVerifier, 'verify'>,
  header: string | undefined,
): Promise<TClaims> {
  try {
    return await verifier.verify<TClaims>(extractBearerToken(header));
  } catch (error) {
    if (error instanceof BearerTokenError || error instanceof JwtVerificationError) unauthorized();
    throw error;
  }
}

/** Checks the options shared by the JWT handlers at creation. @internal */
export function checkJwtOptions(
  options: JwtAuthorizerOptions<never> | undefined,
  factory: string,
  jsonContext = false,
): void {
  if (typeof options?.verifier?.verify !== 'function') {
    throw new AuthorizerConfigError(
      `${factory}() needs a verifier: createJwtVerifier({ issuer, audience }).`,
    );
  }
  for (const name of ['principalId', 'context', 'enrich', 'policy', 'tokenFrom'] as const) {
    const value = (options as unknown as Record<string, unknown>)[name];
    if (value !== undefined && typeof value !== 'function') {
      throw new AuthorizerConfigError(`${factory}() option ${name} must be a function of the claims.`);
    }
  }
  const { enrichTimeoutMs, enrichFallback } = options as JwtAuthorizerOptions;
  if (
    enrichTimeoutMs !== undefined &&
    (typeof enrichTimeoutMs !== 'number' || !Number.isFinite(enrichTimeoutMs) || enrichTimeoutMs <= 0)
  ) {
    throw new AuthorizerConfigError(
      `${factory}() option enrichTimeoutMs must be a positive number of milliseconds.`,
    );
  }
  if (enrichFallback !== undefined) {
    // Checked now, not when the enrichment first fails in production.
    try {
      if (jsonContext) checkJsonContext(enrichFallback);
      else checkAuthorizerContext(enrichFallback);
    } catch (cause) {
      throw new AuthorizerConfigError(`${factory}() option enrichFallback: ${(cause as Error).message}`, {
        cause,
      });
    }
  }
}

/** The context for a verified token: the option or the default, plus enrichment. @internal */
export async function contextFor<TClaims extends JwtPayload>(
  options: JwtAuthorizerOptions<TClaims>,
  claims: TClaims,
  logger: AuthorizerLogger,
  jsonContext = false,
): Promise<Record<string, unknown>> {
  const base =
    options.context !== undefined
      ? options.context(claims)
      : jsonContext
        ? { ...claims }
        : flatClaims(claims);
  if (options.enrich === undefined) return base;
  const added = await runEnrichment(
    options.enrich,
    claims,
    options.enrichTimeoutMs ?? DEFAULT_ENRICH_TIMEOUT_MS,
    options.enrichFallback ?? {},
    logger,
  );
  return { ...base, ...added };
}

/**
 * Creates a TOKEN authorizer handler that verifies the `Authorization: Bearer <jwt>` token.
 *
 * - a missing, malformed, expired or otherwise refused token → `Unauthorized` (401);
 * - a verified token → an Allow over the whole stage (cache-safe) unless `policy` narrows or widens it,
 *   with principal `sub` and the token's claims (flattened) as context;
 * - the JWKS cannot be fetched, or a bug → logged without token data, then 500 (never 401, never allow).
 *
 * @throws {@link AuthorizerConfigError} at creation when the verifier or an option is missing or wrong.
 *
 * @example
 * ```ts
 * import { createTokenAuthorizer } from 'lambda-authorizer-kit/authorizer';
 * import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';
 *
 * const verifier = createJwtVerifier({ issuer: process.env.ISSUER!, audience: process.env.AUDIENCE! });
 *
 * export const handler = createTokenAuthorizer({
 *   verifier,
 *   policy: (builder, claims) => {
 *     builder.allow('GET', '/*');
 *     if (claims.roles instanceof Array && claims.roles.includes('admin')) builder.allow('DELETE', '/*');
 *   },
 * });
 * ```
 */
export function createTokenAuthorizer<TClaims extends JwtPayload = JwtPayload>(
  options: TokenAuthorizerOptions<TClaims>,
): TokenAuthorizerHandler {
  checkJwtOptions(options as never, 'createTokenAuthorizer');
  const logger = options.logger ?? consoleLogger;
  const principalOf = options.principalId ?? (defaultPrincipal as (claims: TClaims) => string);
  return async (event) => {
    const header = typeof event?.authorizationToken === 'string' ? event.authorizationToken : undefined;
    const claims = await verifyBearer<TClaims>(options.verifier, header).catch((error: unknown) =>
      failClosed(error, logger, callerValues(event)),
    );
    try {
      const builder = new PolicyBuilder(event.methodArn);
      if (options.policy === undefined) builder.allowAll();
      else options.policy(builder, claims, builder.methodArn);
      // build() checks the context (API Gateway takes only strings, numbers and booleans there).
      const context = (await contextFor(options, claims, logger)) as AuthorizerContext;
      return builder.build<AuthorizerContext>({ principalId: principalOf(claims), context });
    } catch (error) {
      return failClosed(error, logger, callerValues(event));
    }
  };
}

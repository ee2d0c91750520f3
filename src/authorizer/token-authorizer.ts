import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { MethodArn } from '../arn/types.js';
import { tokenScopes } from '../jwt/claims.js';
import type { JwtPayload } from '../jwt/types.js';
import { describeType } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import { PolicyBuilder } from '../policy/builder.js';
import type { AuthorizerContext, AuthorizerResult } from '../policy/types.js';
import { badAnswer, callBack, consoleLogger, RequestGuard } from './failure.js';
import {
  checkJwtOptions,
  contextFor,
  enrichmentDenial,
  type FlatContext,
  type JwtAuthorizerOptions,
  type Nothing,
  principalFor,
  tokenOf,
  verifyToken,
} from './jwt-handler.js';
import { requestArn } from './request.js';
import { compileRoutes, NO_ROUTE_GRANTED, type RouteScopes } from './route-scopes.js';

/**
 * Options of {@link createTokenAuthorizer}.
 */
export interface TokenAuthorizerOptions<TClaims extends JwtPayload = JwtPayload>
  extends JwtAuthorizerOptions<TClaims, FlatContext> {
  /**
   * Shapes the policy for a verified token: add statements to the builder (bound to the request's
   * API and stage) and return nothing, or the builder. Awaited: the policy is what the builder holds
   * when the returned promise settles, and later changes are not read. No statement, a throw or a
   * rejection answers 500; `unauthorized()` answers 401. Default: `builder.allowAll()`, the whole
   * stage, which stays right when API Gateway caches the result for the token's other routes.
   */
  policy?: (
    builder: PolicyBuilder,
    claims: TClaims,
    methodArn: MethodArn,
  ) => Nothing | PolicyBuilder | Promise<Nothing | PolicyBuilder>;
  /**
   * Instead of `policy`: the routes each scope grants, e.g. `{ 'GET /pets/*': ['pets:read'] }`. The
   * policy allows exactly the routes the token's scopes (`scope`, `scp`) grant, for the whole stage;
   * a token that grants none gets an explicit Deny (403). Default: none.
   */
  routes?: RouteScopes;
  /**
   * The API key of the caller's usage plan, read from the claims (the API's key source must be
   * `AUTHORIZER`); awaited. A string other than `''` is sent as `usageIdentifierKey`, `undefined`
   * sends none; anything else, a throw or a rejection answers 500. Default: none.
   */
  usageIdentifierKey?: (claims: TClaims) => string | undefined | Promise<string | undefined>;
}

/**
 * A TOKEN authorizer handler.
 *
 * See the example of {@link createTokenAuthorizer}.
 */
export type TokenAuthorizerHandler = (event: APIGatewayTokenAuthorizerEvent) => Promise<AuthorizerResult>;

/**
 * Creates a TOKEN authorizer handler that verifies the `Authorization: Bearer <jwt>` token.
 *
 * - a missing, malformed, expired or otherwise refused token → `Unauthorized` (401), with the reason
 *   code on the thrown {@link UnauthorizedError} and in a debug log line;
 * - a verified token → an Allow over the whole stage (cache-safe) unless `policy` narrows or widens it,
 *   with principal `sub` and the token's claims (flattened) as context;
 * - a callback that throws, rejects or answers something not understood, the JWKS cannot be fetched,
 *   or a bug → logged without token data, then 500 (never 401, never allow).
 *
 * @throws {@link InvalidOptionError} at creation when the verifier or an option is missing or wrong.
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
  checkJwtOptions(options as never, 'createTokenAuthorizer', false);
  const routes = compileRoutes(options.routes, 'createTokenAuthorizer');
  if (routes !== undefined && options.policy !== undefined) {
    throw new InvalidOptionError(
      'routes',
      "createTokenAuthorizer() takes routes or policy, not both: routes builds the policy from the token's scopes.",
    );
  }
  const logger = options.logger ?? consoleLogger;
  return async (event) => {
    const guard = new RequestGuard(event, logger);
    try {
      const header = typeof event?.authorizationToken === 'string' ? event.authorizationToken : undefined;
      const claims = await verifyToken<TClaims>(options.verifier, tokenOf(header, options.tokenScheme));
      const principalId = await principalFor(options, claims);
      const builder = new PolicyBuilder(requestArn(event.methodArn));
      let refusal = 'policy() added no Allow statement';
      if (routes !== undefined) {
        refusal = NO_ROUTE_GRANTED;
        routes.grant(builder, tokenScopes(claims));
      } else if (options.policy === undefined) builder.allowAll();
      else await applyPolicy(options.policy, builder, claims);
      const usageIdentifierKey = await usageKeyFor(options, claims);
      // Built now: what the callback does to the builder from here on is not read.
      const result: AuthorizerResult = builder.build({ principalId, usageIdentifierKey });
      const context = await contextFor(options, claims, guard, false);
      if ('denied' in context) return enrichmentDenial(guard, principalId, event.methodArn, context.denied);
      result.context = context.context as AuthorizerContext;
      return guard.denyUnlessAllowed(result, refusal);
    } catch (error) {
      return guard.settle(error);
    }
  };
}

/** The usage plan's API key from the claims: the option, awaited and checked. @internal */
async function usageKeyFor<TClaims extends JwtPayload>(
  options: TokenAuthorizerOptions<TClaims>,
  claims: TClaims,
): Promise<string | undefined> {
  if (options.usageIdentifierKey === undefined) return undefined;
  const key = await callBack('usageIdentifierKey', options.usageIdentifierKey, claims);
  if (key !== undefined && (typeof key !== 'string' || key === '')) {
    badAnswer(
      'usageIdentifierKey',
      `returned ${key === '' ? 'an empty string' : describeType(key)}; it must return the usage plan's API key (a non-empty string) or undefined`,
    );
  }
  return key;
}

/** Runs the `policy` callback and checks what it did. @internal */
async function applyPolicy<TClaims extends JwtPayload>(
  policy: NonNullable<TokenAuthorizerOptions<TClaims>['policy']>,
  builder: PolicyBuilder,
  claims: TClaims,
): Promise<void> {
  const answer = await callBack('policy', policy, builder, claims, builder.methodArn);
  if (answer !== undefined && answer !== builder) {
    badAnswer(
      'policy',
      `returned ${describeType(answer)}; it adds statements to the builder and returns nothing (or the builder)`,
    );
  }
  if (builder.statementCount === 0) {
    badAnswer(
      'policy',
      'added no statement: call builder.allow(), allowAll(), deny() or denyAll(), or throw unauthorized() for a 401',
    );
  }
}

import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { MethodArn } from '../arn/types.js';
import type { JwtPayload } from '../jwt/types.js';
import { describeType } from '../lib/describe.js';
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
  const logger = options.logger ?? consoleLogger;
  return async (event) => {
    const guard = new RequestGuard(event, logger);
    try {
      const header = typeof event?.authorizationToken === 'string' ? event.authorizationToken : undefined;
      const claims = await verifyToken<TClaims>(options.verifier, tokenOf(header, options.tokenScheme));
      const principalId = await principalFor(options, claims);
      const builder = new PolicyBuilder(requestArn(event.methodArn));
      if (options.policy === undefined) builder.allowAll();
      else await applyPolicy(options.policy, builder, claims);
      // Built now: what the callback does to the builder from here on is not read.
      const result: AuthorizerResult = builder.build({ principalId });
      const context = await contextFor(options, claims, guard, false);
      if ('denied' in context) return enrichmentDenial(guard, principalId, event.methodArn, context.denied);
      result.context = context.context as AuthorizerContext;
      return guard.denyUnlessAllowed(result, 'policy() added no Allow statement');
    } catch (error) {
      return guard.settle(error);
    }
  };
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

import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import type { JwtPayload } from '../jwt/types.js';
import { describeValue } from '../lib/describe.js';
import { PolicyBuilder } from '../policy/builder.js';
import { checkJsonContext } from '../policy/context.js';
import { InvalidPolicyError } from '../policy/errors.js';
import { deny } from '../policy/result.js';
import { simpleResponse } from '../policy/simple-response.js';
import type { AuthorizerResult, SimpleResponse } from '../policy/types.js';
import { defaultPrincipal } from './claims.js';
import { AuthorizerConfigError } from './errors.js';
import { callerValues, consoleLogger, failClosed } from './failure.js';
import { type AuthorizerRequest, readRequest } from './request.js';
import { checkJwtOptions, contextFor, type JwtAuthorizerOptions, verifyBearer } from './token-authorizer.js';

/**
 * Options of {@link createHttpApiAuthorizer}.
 *
 * @example
 * ```ts
 * import { createHttpApiAuthorizer, type HttpApiAuthorizerOptions } from 'lambda-authorizer-kit/authorizer';
 * import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';
 *
 * const options: HttpApiAuthorizerOptions = {
 *   verifier: createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' }),
 *   response: 'simple',
 * };
 * export const handler = createHttpApiAuthorizer(options);
 * ```
 */
export interface HttpApiAuthorizerOptions<TClaims extends JwtPayload = JwtPayload>
  extends JwtAuthorizerOptions<TClaims> {
  /**
   * `'simple'` for authorizers with simple responses enabled (`{ isAuthorized, context }`, JSON
   * context values allowed), `'iam'` for IAM policy results.
   */
  response: 'simple' | 'iam';
  /**
   * Where the `Authorization`-style header value comes from. Default: the `authorization` header.
   * It must be `Bearer <jwt>`.
   */
  tokenFrom?: (request: AuthorizerRequest) => string | undefined;
  /**
   * Decides, for a verified token, whether this route is allowed (`false` gives 403). With
   * `response: 'iam'` it may add statements to the builder instead and return nothing.
   * Default: every verified token is allowed on every route of the stage.
   */
  authorize?: (claims: TClaims, request: AuthorizerRequest, builder: PolicyBuilder) => boolean | undefined;
}

/**
 * An HTTP API (payload 2.0) authorizer handler.
 *
 * @example
 * ```ts
 * import { createHttpApiAuthorizer, type HttpApiAuthorizerHandler } from 'lambda-authorizer-kit/authorizer';
 * import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';
 * import { createTestIssuer, httpApiAuthorizerEvent, simulateApiGateway } from 'lambda-authorizer-kit/testing';
 * import { afterAll, expect, it } from 'vitest';
 *
 * const issuer = await createTestIssuer({ audience: 'my-client-id' });
 * afterAll(() => issuer.close());
 *
 * const handler: HttpApiAuthorizerHandler = createHttpApiAuthorizer({
 *   verifier: createJwtVerifier({ issuer: issuer.issuer, audience: 'my-client-id' }),
 *   response: 'simple',
 * });
 *
 * it('authorizes a valid token', async () => {
 *   const event = httpApiAuthorizerEvent({ headers: { authorization: `Bearer ${issuer.sign()}` } });
 *   expect((await simulateApiGateway(handler, event)).statusCode).toBe(200);
 * });
 * ```
 */
export type HttpApiAuthorizerHandler = (
  event: APIGatewayRequestAuthorizerEventV2,
) => Promise<SimpleResponse<Record<string, unknown>> | AuthorizerResult>;

/**
 * Creates an HTTP API (payload format 2.0) Lambda authorizer that verifies a bearer JWT and answers
 * with a simple response (`response: 'simple'`) or an IAM policy (`response: 'iam'`).
 *
 * - a missing, malformed or refused token → `Unauthorized` (401);
 * - a verified token → `{ isAuthorized: true, context }` or an Allow over the whole stage; `authorize`
 *   may refuse a route (403);
 * - the JWKS cannot be fetched, or a bug → logged without token data, then 500.
 *
 * @throws {@link AuthorizerConfigError} at creation for a missing verifier or an unknown `response`.
 *
 * @example
 * ```ts
 * import { createHttpApiAuthorizer } from 'lambda-authorizer-kit/authorizer';
 * import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';
 *
 * const verifier = createJwtVerifier({ issuer: process.env.ISSUER!, audience: process.env.AUDIENCE! });
 *
 * export const handler = createHttpApiAuthorizer({
 *   verifier,
 *   response: 'simple',
 *   context: (claims) => ({ user: { id: claims.sub, scopes: String(claims.scope ?? '').split(' ') } }),
 * });
 * ```
 */
export function createHttpApiAuthorizer<TClaims extends JwtPayload = JwtPayload>(
  options: HttpApiAuthorizerOptions<TClaims>,
): HttpApiAuthorizerHandler {
  checkJwtOptions(options as never, 'createHttpApiAuthorizer', true);
  if (options.response !== 'simple' && options.response !== 'iam') {
    throw new AuthorizerConfigError(
      `createHttpApiAuthorizer() option response must be 'simple' (simple responses enabled) or 'iam', got ${describeValue(options.response)}.`,
    );
  }
  if (options.authorize !== undefined && typeof options.authorize !== 'function') {
    throw new AuthorizerConfigError('createHttpApiAuthorizer() option authorize must be a function.');
  }
  const logger = options.logger ?? consoleLogger;
  const principalOf = options.principalId ?? (defaultPrincipal as (claims: TClaims) => string);
  const tokenFrom = options.tokenFrom ?? ((request: AuthorizerRequest) => request.header('authorization'));
  return async (event) => {
    const request = readRequest(event);
    const header = tokenFrom(request);
    const claims = await verifyBearer<TClaims>(options.verifier, header).catch((error: unknown) =>
      failClosed(error, logger, callerValues(event)),
    );
    try {
      const builder = new PolicyBuilder(request.methodArn);
      const verdict = options.authorize?.(claims, request, builder);
      if (verdict !== undefined && typeof verdict !== 'boolean') {
        throw new InvalidPolicyError(
          'ERR_POLICY_INVALID_OPTION',
          'authorize() must return a boolean or nothing.',
        );
      }
      const allowed = verdict !== false;
      if (options.response === 'simple') {
        if (!allowed) return simpleResponse(false);
        // simpleResponse() checks the context.
        return simpleResponse(true, await contextFor(options, claims, logger, true));
      }
      // A refusal denies this route only; with caching on, prefer statements per claims in the builder.
      if (!allowed) return deny(principalOf(claims), request.methodArn);
      if (builder.statementCount === 0) builder.allowAll();
      const context = checkJsonContext(await contextFor(options, claims, logger, true));
      // Payload 2.0 IAM results may carry JSON context values.
      return { ...builder.build({ principalId: principalOf(claims) }), context } as AuthorizerResult;
    } catch (error) {
      return failClosed(error, logger, callerValues(event));
    }
  };
}

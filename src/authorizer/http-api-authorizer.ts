import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { tokenScopes } from '../jwt/claims.js';
import type { JwtPayload } from '../jwt/types.js';
import { describeType, describeValue } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import { PolicyBuilder } from '../policy/builder.js';
import { deny } from '../policy/result.js';
import { simpleResponse } from '../policy/simple-response.js';
import type { AuthorizerResult, SimpleResponse } from '../policy/types.js';
import { badAnswer, CallbackFailure, callBack, consoleLogger, RequestGuard } from './failure.js';
import {
  checkJwtOptions,
  contextFor,
  enrichmentDenial,
  type JwtAuthorizerOptions,
  type Nothing,
  principalFor,
  tokenOf,
  verifyToken,
} from './jwt-handler.js';
import { type AuthorizerRequest, readRequest, requestArn } from './request.js';
import { compileRoutes, NO_ROUTE_GRANTED, type RouteScopes, type RouteTable } from './route-scopes.js';

/**
 * A value of an HTTP API authorizer's context: JSON, which payload 2.0 passes on as it is; `undefined`
 * object members are dropped, as `JSON.stringify` drops them.
 *
 * See the example of {@link createHttpApiAuthorizer}.
 */
export type HttpApiContextValue =
  | string
  | number
  | boolean
  | null
  | HttpApiContextValue[]
  | { [key: string]: HttpApiContextValue | undefined };

/**
 * The context an HTTP API authorizer's callbacks may answer.
 *
 * See the example of {@link createHttpApiAuthorizer}.
 */
export type HttpApiContext = Record<string, HttpApiContextValue | undefined>;

/**
 * What the HTTP API authorizers share: the JWT options, with a JSON context, and where the token is.
 *
 * See the example of {@link createHttpApiAuthorizer}.
 */
export interface HttpApiAuthorizerSharedOptions<TClaims extends JwtPayload = JwtPayload>
  extends JwtAuthorizerOptions<TClaims, HttpApiContext> {
  /**
   * Where the `Authorization`-style header value comes from; called synchronously (a promise is a
   * 500). Its value is read with `tokenScheme`. Default: the `authorization` header.
   */
  tokenFrom?: (request: AuthorizerRequest) => string | undefined;
}

/**
 * Options of {@link createHttpApiAuthorizer} for an authorizer with simple responses enabled
 * (`{ isAuthorized, context }`).
 */
export interface HttpApiSimpleAuthorizerOptions<TClaims extends JwtPayload = JwtPayload>
  extends HttpApiAuthorizerSharedOptions<TClaims> {
  response: 'simple';
  /**
   * Decides, for a verified token, whether this request is allowed: only `true` allows, `false`
   * answers 403; awaited. Anything else, a throw or a rejection answers 500 (`unauthorized()` 401).
   * Default: every verified token is allowed.
   */
  authorize?: (claims: TClaims, request: AuthorizerRequest) => boolean | Promise<boolean>;
  /**
   * Not with simple responses: API Gateway caches `isAuthorized` for the identity source, not per
   * route, so a per-route verdict would be reused on other routes. Use `response: 'iam'`.
   */
  routes?: never;
}

/**
 * Options of {@link createHttpApiAuthorizer} for an authorizer that answers with IAM policies.
 */
export interface HttpApiIamAuthorizerOptions<TClaims extends JwtPayload = JwtPayload>
  extends HttpApiAuthorizerSharedOptions<TClaims> {
  response: 'iam';
  /**
   * Decides, for a verified token: `true` allows the statements added to the builder (the whole
   * stage when there are none), `false` denies this route (403), nothing (`undefined`) keeps the
   * statements added to the builder, which must then hold at least one; awaited. Anything else, a
   * throw or a rejection answers 500 (`unauthorized()` 401). Default: the whole stage is allowed.
   */
  authorize?: (
    claims: TClaims,
    request: AuthorizerRequest,
    builder: PolicyBuilder,
  ) => boolean | Nothing | Promise<boolean | Nothing>;
  /**
   * Instead of `authorize`: the routes each scope grants, e.g. `{ 'GET /pets/*': ['pets:read'] }`.
   * The policy allows exactly the routes the token's scopes (`scope`, `scp`) grant, for the whole
   * stage; a token that grants none gets an explicit Deny (403). Default: none.
   */
  routes?: RouteScopes;
}

/**
 * Options of {@link createHttpApiAuthorizer}: `response: 'simple'` for simple responses, where
 * `authorize` answers `true` or `false`, or `response: 'iam'` for IAM policies, where `authorize`
 * may also add statements to a builder.
 */
export type HttpApiAuthorizerOptions<TClaims extends JwtPayload = JwtPayload> =
  | HttpApiSimpleAuthorizerOptions<TClaims>
  | HttpApiIamAuthorizerOptions<TClaims>;

/**
 * An HTTP API (payload 2.0) authorizer handler.
 *
 * See the example of {@link createHttpApiAuthorizer}.
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
 * - a callback that throws, rejects or answers something not understood (with simple responses:
 *   anything but `true` or `false`), the JWKS cannot be fetched, or a bug → logged without token
 *   data, then 500.
 *
 * @throws {@link InvalidOptionError} at creation for a missing verifier or an unknown `response`.
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
    throw new InvalidOptionError(
      'response',
      `createHttpApiAuthorizer() option response must be 'simple' (simple responses enabled) or 'iam', got ${describeValue((options as { response?: unknown }).response)}.`,
    );
  }
  const routes = compileRoutes(options.routes, 'createHttpApiAuthorizer');
  if (routes !== undefined && options.response === 'simple') {
    throw new InvalidOptionError(
      'routes',
      "createHttpApiAuthorizer() option routes needs response: 'iam': API Gateway caches a simple response for the identity source on every route, so it cannot allow some routes and not others.",
    );
  }
  if (routes !== undefined && options.authorize !== undefined) {
    throw new InvalidOptionError(
      'routes',
      "createHttpApiAuthorizer() takes routes or authorize, not both: routes builds the policy from the token's scopes.",
    );
  }
  const logger = options.logger ?? consoleLogger;
  const tokenFrom = options.tokenFrom ?? ((request: AuthorizerRequest) => request.header('authorization'));
  return async (event) => {
    const guard = new RequestGuard(event, logger);
    try {
      const request = readRequest(event);
      // Whatever the answer's format, an event without a valid route ARN is not API Gateway's.
      requestArn(request.methodArn);
      const claims = await verifyToken<TClaims>(
        options.verifier,
        tokenOf(headerFrom(tokenFrom, request), options.tokenScheme),
      );
      return options.response === 'simple'
        ? await simpleAnswer(options, claims, request, guard)
        : await iamAnswer(options, claims, request, guard, routes);
    } catch (error) {
      return guard.settle(error);
    }
  };
}

/** Calls `tokenFrom`, synchronously, and checks its answer. */
function headerFrom(
  tokenFrom: (request: AuthorizerRequest) => string | undefined,
  request: AuthorizerRequest,
): string | undefined {
  let header: unknown;
  try {
    header = tokenFrom(request);
  } catch (error) {
    throw new CallbackFailure('tokenFrom', error);
  }
  if (typeof (header as { then?: unknown } | null)?.then === 'function') {
    // Not awaited: marked handled, so its rejection cannot crash the process.
    Promise.resolve(header).catch(() => undefined);
    badAnswer(
      'tokenFrom',
      'returned a promise; it must return the header value (a string) or undefined, synchronously',
    );
  }
  if (header !== undefined && typeof header !== 'string') {
    badAnswer(
      'tokenFrom',
      `returned ${describeType(header)}; it must return the header value (a string) or undefined`,
    );
  }
  return header as string | undefined;
}

async function simpleAnswer<TClaims extends JwtPayload>(
  options: HttpApiSimpleAuthorizerOptions<TClaims>,
  claims: TClaims,
  request: AuthorizerRequest,
  guard: RequestGuard,
): Promise<SimpleResponse<Record<string, unknown>>> {
  if (options.authorize !== undefined) {
    const verdict = await callBack('authorize', options.authorize, claims, request);
    if (verdict === false)
      return guard.deny(simpleResponse(false), 'ERR_AUTHORIZER_DENIED', 'authorize() answered false');
    if (verdict !== true) {
      badAnswer(
        'authorize',
        `returned ${describeType(verdict)}; with response: 'simple' it must return true (allow) or false (403)`,
      );
    }
  }
  const context = await contextFor(options, claims, guard, true);
  if ('denied' in context)
    return guard.deny(simpleResponse(false), 'ERR_AUTHORIZER_ENRICH_FAILED', context.denied);
  // Checked by contextFor() as API Gateway reads it: built here without checking it twice.
  return { isAuthorized: true, context: context.context };
}

async function iamAnswer<TClaims extends JwtPayload>(
  options: HttpApiIamAuthorizerOptions<TClaims>,
  claims: TClaims,
  request: AuthorizerRequest,
  guard: RequestGuard,
  routes: RouteTable | undefined,
): Promise<AuthorizerResult> {
  const principalId = await principalFor(options, claims);
  const builder = new PolicyBuilder(request.methodArn);
  let refusal = 'authorize() added no Allow statement';
  if (routes !== undefined) {
    refusal = NO_ROUTE_GRANTED;
    routes.grant(builder, tokenScopes(claims));
  } else if (options.authorize === undefined) builder.allowAll();
  else {
    const verdict = await callBack('authorize', options.authorize, claims, request, builder);
    // A refusal denies this route only; with caching on, prefer statements per claims in the builder.
    if (verdict === false) {
      return guard.deny(
        deny(principalId, request.methodArn),
        'ERR_AUTHORIZER_DENIED',
        'authorize() answered false',
      );
    }
    if (verdict !== true && verdict !== undefined) {
      badAnswer('authorize', `returned ${describeType(verdict)}; it must return true, false or nothing`);
    }
    if (builder.statementCount === 0) {
      if (verdict === undefined) {
        badAnswer(
          'authorize',
          'returned nothing and added no statement: return true or false, or add statements to the builder',
        );
      }
      builder.allowAll();
    }
  }
  // Built now: what the callback does to the builder from here on is not read.
  const result: AuthorizerResult = builder.build({ principalId });
  const context = await contextFor(options, claims, guard, true);
  if ('denied' in context) return enrichmentDenial(guard, principalId, request.methodArn, context.denied);
  // Payload 2.0 IAM results may carry JSON context values.
  (result as { context?: unknown }).context = context.context;
  return guard.denyUnlessAllowed(result, refusal);
}

import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { anyRouteInStage } from '../arn/scopes.js';
import { describeType } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import { PolicyBuilder } from '../policy/builder.js';
import { checkAuthorizerContext } from '../policy/context.js';
import { evaluatePolicy } from '../policy/evaluate.js';
import { buildResult } from '../policy/result.js';
import type { AuthorizerContext, AuthorizerResult } from '../policy/types.js';
import { type AuthorizerLogger, badAnswer, callBack, consoleLogger, RequestGuard } from './failure.js';
import { compileIdentitySources } from './identity-source.js';
import { type AuthorizerRequest, readRequest, requestArn } from './request.js';
import { compileRoutes, type RouteScopes, type RouteTable } from './route-scopes.js';

/**
 * What an `authorize` callback decides. `allow: true` needs a `principalId`. `allow: false` without a
 * `principalId` means "I don't know who you are" (401); with one, "I know you, and you may not"
 * (an explicit Deny: 403).
 *
 * See the example of {@link createRequestAuthorizer}.
 */
export type AuthorizeDecision<TContext extends AuthorizerContext = AuthorizerContext> =
  | {
      allow: true;
      principalId: string;
      context?: TContext;
      usageIdentifierKey?: string;
      /** The ARN(s) the decision covers. Default: the whole stage (`anyRouteInStage`), cache-safe. */
      resource?: string | string[];
      /**
       * With the `routes` option, and only with it: the scopes the caller holds; the policy allows
       * the routes they grant (and `resource` may not be given).
       */
      scopes?: readonly string[];
    }
  | {
      allow: false;
      principalId?: string;
      context?: TContext;
      usageIdentifierKey?: string;
      resource?: string | string[];
    };

/**
 * Options of {@link createRequestAuthorizer}.
 */
export interface RequestAuthorizerOptions<TContext extends AuthorizerContext = AuthorizerContext> {
  /**
   * Decides for one request: an {@link AuthorizeDecision}, or a full result (`PolicyBuilder.build()`,
   * `allow()`, `deny()`); awaited. Only `{ allow: true, principalId }` or a result with an Allow
   * statement lets the request through. Throwing `unauthorized()` gives 401; any other throw or
   * rejection, and an answer of another shape, gives 500.
   */
  authorize: (
    request: AuthorizerRequest,
  ) =>
    | AuthorizeDecision<TContext>
    | AuthorizerResult<TContext>
    | Promise<AuthorizeDecision<TContext> | AuthorizerResult<TContext>>;
  /**
   * Identity source expressions that must be present and non-empty, or the caller gets 401 without
   * `authorize` being called, as API Gateway does with caching on. Default: none checked.
   */
  identitySource?: readonly string[];
  /** Where a line is written when the authorizer cannot decide. Default: a JSON line on `console.error`. */
  logger?: AuthorizerLogger;
  /**
   * The routes each scope grants, e.g. `{ 'GET /pets/*': ['pets:read'] }`: an allowing decision then
   * carries the caller's `scopes`, and the policy allows exactly the routes they grant, for the whole
   * stage; scopes that grant none give an explicit Deny (403). Default: none.
   */
  routes?: RouteScopes;
}

/**
 * A REQUEST authorizer handler (REST APIs and WebSocket `$connect`).
 *
 * See the example of {@link createRequestAuthorizer}.
 */
export type RequestAuthorizerHandler<TContext extends AuthorizerContext = AuthorizerContext> = (
  event: APIGatewayRequestAuthorizerEvent,
) => Promise<AuthorizerResult<TContext>>;

function isResult(value: unknown): value is AuthorizerResult {
  return typeof value === 'object' && value !== null && 'policyDocument' in value;
}

/**
 * Turns what `authorize` answered (an {@link AuthorizeDecision} or a full result) into what API
 * Gateway receives; anything else is a 500 naming `authorize`.
 * @internal
 */
export function decisionToResult(
  decision: unknown,
  methodArn: string,
  guard: RequestGuard,
  routes?: RouteTable,
): AuthorizerResult {
  if (isResult(decision)) {
    let result: AuthorizerResult;
    try {
      // The shape API Gateway requires, checked as the evaluator reads it.
      evaluatePolicy(decision, methodArn);
      result = { ...decision };
      if (decision.context !== undefined) result.context = checkAuthorizerContext(decision.context);
    } catch (error) {
      badAnswer('authorize', `returned a result API Gateway would refuse: ${(error as Error).message}`);
    }
    return guard.denyUnlessAllowed(result, 'authorize() returned a policy without an Allow statement');
  }
  const allow =
    typeof decision === 'object' && decision !== null ? (decision as { allow?: unknown }).allow : undefined;
  if (typeof allow !== 'boolean') {
    badAnswer(
      'authorize',
      `returned ${describeType(decision)}${typeof decision === 'object' && decision !== null ? ' without a boolean allow' : ''}; it must return { allow: boolean, principalId?, context? } or a policy result`,
    );
  }
  const d = decision as AuthorizeDecision;
  if (!d.allow && d.principalId === undefined) {
    guard.refuse(
      'ERR_AUTHORIZER_UNAUTHORIZED',
      'authorize() answered { allow: false } without a principalId',
    );
  }
  if (d.allow && routes !== undefined) return routedResult(d, methodArn, guard, routes);
  if ((d as { scopes?: unknown }).scopes !== undefined && routes === undefined) {
    badAnswer(
      'authorize',
      'returned scopes, which only the routes option reads: set routes, or leave scopes out',
    );
  }
  let result: AuthorizerResult;
  try {
    const resource = d.resource ?? anyRouteInStage(methodArn);
    const options =
      d.usageIdentifierKey === undefined ? undefined : { usageIdentifierKey: d.usageIdentifierKey };
    result = buildResult(d.allow ? 'Allow' : 'Deny', d.principalId as string, resource, d.context, options);
  } catch (error) {
    badAnswer('authorize', `returned a decision API Gateway would refuse: ${(error as Error).message}`);
  }
  return d.allow
    ? result
    : guard.deny(result, 'ERR_AUTHORIZER_DENIED', 'authorize() answered { allow: false, principalId }');
}

/** The result of an allowing decision under `routes`: the routes its scopes grant. */
function routedResult(
  d: Extract<AuthorizeDecision, { allow: true }>,
  methodArn: string,
  guard: RequestGuard,
  routes: RouteTable,
): AuthorizerResult {
  if (d.resource !== undefined) {
    badAnswer(
      'authorize',
      'returned resource; with the routes option the policy is built from scopes, so leave resource out',
    );
  }
  const scopes: unknown = d.scopes;
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string')) {
    badAnswer(
      'authorize',
      `returned { allow: true } with scopes ${describeType(scopes)}; with the routes option it must carry scopes, an array of strings`,
    );
  }
  let result: AuthorizerResult;
  try {
    const builder = new PolicyBuilder(methodArn);
    routes.grant(builder, scopes as string[]);
    result = builder.build({
      principalId: d.principalId,
      context: d.context,
      usageIdentifierKey: d.usageIdentifierKey,
    });
  } catch (error) {
    badAnswer('authorize', `returned a decision API Gateway would refuse: ${(error as Error).message}`);
  }
  return guard.denyUnlessAllowed(result, 'the scopes authorize() answered grant none of the routes');
}

/**
 * Creates a REQUEST authorizer handler (REST APIs, WebSocket `$connect`) from an `authorize` callback
 * that reads headers (case-insensitively), query parameters, stage variables, path parameters and the
 * source IP.
 *
 * - `{ allow: true, principalId }` → an Allow over the whole stage (cache-safe) unless `resource` says otherwise;
 * - `{ allow: false }` → 401; `{ allow: false, principalId }` → an explicit Deny (403);
 * - a `PolicyBuilder` result → returned as it is (after checking its shape and context);
 * - a missing identity source → 401 without calling `authorize`;
 * - a throw or rejection of `authorize` (other than `unauthorized()`), an answer of another shape,
 *   any other error → logged without token data, then 500 (never allow).
 *
 * @throws {@link InvalidOptionError} at creation for a missing `authorize` or an unknown identity source.
 *
 * @example
 * ```ts
 * import { createRequestAuthorizer } from 'lambda-authorizer-kit/authorizer';
 *
 * // The API Gateway documentation's REQUEST authorizer.
 * export const handler = createRequestAuthorizer({
 *   identitySource: ['method.request.header.HeaderAuth1', 'method.request.querystring.QueryString1', 'stageVariables.StageVar1'],
 *   authorize: (request) => ({
 *     allow:
 *       request.header('HeaderAuth1') === 'headerValue1' &&
 *       request.query('QueryString1') === 'queryValue1' &&
 *       request.stageVariable('StageVar1') === 'stageValue1',
 *     principalId: 'me',
 *   }),
 * });
 * ```
 */
export function createRequestAuthorizer<TContext extends AuthorizerContext = AuthorizerContext>(
  options: RequestAuthorizerOptions<TContext>,
): RequestAuthorizerHandler<TContext> {
  if (typeof options?.authorize !== 'function') {
    throw new InvalidOptionError(
      'authorize',
      'createRequestAuthorizer() needs an authorize(request) function.',
    );
  }
  const { authorize } = options;
  const routes = compileRoutes(options.routes, 'createRequestAuthorizer');
  const missingIdentity = compileIdentitySources(options.identitySource);
  const logger = options.logger ?? consoleLogger;
  return async (event) => {
    const guard = new RequestGuard(event, logger);
    try {
      const request = readRequest(event);
      const missing = missingIdentity(request);
      if (missing !== undefined) {
        guard.refuse(
          'ERR_AUTHORIZER_NO_IDENTITY',
          `the identity source ${missing} has no value in the request`,
        );
      }
      const decision = await callBack('authorize', authorize, request);
      return decisionToResult(
        decision,
        requestArn(request.methodArn),
        guard,
        routes,
      ) as AuthorizerResult<TContext>;
    } catch (error) {
      return guard.settle(error);
    }
  };
}

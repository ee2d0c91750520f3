import { parseMethodArn } from '../arn/parse.js';
import { routePatternArn, stageWideArn } from '../arn/scopes.js';
import type { MethodArn } from '../arn/types.js';
import { validateArnParts } from '../arn/validate.js';
import { describeValue } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import { checkAuthorizerContext } from './context.js';
import { InvalidPolicyError } from './errors.js';
import type {
  AuthorizerContext,
  AuthorizerResult,
  PolicyCondition,
  PolicyEffect,
  PolicyStatement,
} from './types.js';
import { checkCondition, checkPrincipalId, checkUsageIdentifierKey } from './validate.js';

const STAGE_OVERRIDE = /^(?:\*|\$default|[A-Za-z0-9_-]{1,128})$/;

/**
 * Options of a {@link PolicyBuilder}.
 */
export interface PolicyBuilderOptions {
  /**
   * The stage the statements apply to: a stage name, or `*` for every stage.
   * Default: the stage of the methodArn.
   */
  stage?: string;
}

/**
 * The fields of the result that are not statements: see {@link PolicyBuilder.build}.
 *
 * See the example of {@link PolicyBuilder}.
 */
export interface BuildOptions<TContext extends AuthorizerContext = AuthorizerContext> {
  /** Who the caller is (e.g. the token's `sub`); a string (`""` for anonymous callers). */
  principalId: string;
  /** A flat map of strings, numbers and booleans; `undefined` values are dropped. Default: none. */
  context?: TContext;
  /** The usage plan API key of the caller. Default: none. */
  usageIdentifierKey?: string;
}

interface PendingStatement {
  effect: PolicyEffect;
  resource: string;
  condition: PolicyCondition | undefined;
}

/**
 * Builds an authorizer result with several allow and deny statements, all within the partition,
 * region, account, API and stage of the request's methodArn.
 *
 * Statements with the same effect and condition are merged into one statement listing their
 * resources. `allowAll()` covers every method and path of the stage, which stays correct when API
 * Gateway caches the result and reuses it for other routes.
 *
 * @example
 * ```ts
 * import { PolicyBuilder } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) => {
 *   const isAdmin = event.authorizationToken === 'admin-token';
 *   const policy = new PolicyBuilder(event.methodArn).allow('GET', '/pets/*').allow('POST', '/pets');
 *   if (isAdmin) policy.allow('DELETE', '/pets/*');
 *   else policy.deny('*', '/admin/*');
 *   return policy.build({ principalId: 'user-42', context: { admin: isAdmin } });
 * };
 * ```
 */
export class PolicyBuilder {
  readonly #base: MethodArn;
  readonly #statements: PendingStatement[] = [];

  /**
   * @param methodArn - `event.methodArn` (REST, WebSocket) or `event.routeArn` (HTTP API), or its parts.
   * @param options - optional stage override.
   * @throws {@link InvalidArnError} when `methodArn` is not a valid execute-api ARN.
   * @throws {@link InvalidPolicyError} when `options.stage` is not a stage name or `*`.
   */
  constructor(methodArn: string | MethodArn, options?: PolicyBuilderOptions) {
    const parts = typeof methodArn === 'string' ? parseMethodArn(methodArn) : { ...methodArn };
    if (typeof methodArn !== 'string') validateArnParts(parts);
    const stage = options?.stage;
    if (stage !== undefined) {
      if (typeof stage !== 'string' || !STAGE_OVERRIDE.test(stage)) {
        throw new InvalidOptionError(
          'stage',
          `options.stage ${describeValue(stage)} must be a stage name, "$default" or "*" (every stage).`,
        );
      }
      parts.stage = stage;
    }
    this.#base = parts;
  }

  /** How many allow/deny calls the builder holds. */
  get statementCount(): number {
    return this.#statements.length;
  }

  /** The parts of the methodArn the statements are bound to (with the stage override, if any). */
  get methodArn(): MethodArn {
    return { ...this.#base };
  }

  /**
   * Allows `verb` on `path` (IAM wildcards `*` and `?` allowed), optionally under a condition.
   * @throws {@link InvalidArnError} for a verb other than GET, POST, PUT, PATCH, DELETE, HEAD,
   * OPTIONS or `*`, or a path with characters outside RFC 3986 path characters, `{}`, `*` and `?`.
   * @throws {@link InvalidPolicyError} for a malformed condition.
   */
  allow(verb: string, path: string, condition?: PolicyCondition): this {
    return this.#add('Allow', verb, path, condition);
  }

  /**
   * Denies `verb` on `path`; an explicit deny beats any allow.
   * @throws {@link InvalidArnError} for an unknown verb or a bad path.
   * @throws {@link InvalidPolicyError} for a malformed condition.
   */
  deny(verb: string, path: string, condition?: PolicyCondition): this {
    return this.#add('Deny', verb, path, condition);
  }

  /** Allows every method and path of the stage (every route key for a WebSocket API). */
  allowAll(condition?: PolicyCondition): this {
    return this.#addAll('Allow', condition);
  }

  /** Denies every method and path of the stage (every route key for a WebSocket API). */
  denyAll(condition?: PolicyCondition): this {
    return this.#addAll('Deny', condition);
  }

  /**
   * The authorizer result: one statement per effect and condition, with the principal, context and
   * usage identifier key. The builder can be built again after more calls.
   * @throws {@link InvalidPolicyError} for no statements or a principal that is not a string.
   * @throws {@link InvalidPolicyError} for a context value API Gateway would reject.
   */
  build<TContext extends AuthorizerContext = AuthorizerContext>(
    options: BuildOptions<TContext>,
  ): AuthorizerResult<TContext> {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidOptionError(
        'options',
        'build() takes { principalId, context?, usageIdentifierKey? }.',
      );
    }
    const principalId = checkPrincipalId(options.principalId);
    if (this.#statements.length === 0) {
      throw new InvalidPolicyError(
        'ERR_POLICY_EMPTY',
        'The policy has no statement. Call allow(), deny(), allowAll() or denyAll() before build().',
      );
    }
    const groups = new Map<string, PolicyStatement & { Resource: string[] }>();
    for (const pending of this.#statements) {
      const id = `${pending.effect}\u0000${pending.condition === undefined ? '' : JSON.stringify(pending.condition)}`;
      let statement = groups.get(id);
      if (statement === undefined) {
        statement = { Action: 'execute-api:Invoke', Effect: pending.effect, Resource: [] };
        if (pending.condition !== undefined) statement.Condition = structuredClone(pending.condition);
        groups.set(id, statement);
      }
      if (!statement.Resource.includes(pending.resource)) statement.Resource.push(pending.resource);
    }
    const result: AuthorizerResult<TContext> = {
      principalId,
      policyDocument: { Version: '2012-10-17', Statement: [...groups.values()] },
    };
    if (options.context !== undefined) result.context = checkAuthorizerContext(options.context) as TContext;
    const usageIdentifierKey = checkUsageIdentifierKey(options.usageIdentifierKey);
    if (usageIdentifierKey !== undefined) result.usageIdentifierKey = usageIdentifierKey;
    return result;
  }

  #add(effect: PolicyEffect, verb: string, path: string, condition: PolicyCondition | undefined): this {
    return this.#push(effect, routePatternArn(this.#base, verb, path), condition);
  }

  #addAll(effect: PolicyEffect, condition: PolicyCondition | undefined): this {
    return this.#push(effect, stageWideArn(this.#base), condition);
  }

  #push(effect: PolicyEffect, resource: string, condition: PolicyCondition | undefined): this {
    this.#statements.push({
      effect,
      resource,
      condition: condition === undefined ? undefined : checkCondition(condition),
    });
    return this;
  }
}

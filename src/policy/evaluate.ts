import { parseMethodArn } from '../arn/parse.js';
import { describeType, describeValue } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import { matchesWildcard } from '../lib/wildcard.js';
import { type ConditionContext, conditionHolds } from './conditions.js';
import { InvalidPolicyError } from './errors.js';

/**
 * What API Gateway decides for a request: allowed, explicitly denied, or not allowed by any statement.
 *
 * See the example of {@link evaluatePolicy}.
 */
export type PolicyDecision = 'Allow' | 'Deny' | 'ImplicitDeny';

/**
 * Options of {@link evaluatePolicy}.
 */
export interface EvaluatePolicyOptions {
  /**
   * The request values that `Condition` blocks test, e.g. `{ 'aws:SourceIp': '203.0.113.7' }`.
   * Required when a matching statement has a condition. Default: none.
   */
  conditionContext?: ConditionContext;
}

/**
 * The shape `evaluatePolicy()` reads: any authorizer result, this package's or hand-written
 * (`APIGatewayAuthorizerResult` from `@types/aws-lambda` fits).
 *
 * See the example of {@link evaluatePolicy}.
 */
export interface EvaluablePolicyResult {
  principalId: string;
  policyDocument: { Version: string; Statement: readonly object[] | object };
}

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const INVOKE = 'execute-api:Invoke';

function malformed(where: string, detail: string): InvalidPolicyError {
  return new InvalidPolicyError(
    'ERR_POLICY_MALFORMED',
    `${where} ${detail}. API Gateway answers 500 for a malformed authorizer result.`,
  );
}

/** Every element is a string; unlike `every()`, holes of a sparse array count (as undefined). */
function isStringArray(value: readonly unknown[]): value is string[] {
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

function checkOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(
      'options',
      `evaluatePolicy() options must be an object such as { conditionContext }, got ${describeType(options)}.`,
    );
  }
  const context: unknown = (options as EvaluatePolicyOptions).conditionContext;
  if (context === undefined) return;
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw new InvalidOptionError(
      'conditionContext',
      `options.conditionContext must be an object of condition keys, e.g. { "aws:SourceIp": "203.0.113.7" }, got ${describeType(context)}.`,
    );
  }
  for (const [key, value] of Object.entries(context)) {
    const ok =
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (Array.isArray(value) && isStringArray(value));
    if (!ok) {
      throw new InvalidOptionError(
        'conditionContext',
        `options.conditionContext[${describeValue(key)}] must be a string, a finite number, a boolean or an array of strings, got ${describeType(value)}.`,
      );
    }
  }
}

function stringList(value: unknown, where: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && isStringArray(value)) return value;
  throw malformed(where, `must be a string or a non-empty array of strings, got ${describeType(value)}`);
}

/** Condition values: strings, numbers or Booleans, one or a non-empty list, as IAM's grammar allows. */
function conditionValues(value: unknown, where: string): string[] {
  const scalar = (v: unknown) =>
    typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
  if (scalar(value)) return [String(value)];
  if (Array.isArray(value) && value.length > 0 && Array.from(value).every(scalar)) return value.map(String);
  throw malformed(
    where,
    `must be a string, number or boolean, or a non-empty array of them, got ${describeType(value)}`,
  );
}

function covers(
  statement: Record<string, unknown>,
  positive: string,
  negative: string,
  where: string,
  matches: (pattern: string) => boolean,
): boolean {
  const hasPositive = statement[positive] !== undefined;
  const hasNegative = statement[negative] !== undefined;
  if (hasPositive === hasNegative) {
    throw malformed(where, `must have exactly one of ${positive} and ${negative}`);
  }
  return hasPositive
    ? stringList(statement[positive], `${where}.${positive}`).some(matches)
    : !stringList(statement[negative], `${where}.${negative}`).some(matches);
}

/**
 * Decides, as API Gateway would, whether an authorizer result lets a request through: IAM wildcard
 * matching (`*` any run of characters, `/` and `:` included; `?` one character; case-sensitive
 * resources, case-insensitive actions), an explicit Deny beats any Allow, only statements whose
 * action covers `execute-api:Invoke` count, and no matching Allow is an implicit deny (403).
 *
 * For unit tests of authorizers: assert the decision for every route the token should (not) reach.
 *
 * @param result - the authorizer's result.
 * @param methodArn - the ARN of the request to decide, e.g. another route of the same API.
 * @param options - request values for statements with a `Condition`.
 * @returns `'Allow'`, `'Deny'` (explicit) or `'ImplicitDeny'`.
 * @throws {@link InvalidPolicyError} `ERR_POLICY_MALFORMED` for a result API Gateway would reject
 * (500), `ERR_POLICY_CONDITION_CONTEXT_REQUIRED` when a condition needs `options.conditionContext`,
 * `ERR_POLICY_UNSUPPORTED_CONDITION` for an operator the evaluator does not know;
 * and {@link InvalidOptionError} when `options` or `options.conditionContext` has the wrong shape.
 * @throws {@link InvalidArnError} when `methodArn` is not a valid execute-api ARN.
 *
 * @example
 * ```ts
 * import { evaluatePolicy } from 'lambda-authorizer-kit/policy';
 * import { expect, it } from 'vitest';
 * import { handler } from './authorizer.js';
 *
 * it('lets the token reach every route, even from the cache', async () => {
 *   const base = 'arn:aws:execute-api:us-east-1:123456789012:ivdtdhp7b5/prod';
 *   const result = await handler({ type: 'TOKEN', authorizationToken: 'Bearer ...', methodArn: `${base}/GET/pets` });
 *   expect(evaluatePolicy(result, `${base}/DELETE/pets/42`)).toBe('Allow');
 * });
 * ```
 */
export function evaluatePolicy(
  result: EvaluablePolicyResult,
  methodArn: string,
  options?: EvaluatePolicyOptions,
): PolicyDecision {
  const arn = methodArn;
  parseMethodArn(arn);
  checkOptions(options);
  if (typeof result !== 'object' || result === null)
    throw malformed('The result', `is ${describeType(result)}`);
  if (typeof result.principalId !== 'string') {
    throw malformed('principalId', `must be a string, got ${describeType(result.principalId)}`);
  }
  const document: unknown = result.policyDocument;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw malformed('policyDocument', `must be an object, got ${describeType(document)}`);
  }
  const { Version, Statement } = document as Record<string, unknown>;
  if (typeof Version !== 'string' || !VERSIONS.has(Version)) {
    throw malformed('policyDocument.Version', 'must be "2012-10-17"');
  }
  const statements: unknown[] = Array.isArray(Statement) ? Statement : [Statement];
  let allowed = false;
  // API Gateway parses the whole document before deciding: a malformed statement anywhere is a 500,
  // even one after a matching Deny or one that does not match the request.
  let denied = false;
  for (let i = 0; i < statements.length; i++) {
    const where = `policyDocument.Statement[${i}]`;
    const statement = statements[i];
    if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
      throw malformed(where, `must be an object, got ${describeType(statement)}`);
    }
    const s = statement as Record<string, unknown>;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
      throw malformed(`${where}.Effect`, 'must be "Allow" or "Deny" (case-sensitive)');
    }
    const actionMatches = covers(s, 'Action', 'NotAction', where, (p) => matchesWildcard(p, INVOKE, true));
    const resourceMatches = covers(s, 'Resource', 'NotResource', where, (p) => matchesWildcard(p, arn));
    const condition = s.Condition;
    const tests: Record<string, Record<string, string[]>> = {};
    if (condition !== undefined) {
      if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
        throw malformed(`${where}.Condition`, `must be an object, got ${describeType(condition)}`);
      }
      for (const [operator, keys] of Object.entries(condition)) {
        if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) {
          throw malformed(`${where}.Condition.${operator}`, 'must map condition keys to values');
        }
        tests[operator] = {};
        for (const [key, value] of Object.entries(keys))
          (tests[operator] as Record<string, string[]>)[key] = conditionValues(
            value,
            `${where}.Condition.${operator}.${key}`,
          );
      }
    }
    if (denied || !actionMatches || !resourceMatches) continue;
    if (condition !== undefined) {
      if (options?.conditionContext === undefined) {
        throw new InvalidPolicyError(
          'ERR_POLICY_CONDITION_CONTEXT_REQUIRED',
          `${where} has a Condition; pass the request's values as options.conditionContext, e.g. { "aws:SourceIp": "203.0.113.7" }.`,
        );
      }
      if (!conditionHolds(tests, options.conditionContext, where)) {
        continue;
      }
    }
    if (s.Effect === 'Deny') denied = true;
    else allowed = true;
  }
  return denied ? 'Deny' : allowed ? 'Allow' : 'ImplicitDeny';
}

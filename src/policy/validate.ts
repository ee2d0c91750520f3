import { describeType, describeValue } from '../lib/describe.js';
import { InvalidPolicyError } from './errors.js';
import type { PolicyCondition } from './types.js';

const EXECUTE_API_ARN = /^arn:[^:]+:execute-api:/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
const CONTROL = /[\x00-\x1f\x7f]/;
const CONDITION_OPERATOR = /^(?:[A-Za-z]+:)?[A-Za-z]+$/;

/**
 * Checks a principal id: a string. An empty string is accepted, as API Gateway does (anonymous
 * callers in session-based authorizers are often given `""`).
 * @internal
 */
export function checkPrincipalId(principalId: unknown): string {
  if (typeof principalId !== 'string') {
    throw new InvalidPolicyError(
      'ERR_POLICY_INVALID_PRINCIPAL',
      `principalId must be a string (e.g. the token's "sub"), got ${describeType(principalId)}. API Gateway answers 500 without one.`,
    );
  }
  return principalId;
}

function checkResource(resource: unknown, where: string): string {
  if (
    typeof resource !== 'string' ||
    CONTROL.test(resource) ||
    (resource !== '*' && !EXECUTE_API_ARN.test(resource))
  ) {
    throw new InvalidPolicyError(
      'ERR_POLICY_INVALID_RESOURCE',
      `${where} must be an execute-api ARN such as event.methodArn or anyRouteInStage(event.methodArn), got ${describeValue(resource)}.`,
    );
  }
  return resource;
}

/** Checks one resource or a non-empty list of them and returns a copy. @internal */
export function checkResources(resource: unknown): string | string[] {
  if (Array.isArray(resource)) {
    if (resource.length === 0) {
      throw new InvalidPolicyError(
        'ERR_POLICY_INVALID_RESOURCE',
        'The resource list is empty; a statement without resources makes API Gateway answer 500. Pass at least one ARN.',
      );
    }
    // Array.from visits the holes of a sparse array too: each must be an ARN.
    return Array.from(resource, (r, i) => checkResource(r, `resource[${i}]`));
  }
  return checkResource(resource, 'resource');
}

/** @internal */
export function checkUsageIdentifierKey(key: unknown): string | undefined {
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidPolicyError(
      'ERR_POLICY_INVALID_USAGE_IDENTIFIER_KEY',
      `usageIdentifierKey must be a non-empty string (a usage plan API key), got ${describeType(key)}. Leave it undefined when not metering.`,
    );
  }
  return key;
}

/** Checks an IAM condition block and returns a deep copy. @internal */
export function checkCondition(condition: unknown): PolicyCondition {
  const invalid = (detail: string) =>
    new InvalidPolicyError(
      'ERR_POLICY_INVALID_CONDITION',
      `Invalid condition: ${detail}. Expected { Operator: { "condition:key": "value" | ["values"] } }, e.g. { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }.`,
    );
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
    throw invalid(`got ${describeType(condition)}`);
  }
  const operators = Object.entries(condition);
  if (operators.length === 0) throw invalid('it has no operator');
  const copy: [string, Record<string, string | string[]>][] = [];
  for (const [operator, keys] of operators) {
    if (!CONDITION_OPERATOR.test(operator))
      throw invalid(`operator ${describeValue(operator)} is not a name`);
    if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) {
      throw invalid(`${operator} must map condition keys to values, got ${describeType(keys)}`);
    }
    const entries = Object.entries(keys);
    if (entries.length === 0) throw invalid(`${operator} has no condition key`);
    const keyCopy: [string, string | string[]][] = [];
    for (const [key, value] of entries) {
      const ok =
        typeof value === 'string' ||
        (Array.isArray(value) && value.length > 0 && Array.from(value).every((v) => typeof v === 'string'));
      if (!ok) {
        throw invalid(`${operator}[${describeValue(key)}] must be a string or a non-empty array of strings`);
      }
      keyCopy.push([key, Array.isArray(value) ? [...value] : value]);
    }
    copy.push([operator, Object.fromEntries(keyCopy)]);
  }
  return Object.fromEntries(copy);
}

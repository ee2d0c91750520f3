import { describeType } from '../lib/describe.js';
import { InvalidPolicyError } from '../policy/errors.js';

/**
 * AppSync's limits on a Lambda authorizer's answer, from "Configuring authorization and
 * authentication to secure your GraphQL APIs" (AWS AppSync Developer Guide, section "AWS_LAMBDA
 * authorization") and the API Reference's "LambdaAuthorizerConfig":
 *
 * - `isAuthorized` is required and a boolean; `false` gives the client `UnauthorizedException`;
 * - `ttlOverride` is a number of seconds; the TTL's valid range is 0 to 3600, and 0 means "not cached";
 * - `deniedFields` is a list of `TypeName.FieldName` or full field ARNs
 *   (`arn:aws:appsync:<region>:<account>:apis/<apiId>/types/<Type>/fields/<field>`);
 * - `resolverContext` reaches resolvers as `$ctx.identity.resolverContext`; a function must not return
 *   more than 5 MB of it. Its values are read here as AWS's examples show them, flat: strings, finite
 *   numbers and booleans (the stricter reading: a nested value is refused rather than guessed at).
 * @internal
 */
export const MAX_TTL_OVERRIDE_SECONDS = 3600;
/** 5 MB, read as 5,000,000 bytes of UTF-8 JSON (the stricter reading). @internal */
export const MAX_RESOLVER_CONTEXT_BYTES = 5_000_000;

const NAME = '[_A-Za-z][_0-9A-Za-z]*';
const SHORT_FIELD = new RegExp(`^${NAME}\\.${NAME}$`);
const FIELD_ARN = new RegExp(
  `^arn:[a-z-]+:appsync:[a-z0-9-]+:\\d{12}:apis/[A-Za-z0-9]+/types/${NAME}/fields/${NAME}$`,
);

/** A value of an AppSync resolver context. See the example of {@link createAppSyncAuthorizer}. */
export type AppSyncContextValue = string | number | boolean;

/** What an AppSync Lambda authorizer answers. See the example of {@link createAppSyncAuthorizer}. */
export interface AppSyncAuthorizerAnswer {
  isAuthorized: boolean;
  resolverContext?: Record<string, AppSyncContextValue>;
  deniedFields?: string[];
  ttlOverride?: number;
}

function invalid(field: string, message: string): never {
  throw new InvalidPolicyError('ERR_APPSYNC_RESULT_INVALID', message, field);
}

/** A TTL AppSync accepts: an integer from 0 to 3600 seconds. @internal */
export function checkTtl(value: unknown, field: string): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > MAX_TTL_OVERRIDE_SECONDS
  ) {
    invalid(
      field,
      `${field} must be a whole number of seconds from 0 to ${MAX_TTL_OVERRIDE_SECONDS}, got ${typeof value === 'number' ? value : describeType(value)}.`,
    );
  }
  return value;
}

/**
 * Builds the answer AppSync receives, checked against its limits; throws
 * `InvalidPolicyError('ERR_APPSYNC_RESULT_INVALID')` naming the field otherwise, so that an answer
 * AppSync would refuse never leaves as `isAuthorized: true`.
 * @internal
 */
export function appSyncAnswer(
  isAuthorized: boolean,
  parts: { resolverContext?: unknown; deniedFields?: unknown; ttlOverride?: unknown } = {},
): AppSyncAuthorizerAnswer {
  if (typeof isAuthorized !== 'boolean') invalid('isAuthorized', 'isAuthorized must be a boolean.');
  const answer: AppSyncAuthorizerAnswer = { isAuthorized };
  if (parts.resolverContext !== undefined)
    answer.resolverContext = checkResolverContext(parts.resolverContext);
  if (parts.deniedFields !== undefined) answer.deniedFields = checkDeniedFields(parts.deniedFields);
  if (parts.ttlOverride !== undefined) answer.ttlOverride = checkTtl(parts.ttlOverride, 'ttlOverride');
  return answer;
}

function checkDeniedFields(value: unknown): string[] {
  if (!Array.isArray(value))
    invalid('deniedFields', `deniedFields must be an array of field names, got ${describeType(value)}.`);
  return value.map((field: unknown, i) => {
    if (typeof field !== 'string' || !(SHORT_FIELD.test(field) || FIELD_ARN.test(field))) {
      invalid(
        `deniedFields[${i}]`,
        `deniedFields[${i}] must be "TypeName.FieldName" or a field ARN (arn:aws:appsync:<region>:<account>:apis/<apiId>/types/<Type>/fields/<field>), got ${typeof field === 'string' ? 'another string' : describeType(field)}.`,
      );
    }
    return field;
  });
}

function checkResolverContext(value: unknown): Record<string, AppSyncContextValue> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalid(
      'resolverContext',
      `resolverContext must be an object of key/value pairs, got ${describeType(value)}.`,
    );
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    invalid('resolverContext', 'resolverContext must be a plain object of key/value pairs.');
  }
  const out: Record<string, AppSyncContextValue> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (
      typeof item === 'string' ||
      typeof item === 'boolean' ||
      (typeof item === 'number' && Number.isFinite(item))
    ) {
      out[key] = item;
      continue;
    }
    invalid(
      `resolverContext.${key.slice(0, 80)}`,
      `resolverContext[${JSON.stringify(key.slice(0, 80))}] is ${describeType(item)}; AppSync resolver context values are strings, finite numbers or booleans (JSON-encode objects and arrays).`,
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(out));
  if (bytes > MAX_RESOLVER_CONTEXT_BYTES) {
    invalid(
      'resolverContext',
      `resolverContext is ${bytes} bytes of JSON; AppSync takes at most 5 MB (${MAX_RESOLVER_CONTEXT_BYTES} bytes).`,
    );
  }
  return out;
}

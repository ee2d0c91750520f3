import { describeType, describeValue } from '../lib/describe.js';
import { InvalidPolicyError } from './errors.js';
import type { AuthorizerContext, JsonValue } from './types.js';

const MAX_JSON_DEPTH = 64;

function keyName(key: string): string {
  return describeValue(key);
}

function requirePlainObject(context: unknown, what: string): Record<string, unknown> {
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw new InvalidPolicyError(
      'ERR_CONTEXT_NOT_AN_OBJECT',
      `The ${what} context must be a plain object of key/value pairs, got ${describeType(context)}.`,
    );
  }
  return context as Record<string, unknown>;
}

/**
 * Checks an IAM authorizer context (REST, WebSocket, HTTP payload 1.0) and returns a copy without the
 * `undefined` values. Values must be strings, finite numbers or booleans.
 * @internal
 */
export function checkAuthorizerContext(context: unknown): AuthorizerContext {
  const source = requirePlainObject(context, 'authorizer');
  const entries: [string, string | number | boolean][] = [];
  for (const key of Object.keys(source)) {
    const value = source[key];
    switch (typeof value) {
      case 'undefined':
        continue;
      case 'string':
      case 'boolean':
        entries.push([key, value]);
        continue;
      case 'number':
        if (Number.isFinite(value)) {
          entries.push([key, value]);
          continue;
        }
        throw new InvalidPolicyError(
          'ERR_CONTEXT_INVALID_VALUE',
          `context[${keyName(key)}] is ${value}, which API Gateway cannot pass on. Use a finite number or a string.`,
          key,
        );
      default: {
        const type = describeType(value);
        const fix =
          value === null
            ? 'Omit the key (or set it to undefined) when there is no value.'
            : type === 'object' || type === 'array'
              ? `Pass JSON.stringify(value) and JSON.parse it in the backend, or use simpleResponse() on an HTTP API.`
              : 'Convert it to a string, number or boolean.';
        throw new InvalidPolicyError(
          'ERR_CONTEXT_INVALID_VALUE',
          `context[${keyName(key)}] is ${type === 'object' || type === 'array' ? `an ${type}` : type}; API Gateway answers 500 (AuthorizerConfigurationException) for context values that are not a string, number or boolean. ${fix}`,
          key,
        );
      }
    }
  }
  return Object.fromEntries(entries);
}

function checkJson(value: unknown, path: string, topKey: string, seen: Set<object>, depth: number): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (Number.isFinite(value)) return;
      throw new InvalidPolicyError(
        'ERR_CONTEXT_INVALID_VALUE',
        `context${path} is ${value}, which JSON cannot carry. Use a finite number or a string.`,
        topKey,
      );
    case 'object': {
      if (value === null) return;
      if (depth > MAX_JSON_DEPTH) {
        throw new InvalidPolicyError(
          'ERR_CONTEXT_INVALID_VALUE',
          `context${path} is nested more than ${MAX_JSON_DEPTH} levels deep. Flatten it.`,
          topKey,
        );
      }
      if (seen.has(value)) {
        throw new InvalidPolicyError(
          'ERR_CONTEXT_INVALID_VALUE',
          `context${path} refers back to itself (a cycle), which JSON cannot carry.`,
          topKey,
        );
      }
      seen.add(value);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) checkJson(value[i], `${path}[${i}]`, topKey, seen, depth + 1);
      } else {
        const prototype = Object.getPrototypeOf(value);
        if (prototype !== Object.prototype && prototype !== null) {
          throw new InvalidPolicyError(
            'ERR_CONTEXT_INVALID_VALUE',
            `context${path} is a ${prototype?.constructor?.name ?? 'class instance'}, not plain JSON. Convert it (e.g. a Date to toISOString()).`,
            topKey,
          );
        }
        for (const [k, v] of Object.entries(value)) {
          if (v !== undefined) checkJson(v, `${path}[${keyName(k)}]`, topKey, seen, depth + 1);
        }
      }
      seen.delete(value);
      return;
    }
    default:
      throw new InvalidPolicyError(
        'ERR_CONTEXT_INVALID_VALUE',
        `context${path} is a ${typeof value}, which JSON cannot carry. Convert it to a string, number, boolean, array or object.`,
        topKey,
      );
  }
}

/**
 * Checks an HTTP API simple-response context: any JSON value, no functions, symbols, bigints, cycles or
 * non-finite numbers. Returns a shallow copy without top-level `undefined` values.
 * @internal
 */
export function checkJsonContext(context: unknown): Record<string, JsonValue> {
  const source = requirePlainObject(context, 'simple response');
  const entries: [string, JsonValue][] = [];
  const seen = new Set<object>([source]);
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    checkJson(value, `[${keyName(key)}]`, key, seen, 1);
    entries.push([key, value as JsonValue]);
  }
  return Object.fromEntries(entries);
}

/**
 * Which `context` maps API Gateway takes from an authorizer result, read from AWS's documentation
 * and written for the testing kit alone (no code shared with `src/policy`):
 *
 * - REST, WebSocket and HTTP API payload 1.0 results: a flat map whose values are strings, numbers or
 *   Booleans; "you cannot set a JSON object or array as a valid value of any key in the context
 *   map", and such a value fails the request with 500 (AuthorizerConfigurationException).
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 * - HTTP API payload 2.0 results (simple responses and IAM policies alike): JSON values, objects and
 *   arrays included (`arrayKey`, `mapKey` in AWS's examples).
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 *
 * Lambda sends the handler's result as JSON: `undefined` values vanish. Values JSON would silently
 * change or drop (functions, symbols, bigints, NaN and infinities, class instances such as `Date`)
 * are refused, so that a test never passes on a context the integration would not see as written.
 *
 * @internal
 */

/** The context the integration would see, or what is wrong with it. */
export type ContextReading = { readonly context: Record<string, unknown> } | { readonly problem: string };

const SHOWN = 80;

function keyText(key: string): string {
  return JSON.stringify(key.length > SHOWN ? `${key.slice(0, SHOWN)}…` : key);
}

function typeText(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) return 'an object';
    const name = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
    return `a ${typeof name === 'string' && name !== '' ? name : 'class instance'}`;
  }
  return `a ${typeof value}`;
}

function objectOf(context: unknown): Record<string, unknown> | string {
  return typeof context === 'object' && context !== null && !Array.isArray(context)
    ? (context as Record<string, unknown>)
    : `context must be an object of key/value pairs, not ${typeText(context)}`;
}

/** A REST / WebSocket / payload 1.0 context: flat, values string, finite number or Boolean. */
export function readFlatContext(context: unknown): ContextReading {
  const source = objectOf(context);
  if (typeof source === 'string') return { problem: source };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    if (
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    ) {
      out[key] = value;
      continue;
    }
    return {
      problem: `context[${keyText(key)}] is ${typeText(value)}, not a string, number or boolean; API Gateway answers 500 for it`,
    };
  }
  return { context: out };
}

function jsonProblem(value: unknown, path: string, ancestors: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot carry`;
    case 'object': {
      if (value === null) return undefined;
      if (ancestors.has(value)) return `${path} refers back to itself, which JSON cannot carry`;
      const isArray = Array.isArray(value);
      const prototype: unknown = Object.getPrototypeOf(value);
      if (!isArray && prototype !== Object.prototype && prototype !== null) {
        return `${path} is ${typeText(value)}, not plain JSON`;
      }
      ancestors.add(value);
      try {
        if (isArray) {
          for (let i = 0; i < value.length; i++) {
            const item: unknown = value[i];
            const problem =
              item === undefined
                ? `${path}[${i}] is undefined, which JSON turns into null`
                : jsonProblem(item, `${path}[${i}]`, ancestors);
            if (problem !== undefined) return problem;
          }
        } else {
          const record = value as Record<string, unknown>;
          for (const key of Object.keys(record)) {
            if (record[key] === undefined) continue;
            const problem = jsonProblem(record[key], `${path}[${keyText(key)}]`, ancestors);
            if (problem !== undefined) return problem;
          }
        }
      } finally {
        ancestors.delete(value);
      }
      return undefined;
    }
    default:
      return `${path} is ${typeText(value)}, which JSON cannot carry`;
  }
}

/** An HTTP API payload 2.0 context: any JSON values. */
export function readJsonContext(context: unknown): ContextReading {
  const source = objectOf(context);
  if (typeof source === 'string') return { problem: source };
  const out: Record<string, unknown> = {};
  try {
    for (const key of Object.keys(source)) {
      const value = source[key];
      if (value === undefined) continue;
      const problem = jsonProblem(value, `context[${keyText(key)}]`, new Set([source]));
      if (problem !== undefined) return { problem };
      out[key] = value;
    }
  } catch (error) {
    // Deeper than the stack: Lambda's JSON.stringify would fail on it as well.
    if (error instanceof RangeError) return { problem: 'context is nested too deeply to serialize' };
    throw error;
  }
  return { context: out };
}

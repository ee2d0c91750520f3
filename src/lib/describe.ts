const MAX_SHOWN = 120;

/**
 * A short, printable description of a value for an error message: the type for non-strings, the
 * JSON-quoted string (cut at {@link MAX_SHOWN} characters) otherwise. Never use it on secrets.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return `${JSON.stringify(shown)}${value.length > MAX_SHOWN ? ` (${value.length} characters)` : ''}`;
  }
  return describeType(value);
}

/** The type of a value as a reader would name it: `null`, `array`, `object`, `bigint`, ... */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

// Shared generators and checks for the hostile-input property tests (test/unit/security/hostile-*.test.ts).
import fc from 'fast-check';
import { expect } from 'vitest';
import { UnauthorizedError } from '../../../src/authorizer/errors.js';
import { AuthorizerKitError } from '../../../src/lib/errors.js';

/**
 * What the hostile objects below throw. A caller's own object that throws when it is read (a getter, a
 * Proxy trap) makes the library call fail with that very error: it is the caller's exception, passed
 * through unchanged, never swallowed and never turned into an allow.
 */
export class HostileInputError extends Error {
  override readonly name = 'HostileInputError';
}

const LABEL = fc.toStringMethod;

function labelled<T extends object>(value: T, label: string): T {
  Object.defineProperty(value, LABEL, { value: () => label, enumerable: false });
  return value;
}

/** Characters that break naive parsers: NUL, controls, separators, wildcards, bidi, BOM, lone surrogates. */
export const NASTY_CHARS = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u202e',
  '\ufeff',
  '\ufffd',
  '\uffff',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ud83d\ude00',
  ' ',
  '*',
  '?',
  '/',
  '\\',
  ':',
  ';',
  ',',
  '=',
  '.',
  '$',
  '%',
  '%00',
  '%2F',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '`',
  '<',
  '>',
  '&',
  '#',
  '@',
  '+',
  '-',
  '_',
  '~',
  'é',
  'İ',
  'ß',
  'K',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'Bearer ',
  'bearer\t',
  'arn:',
  'aws',
  'execute-api',
  '..',
  '../',
  '\r\n',
  'null',
  'NaN',
  '-1',
  '1e309',
] as const;

/** Huge strings (about 1 MB), built once: generating them per run would dominate the suite's time. */
export const HUGE_STRINGS: readonly string[] = [
  'a'.repeat(1 << 20),
  '\ud800'.repeat(1 << 19),
  '/*'.repeat(1 << 19),
  `arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/${'x'.repeat(1 << 20)}`,
  `Bearer ${'A'.repeat(1 << 20)}`,
  `${'eyJhbGciOiJSUzI1NiJ9'.repeat(1 << 15)}.${'e30'.repeat(1 << 16)}.${'A'.repeat(1 << 16)}`,
  '\u0000'.repeat(1 << 20),
  `${'%'.repeat(1 << 19)}`,
  `${'a;b=c, '.repeat(1 << 17)}`,
];

/** Random strings over the whole code point range, with lone surrogates, NUL and the nasty characters. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  {
    weight: 12,
    arbitrary: fc.array(fc.constantFrom(...NASTY_CHARS), { maxLength: 12 }).map((a) => a.join('')),
  },
  {
    weight: 9,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...NASTY_CHARS), fc.string({ unit: 'binary-ascii', maxLength: 6 })), {
        maxLength: 16,
      })
      .map((a) => a.join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 500, maxLength: 5000 }) },
  // About one string in forty is huge: enough to meet every size check, few enough to stay fast.
  { weight: 1, arbitrary: fc.constantFrom(...HUGE_STRINGS) },
);

/** Objects that throw when read, Proxies, null-prototype objects, prototype-pollution keys. */
export function trickyObjects(): unknown[] {
  const throwingGetter = labelled(
    Object.defineProperty({}, 'methodArn', {
      enumerable: true,
      get() {
        throw new HostileInputError('getter');
      },
    }),
    'throwingGetter',
  );
  const everyKeyThrows = new Proxy(
    {},
    {
      get(_target, key) {
        if (key === LABEL) return () => 'Proxy(every trap throws)';
        if (key === fc.cloneMethod || key === fc.asyncToStringMethod) return undefined;
        throw new HostileInputError(`get ${String(key)}`);
      },
      has(_target, key) {
        if (key === LABEL) return true;
        if (key === fc.cloneMethod || key === fc.asyncToStringMethod) return false;
        throw new HostileInputError('has');
      },
      ownKeys() {
        throw new HostileInputError('ownKeys');
      },
      getOwnPropertyDescriptor() {
        throw new HostileInputError('getOwnPropertyDescriptor');
      },
      getPrototypeOf() {
        throw new HostileInputError('getPrototypeOf');
      },
    },
  );
  const transparent = new Proxy(
    { principalId: 'p', Statement: [], keys: [], headers: { Authorization: 'Bearer x' } },
    {},
  );
  const arrayProxy = new Proxy(['a', 'b'], {});
  const nullProto = Object.assign(Object.create(null) as object, { a: 1, methodArn: 'x' });
  const protoKeys = JSON.parse(
    '{"__proto__":{"isAuthorized":true,"allow":true,"Effect":"Allow"},"constructor":{"prototype":{"polluted":true}},"toString":1,"valueOf":"x","hasOwnProperty":null}',
  ) as object;
  const badPrimitive = labelled(
    { [Symbol.toPrimitive]: () => ({}), toString: 5, valueOf: 5 },
    'badPrimitive',
  );
  const deep: Record<string, unknown> = {};
  let cursor = deep;
  for (let i = 0; i < 2000; i++) {
    const next: Record<string, unknown> = {};
    cursor.a = next;
    cursor = next;
  }
  const cyclic: Record<string, unknown> = { a: 'x' };
  cyclic.self = cyclic;
  const cyclicArray: unknown[] = ['a'];
  cyclicArray.push(cyclicArray);
  const sparse = new Array(5);
  sparse[3] = 'x';
  const invalidDate = new Date(Number.NaN);
  const then = labelled(
    {
      // biome-ignore lint/suspicious/noThenProperty: a thenable is exactly the hostile shape tested.
      then() {
        throw new HostileInputError('then');
      },
    },
    'thenable',
  );
  return [
    throwingGetter,
    everyKeyThrows,
    transparent,
    arrayProxy,
    nullProto,
    protoKeys,
    badPrimitive,
    deep,
    cyclic,
    cyclicArray,
    sparse,
    invalidDate,
    then,
    new Map([['a', 1]]),
    new Set(['a']),
    new Uint8Array([1, 2, 3]),
    new ArrayBuffer(4),
    new Error('an error'),
    new URL('https://example.com/'),
    Promise.resolve('x'),
    /regex/,
    Object.freeze({ a: 'frozen' }),
  ];
}

const TRICKY = trickyObjects();

/** A value of any type: primitives of every kind, functions, symbols, bigints, tricky objects. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      undefined,
      null,
      true,
      false,
      0,
      -0,
      1,
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_VALUE,
      1e308,
      2n ** 70n,
      -1n,
      Symbol('hostile'),
      Symbol.iterator,
      () => 'function',
      async () => 'async function',
      class Hostile {},
      '',
    ),
  },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 1, arbitrary: fc.sparseArray(hostileString, { maxLength: 5 }) },
  {
    weight: 3,
    arbitrary: fc.anything({
      maxDepth: 2,
      maxKeys: 4,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      key: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'toString')),
    }),
  },
);

/** A JSON object as JSON.parse would build it, with prototype keys as own properties. */
export const hostileJson: fc.Arbitrary<unknown> = fc
  .jsonValue({ maxDepth: 3 })
  .chain((value) =>
    fc.constantFrom(
      value,
      JSON.parse(`{"__proto__":${JSON.stringify(value) ?? 'null'},"constructor":{"prototype":{"x":1}}}`),
    ),
  );

function describeThrown(error: unknown): string {
  if (error instanceof Error)
    return `${error.constructor.name} (${error.name}): ${error.message.slice(0, 300)}`;
  try {
    return `non-Error ${typeof error}: ${String(error).slice(0, 300)}`;
  } catch {
    return `non-Error ${typeof error}`;
  }
}

/** The error is an AuthorizerKitError with a non-empty string code and message, or the caller's own. */
export function expectTypedError(error: unknown): void {
  if (error instanceof HostileInputError) return;
  if (
    error instanceof AuthorizerKitError &&
    typeof error.code === 'string' &&
    /^ERR_[A-Z0-9_]+$/.test(error.code) &&
    typeof error.message === 'string' &&
    error.message !== ''
  ) {
    return;
  }
  expect.fail(`expected an AuthorizerKitError with a code, got ${describeThrown(error)}`);
}

/** Calls `run`: it returns, or throws an AuthorizerKitError (or the caller's own HostileInputError). */
export function returnsOrThrowsTyped<T>(
  run: () => T,
): { ok: true; value: T } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    expectTypedError(error);
    return { ok: false, error };
  }
}

/** The async form of {@link returnsOrThrowsTyped}. */
export async function resolvesOrRejectsTyped<T>(
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    expectTypedError(error);
    return { ok: false, error };
  }
}

/** The error is one of the named AuthorizerKitError classes (or the caller's own HostileInputError). */
export function expectErrorClass(error: unknown, ...names: string[]): void {
  expectTypedError(error);
  if (error instanceof HostileInputError) return;
  expect(names).toContain((error as Error).name);
}

/** Whether `text` has a C0 control character or DEL. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** JSON.stringify does not throw, and what it writes reads back to the same JSON (-0 aside). */
export function expectJsonRoundTrip(value: unknown): void {
  const text = JSON.stringify(value);
  expect(typeof text).toBe('string');
  expect(JSON.stringify(JSON.parse(text))).toBe(text);
}

/**
 * `error` is the 401 of API Gateway authorizers: an `Error` whose message is exactly `Unauthorized`
 * (API Gateway reads only the message), plain or the factories' `UnauthorizedError` with its code.
 */
export function isExactUnauthorized(error: unknown): boolean {
  return (
    error instanceof Error &&
    (Object.getPrototypeOf(error) === Error.prototype ||
      (error instanceof UnauthorizedError && typeof error.code === 'string')) &&
    error.message === 'Unauthorized'
  );
}

/** Run counts: the whole security suite stays well under 30 s on two cores. */
export const RUNS = { quick: 400, medium: 200, slow: 60 } as const;

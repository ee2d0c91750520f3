import { expect } from 'vitest';

/**
 * Runs `work` (a function, sync or async, or a promise) and returns what it threw or rejected with.
 * Fails the test when it settles without an error, so a caller never inspects `undefined`.
 *
 * With `errorClass`, it also asserts that the error is an instance of it and returns it as one;
 * without, the type parameter only narrows for the caller's convenience.
 */
export async function caught<E = Error & { code?: string }>(
  work: (() => unknown) | Promise<unknown>,
  errorClass?: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    if (errorClass !== undefined) expect(error).toBeInstanceOf(errorClass);
    return error as E;
  }
  throw new Error('expected an error, but the call settled without one');
}

/**
 * Runs `work` (a function, sync or async, or a promise) and returns what it threw or rejected with.
 * Fails the test when it settles without an error, so a caller never inspects `undefined`.
 *
 * The type parameter only narrows for the caller's convenience; assert the class with
 * `toBeInstanceOf` where it matters.
 */
export async function caught<E = Error & { code?: string }>(
  work: (() => unknown) | Promise<unknown>,
): Promise<E> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    return error as E;
  }
  throw new Error('expected an error, but the call settled without one');
}

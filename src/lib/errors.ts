/**
 * Options accepted by every {@link AuthorizerKitError} constructor.
 *
 * @example
 * ```ts
 * import { AuthorizerKitError, type AuthorizerKitErrorOptions } from 'lambda-authorizer-kit/policy';
 *
 * export const handler = async () => {
 *   try {
 *     return await (await fetch(process.env.TENANTS_URL ?? '')).json();
 *   } catch (error) {
 *     const options: AuthorizerKitErrorOptions = { cause: error }; // kept on `error.cause` for the logs
 *     throw new AuthorizerKitError('ERR_TENANT_LOOKUP', 'The tenant service did not answer.', options);
 *   }
 * };
 * ```
 */
export interface AuthorizerKitErrorOptions {
  /** The underlying error, kept on `error.cause` for logs and debuggers. */
  cause?: unknown;
}

/**
 * The base class of every error thrown by `lambda-authorizer-kit`.
 *
 * Every error carries a stable string `code` (switch on it rather than on the message), a `name`
 * equal to its class name, and the original `cause` when there was one. Messages name the field that
 * was wrong, show expected and actual values where they are not secret, and say how to fix it. They
 * never contain tokens, signatures or credentials.
 *
 * @example
 * ```ts
 * import { AuthorizerKitError, PolicyBuilder } from 'lambda-authorizer-kit/policy';
 *
 * export const handler = async (event: { methodArn: string }) => {
 *   try {
 *     return new PolicyBuilder(event.methodArn).allowAll().build({ principalId: 'user-42' });
 *   } catch (error) {
 *     if (error instanceof AuthorizerKitError) console.error(error.code, error.message);
 *     throw error;
 *   }
 * };
 * ```
 */
export class AuthorizerKitError extends Error {
  /** A stable, machine-readable identifier such as `ERR_ARN_MALFORMED`. */
  readonly code: string;

  constructor(code: string, message: string, options?: AuthorizerKitErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    Object.defineProperty(this, 'name', {
      value: new.target.errorName,
      enumerable: false,
      configurable: true,
      writable: true,
    });
    // The brand: recognised by every copy of the package loaded in the process (ESM and CommonJS
    // builds side by side), where `instanceof` only knows its own copy's classes.
    Object.defineProperty(this, ERROR_BRAND, { value: new.target.family, enumerable: false });
  }

  /**
   * The `name` given to instances. Subclasses override it with their own class name as a literal,
   * so names survive minification.
   */
  static readonly errorName: string = 'AuthorizerKitError';

  /**
   * What kind of failure the class stands for, carried by each instance under a registered symbol:
   * `'refusal'` for credentials that were refused (answer 401), `'error'` for everything else.
   */
  static readonly family: ErrorFamily = 'error';
}

/**
 * What kind of failure an {@link AuthorizerKitError} stands for: `'refusal'` when the caller's
 * credentials were refused (an authorizer answers 401), `'error'` otherwise.
 *
 * @example
 * ```ts
 * import { type ErrorFamily, isTokenRefusal } from 'lambda-authorizer-kit/jwt';
 *
 * const familyOf = (error: unknown): ErrorFamily => (isTokenRefusal(error) ? 'refusal' : 'error');
 * ```
 */
export type ErrorFamily = 'refusal' | 'error';

/** The registered symbol under which every error of the package carries its family. @internal */
export const ERROR_BRAND: unique symbol = Symbol.for('lambda-authorizer-kit.error') as never;

/**
 * The family of an error thrown by any copy of the package, or `undefined` for other values. Reads
 * the brand without invoking getters or proxies' traps beyond one property read.
 * @internal
 */
export function familyOf(error: unknown): ErrorFamily | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  try {
    const family = (error as { [ERROR_BRAND]?: unknown })[ERROR_BRAND];
    return family === 'refusal' || family === 'error' ? family : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `code` of an error thrown by any copy of the package, or `undefined` for other values.
 * @internal
 */
export function codeOf(error: unknown): string | undefined {
  if (familyOf(error) === undefined) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

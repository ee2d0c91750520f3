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
  }

  /**
   * The `name` given to instances. Subclasses override it with their own class name as a literal,
   * so names survive minification.
   */
  static readonly errorName: string = 'AuthorizerKitError';
}

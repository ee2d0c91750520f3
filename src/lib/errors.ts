/**
 * Options accepted by every {@link AuthorizerKitError} constructor: see its example.
 */
export interface AuthorizerKitErrorOptions {
  /** The underlying error, kept on `error.cause` for logs and debuggers. */
  cause?: unknown;
}

/**
 * The base class of every error thrown by `lambda-authorizer-kit`, generic over its `code`.
 *
 * Every error carries a stable string `code` (switch on it rather than on the message), a `name`
 * equal to its class name, and the original `cause` when there was one. Messages name the field that
 * was wrong, show expected and actual values where they are not secret, and say how to fix it. They
 * never contain tokens, signatures or credentials. Each subpath's page in `docs/` has the table of
 * its codes.
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
export class AuthorizerKitError<Code extends string = string> extends Error {
  /** A stable, machine-readable identifier such as `ERR_ARN_MALFORMED`. */
  readonly code: Code;

  constructor(code: Code, message: string, options?: AuthorizerKitErrorOptions) {
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
 * Thrown when a function is given an option or argument it cannot work with: a missing `audience`,
 * an `http:` JWKS URL that is not loopback, an identity source the factory does not understand, a
 * `timeoutMs` that is not a positive number, a URL or method that cannot be signed. It is a bug in
 * the calling code or its configuration, and most are reported when the handler module loads (the
 * factories check everything at creation). `option` names the option at fault; `code` is always
 * `ERR_INVALID_OPTION`. Every subpath exports this one class.
 *
 * @example
 * ```ts
 * import { createJwtVerifier, InvalidOptionError } from 'lambda-authorizer-kit/jwt';
 *
 * try {
 *   createJwtVerifier({ issuer: process.env.ISSUER ?? '', audience: process.env.AUDIENCE ?? '' });
 * } catch (error) {
 *   if (error instanceof InvalidOptionError) console.error(`Check the ${error.option} setting: ${error.message}`);
 *   throw error; // the function fails at cold start, before any request is judged
 * }
 * ```
 */
export class InvalidOptionError extends AuthorizerKitError<'ERR_INVALID_OPTION'> {
  static override readonly errorName: string = 'InvalidOptionError';
  /** The option or argument at fault, e.g. `audience`, `identitySource`, `timeoutMs`, `url`. */
  readonly option: string;

  constructor(option: string, message: string, options?: AuthorizerKitErrorOptions) {
    super('ERR_INVALID_OPTION', message, options);
    this.option = option;
  }
}

/**
 * What kind of failure an {@link AuthorizerKitError} stands for: `'refusal'` when the caller's
 * credentials were refused (an authorizer answers 401), `'error'` otherwise. See the example of
 * {@link AuthorizerKitError}.
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

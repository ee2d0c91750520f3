import { AuthorizerKitError, type AuthorizerKitErrorOptions } from '../lib/errors.js';

/**
 * The `code` values an {@link InvalidContextError} can carry.
 *
 * @example
 * ```ts
 * import { allow, InvalidContextError, type InvalidContextErrorCode } from 'lambda-authorizer-kit/policy';
 *
 * export const handler = async (event: { methodArn: string }) => {
 *   try {
 *     return allow('user-42', event.methodArn, JSON.parse(process.env.CONTEXT ?? '{}'));
 *   } catch (error) {
 *     if (!(error instanceof InvalidContextError)) throw error;
 *     const code: InvalidContextErrorCode = error.code;
 *     switch (code) {
 *       case 'ERR_CONTEXT_NOT_AN_OBJECT':
 *         console.error('CONTEXT must be a JSON object');
 *         break;
 *       case 'ERR_CONTEXT_INVALID_VALUE':
 *         console.error(`context["${error.key}"] must be a string, a number or a boolean`);
 *         break;
 *     }
 *     throw error;
 *   }
 * };
 * ```
 */
export type InvalidContextErrorCode = 'ERR_CONTEXT_NOT_AN_OBJECT' | 'ERR_CONTEXT_INVALID_VALUE';

/**
 * Thrown when an authorizer `context` would make API Gateway fail the request: a value that is not a
 * string, number or boolean (IAM results), or not JSON (simple responses). The message names the key.
 *
 * @example
 * ```ts
 * import { allow, InvalidContextError } from 'lambda-authorizer-kit/policy';
 *
 * export const handler = async (event: { methodArn: string }) => {
 *   try {
 *     return allow('user-42', event.methodArn, { roles: ['admin'] } as never);
 *   } catch (error) {
 *     if (error instanceof InvalidContextError) console.error(error.key); // 'roles'
 *     throw error;
 *   }
 * };
 * ```
 */
export class InvalidContextError extends AuthorizerKitError {
  static override readonly errorName: string = 'InvalidContextError';
  declare readonly code: InvalidContextErrorCode;
  /** The offending context key, when one is to blame. */
  readonly key: string | undefined;

  constructor(
    code: InvalidContextErrorCode,
    message: string,
    key?: string,
    options?: AuthorizerKitErrorOptions,
  ) {
    super(code, message, options);
    this.key = key;
  }
}

/**
 * The `code` values an {@link InvalidPolicyError} can carry.
 *
 * @example
 * ```ts
 * import { InvalidPolicyError, type InvalidPolicyErrorCode, PolicyBuilder } from 'lambda-authorizer-kit/policy';
 *
 * export const handler = async (event: { methodArn: string }) => {
 *   try {
 *     return new PolicyBuilder(event.methodArn).allow('GET', '/pets/*').build({ principalId: 'user-42' });
 *   } catch (error) {
 *     if (!(error instanceof InvalidPolicyError)) throw error;
 *     const code: InvalidPolicyErrorCode = error.code;
 *     switch (code) {
 *       case 'ERR_POLICY_INVALID_PRINCIPAL':
 *       case 'ERR_POLICY_INVALID_RESOURCE':
 *         console.error('bad input for the result:', error.message);
 *         break;
 *       default:
 *         console.error(code, error.message);
 *     }
 *     throw error; // API Gateway answers 500
 *   }
 * };
 * ```
 */
export type InvalidPolicyErrorCode =
  | 'ERR_POLICY_INVALID_PRINCIPAL'
  | 'ERR_POLICY_INVALID_RESOURCE'
  | 'ERR_POLICY_INVALID_CONDITION'
  | 'ERR_POLICY_INVALID_OPTION'
  | 'ERR_POLICY_EMPTY'
  | 'ERR_POLICY_MALFORMED'
  | 'ERR_POLICY_CONDITION_CONTEXT_REQUIRED'
  | 'ERR_POLICY_UNSUPPORTED_CONDITION';

/**
 * Thrown when an authorizer result cannot be built (bad principal, resource or condition, empty
 * policy) or, by `evaluatePolicy()`, when a result is malformed, which API Gateway answers with 500.
 *
 * @example
 * ```ts
 * import { InvalidPolicyError, PolicyBuilder } from 'lambda-authorizer-kit/policy';
 *
 * export const handler = async (event: { methodArn: string }) => {
 *   try {
 *     return new PolicyBuilder(event.methodArn).build({ principalId: 'user-42' });
 *   } catch (error) {
 *     if (error instanceof InvalidPolicyError) console.error(error.code); // 'ERR_POLICY_EMPTY'
 *     throw error;
 *   }
 * };
 * ```
 */
export class InvalidPolicyError extends AuthorizerKitError {
  static override readonly errorName: string = 'InvalidPolicyError';
  declare readonly code: InvalidPolicyErrorCode;

  constructor(code: InvalidPolicyErrorCode, message: string, options?: AuthorizerKitErrorOptions) {
    super(code, message, options);
  }
}

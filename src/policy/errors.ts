import { AuthorizerKitError, type AuthorizerKitErrorOptions } from '../lib/errors.js';

/**
 * The `code` of every error `lambda-authorizer-kit/policy` throws: an {@link InvalidPolicyError}'s
 * (a result that cannot be built or, for `evaluatePolicy()`, a malformed one) or the
 * {@link InvalidOptionError}'s `ERR_INVALID_OPTION`. See the example of {@link InvalidPolicyError} and
 * the table in `docs/policy.md`.
 */
export type PolicyErrorCode = InvalidPolicyErrorCode | 'ERR_INVALID_OPTION';

/** The codes an {@link InvalidPolicyError} carries. @internal */
type InvalidPolicyErrorCode =
  | 'ERR_POLICY_INVALID_PRINCIPAL'
  | 'ERR_POLICY_INVALID_RESOURCE'
  | 'ERR_POLICY_INVALID_CONDITION'
  | 'ERR_POLICY_INVALID_USAGE_IDENTIFIER_KEY'
  | 'ERR_POLICY_EMPTY'
  | 'ERR_POLICY_MALFORMED'
  | 'ERR_POLICY_CONDITION_CONTEXT_REQUIRED'
  | 'ERR_POLICY_UNSUPPORTED_CONDITION'
  | 'ERR_CONTEXT_NOT_AN_OBJECT'
  | 'ERR_CONTEXT_INVALID_VALUE'
  | 'ERR_APPSYNC_RESULT_INVALID';

/**
 * Thrown when an authorizer result cannot be built, because API Gateway would answer it with 500: a
 * bad principal, resource, condition or usage identifier key, an empty policy, or a `context` value
 * that is not a string, number or boolean (IAM results) or not JSON (simple responses); by
 * `evaluatePolicy()`, when a result is malformed; and, as `ERR_APPSYNC_RESULT_INVALID`, when an AppSync
 * authorizer's answer breaks one of AppSync's limits. `key` names the context key or field at fault.
 *
 * @example
 * ```ts
 * import { allow, InvalidPolicyError } from 'lambda-authorizer-kit/policy';
 *
 * export const handler = async (event: { methodArn: string }) => {
 *   try {
 *     return allow('user-42', event.methodArn, { roles: ['admin'] } as never);
 *   } catch (error) {
 *     if (error instanceof InvalidPolicyError) console.error(error.code, error.key); // 'ERR_CONTEXT_INVALID_VALUE', 'roles'
 *     throw error; // API Gateway answers 500
 *   }
 * };
 * ```
 */
export class InvalidPolicyError extends AuthorizerKitError<InvalidPolicyErrorCode> {
  static override readonly errorName: string = 'InvalidPolicyError';
  /**
   * The offending context key, for the `ERR_CONTEXT_*` codes when one is to blame; the field
   * (`ttlOverride`, `deniedFields[2]`, `resolverContext.roles`, ...) for `ERR_APPSYNC_RESULT_INVALID`.
   */
  readonly key: string | undefined;

  constructor(
    code: InvalidPolicyErrorCode,
    message: string,
    key?: string,
    options?: AuthorizerKitErrorOptions,
  ) {
    super(code, message, options);
    this.key = key;
  }
}

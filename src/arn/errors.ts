import { AuthorizerKitError } from '../lib/errors.js';

/**
 * The `code` of every error `lambda-authorizer-kit/arn` throws, all carried by an
 * {@link InvalidArnError}: see its example, and the table in `docs/arn.md`.
 */
export type ArnErrorCode =
  | 'ERR_ARN_NOT_A_STRING'
  | 'ERR_ARN_TOO_LONG'
  | 'ERR_ARN_MALFORMED'
  | 'ERR_ARN_WRONG_SERVICE'
  | 'ERR_ARN_INVALID_PARTITION'
  | 'ERR_ARN_INVALID_REGION'
  | 'ERR_ARN_INVALID_ACCOUNT'
  | 'ERR_ARN_INVALID_API_ID'
  | 'ERR_ARN_INVALID_STAGE'
  | 'ERR_ARN_INVALID_METHOD'
  | 'ERR_ARN_INVALID_PATH';

/**
 * Thrown when a string is not a valid execute-api ARN, or when ARN parts cannot be formatted.
 *
 * @example
 * ```ts
 * import { InvalidArnError, parseMethodArn } from 'lambda-authorizer-kit/arn';
 *
 * export const handler = async (event: { methodArn: string }) => {
 *   try {
 *     return parseMethodArn(event.methodArn);
 *   } catch (error) {
 *     if (error instanceof InvalidArnError) console.error(error.code); // e.g. 'ERR_ARN_WRONG_SERVICE'
 *     throw error;
 *   }
 * };
 * ```
 */
export class InvalidArnError extends AuthorizerKitError<ArnErrorCode> {
  static override readonly errorName: string = 'InvalidArnError';
}

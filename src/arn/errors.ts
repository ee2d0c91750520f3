import { AuthorizerKitError, type AuthorizerKitErrorOptions } from '../lib/errors.js';

/**
 * The `code` values an {@link InvalidArnError} can carry.
 *
 * @example
 * ```ts
 * import { InvalidArnError, type InvalidArnErrorCode, parseMethodArn } from 'lambda-authorizer-kit/arn';
 *
 * export const handler = async (event: { methodArn: string }) => {
 *   try {
 *     return parseMethodArn(event.methodArn);
 *   } catch (error) {
 *     if (!(error instanceof InvalidArnError)) throw error;
 *     const code: InvalidArnErrorCode = error.code;
 *     switch (code) {
 *       case 'ERR_ARN_NOT_A_STRING':
 *       case 'ERR_ARN_WRONG_SERVICE':
 *         console.error('The function is not invoked as an API Gateway authorizer.');
 *         break;
 *       default:
 *         console.error(code, error.message);
 *     }
 *     throw error; // API Gateway answers 500
 *   }
 * };
 * ```
 */
export type InvalidArnErrorCode =
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
export class InvalidArnError extends AuthorizerKitError {
  static override readonly errorName: string = 'InvalidArnError';
  declare readonly code: InvalidArnErrorCode;

  constructor(code: InvalidArnErrorCode, message: string, options?: AuthorizerKitErrorOptions) {
    super(code, message, options);
  }
}

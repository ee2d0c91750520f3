import { InvalidArnError } from './errors.js';
import type { MethodArn } from './types.js';
import { joinArn, MAX_ARN_BYTES, utf8Length, validateArnParts } from './validate.js';

/**
 * Formats ARN parts back into an execute-api ARN: the exact inverse of `parseMethodArn()`, so
 * `formatMethodArn(parseMethodArn(arn)) === arn` for every valid ARN.
 *
 * @param parts - the parts, usually from `parseMethodArn()` with some fields changed.
 * @returns the ARN string.
 * @throws {@link InvalidArnError} when a part is invalid (the same checks as `parseMethodArn()`).
 *
 * @example
 * ```ts
 * import { formatMethodArn, parseMethodArn } from 'lambda-authorizer-kit/arn';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) => {
 *   const arn = parseMethodArn(event.methodArn);
 *   // The same API and stage, but the orders resource with any verb:
 *   const orders = formatMethodArn({ ...arn, method: '*', path: '/orders/*' });
 * };
 * ```
 */
export function formatMethodArn(parts: MethodArn): string {
  validateArnParts(parts);
  const arn = joinArn(parts);
  const bytes = utf8Length(arn);
  if (bytes > MAX_ARN_BYTES) {
    throw new InvalidArnError(
      'ERR_ARN_TOO_LONG',
      `An execute-api ARN is at most ${MAX_ARN_BYTES} bytes; these parts make ${bytes} bytes.`,
    );
  }
  return arn;
}

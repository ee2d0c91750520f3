/** The exact error message API Gateway turns into a 401 response. */
export const UNAUTHORIZED_MESSAGE = 'Unauthorized';

/**
 * Throws the error API Gateway answers with 401: an `Error` whose message is exactly `Unauthorized`.
 * Any other thrown error becomes a 500, and a Deny policy a 403.
 *
 * @throws `Error('Unauthorized')`, always.
 *
 * @example
 * ```ts
 * import { allow, unauthorized } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) => {
 *   if (!event.authorizationToken) unauthorized();
 *   return allow('user-42', event.methodArn);
 * };
 * ```
 */
export function unauthorized(): never {
  throw new Error(UNAUTHORIZED_MESSAGE);
}

/**
 * `true` when `error` is the one API Gateway turns into a 401 (an `Error` whose message is exactly
 * `Unauthorized`).
 *
 * @example
 * ```ts
 * import { isUnauthorized } from 'lambda-authorizer-kit/policy';
 *
 * export const handler = async (event: unknown) => {
 *   try {
 *     return await authorize(event);
 *   } catch (error) {
 *     if (!isUnauthorized(error)) console.error('authorizer failed', (error as Error).name);
 *     throw error;
 *   }
 * };
 * ```
 */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof Error && error.message === UNAUTHORIZED_MESSAGE;
}

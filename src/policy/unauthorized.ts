/**
 * The exact error message API Gateway turns into a 401 response.
 *
 * @example
 * ```ts
 * import { UNAUTHORIZED_MESSAGE } from 'lambda-authorizer-kit/policy';
 * import { expect, it } from 'vitest';
 * import { handler } from './authorizer.js';
 *
 * it('answers 401 without a token', async () => {
 *   const methodArn = 'arn:aws:execute-api:us-east-1:123456789012:ivdtdhp7b5/prod/GET/pets';
 *   await expect(handler({ type: 'TOKEN', authorizationToken: '', methodArn })).rejects.toThrow(UNAUTHORIZED_MESSAGE);
 * });
 * ```
 */
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
 * import { allow, isUnauthorized, unauthorized } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) => {
 *   try {
 *     if (event.authorizationToken !== `Bearer ${process.env.API_TOKEN}`) unauthorized();
 *     return allow('api-client', event.methodArn);
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

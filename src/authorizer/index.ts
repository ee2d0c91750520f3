/**
 * Handler factories that wire the building blocks together: TOKEN, REQUEST (REST and WebSocket
 * `$connect`) and HTTP API (payload 2.0) authorizers with the right 401/403/500 semantics, cache-safe
 * policies and checked context, plus a case-insensitive event reader.
 *
 * @packageDocumentation
 */
export { AuthorizerKitError, type AuthorizerKitErrorOptions } from '../lib/errors.js';
export type { EnrichContext } from './enrich.js';
export {
  AuthorizerConfigError,
  type AuthorizerConfigErrorCode,
  AuthorizerFailedError,
  type AuthorizerFailedErrorCode,
} from './errors.js';
export type { AuthorizerLogger } from './failure.js';
export {
  createHttpApiAuthorizer,
  type HttpApiAuthorizerHandler,
  type HttpApiAuthorizerOptions,
} from './http-api-authorizer.js';
export { type AuthorizerEvent, type AuthorizerRequest, readRequest } from './request.js';
export {
  type AuthorizeDecision,
  createRequestAuthorizer,
  type RequestAuthorizerHandler,
  type RequestAuthorizerOptions,
} from './request-authorizer.js';
export {
  createTokenAuthorizer,
  type JwtAuthorizerOptions,
  type TokenAuthorizerHandler,
  type TokenAuthorizerOptions,
} from './token-authorizer.js';

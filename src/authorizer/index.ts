/**
 * Handler factories that wire the building blocks together: TOKEN, REQUEST (REST and WebSocket
 * `$connect`) and HTTP API (payload 2.0) authorizers with the right 401/403/500 semantics, cache-safe
 * policies and checked context, plus a case-insensitive event reader.
 *
 * @packageDocumentation
 */
export { isTokenRefusal } from '../jwt/errors.js';
export {
  AuthorizerKitError,
  type AuthorizerKitErrorOptions,
  type ErrorFamily,
  InvalidOptionError,
} from '../lib/errors.js';
export {
  type AppSyncAuthorizerHandler,
  type AppSyncAuthorizerOptions,
  type AppSyncDecision,
  type AppSyncResolverContext,
  createAppSyncAuthorizer,
} from './appsync-authorizer.js';
export type { AppSyncAuthorizerAnswer, AppSyncContextValue } from './appsync-result.js';
export type { EnrichContext, EnrichFailure } from './enrich.js';
export {
  type AuthorizerCallbackName,
  type AuthorizerErrorCode,
  AuthorizerFailedError,
  UnauthorizedError,
} from './errors.js';
export type { AuthorizerLogger } from './failure.js';
export {
  type CallerCheck,
  createFunctionUrlCallerGuard,
  type FunctionUrlCallerGuard,
  type FunctionUrlCallerGuardOptions,
  type FunctionUrlIamEvent,
  type FunctionUrlResponse,
  type IamCaller,
  type IamPrincipalType,
  readFunctionUrlCaller,
} from './function-url-caller.js';
export {
  createHttpApiAuthorizer,
  type HttpApiAuthorizerHandler,
  type HttpApiAuthorizerOptions,
  type HttpApiAuthorizerSharedOptions,
  type HttpApiContext,
  type HttpApiContextValue,
  type HttpApiIamAuthorizerOptions,
  type HttpApiSimpleAuthorizerOptions,
} from './http-api-authorizer.js';
export type { FlatContext, JwtAuthorizerOptions, TokenScheme } from './jwt-handler.js';
export {
  type PowertoolsLoggerLike,
  type PowertoolsLoggerOptions,
  powertoolsLogger,
  type RefusalLogLevel,
} from './powertools-logger.js';
export { type AuthorizerEvent, type AuthorizerRequest, readRequest } from './request.js';
export {
  type AuthorizeDecision,
  createRequestAuthorizer,
  type RequestAuthorizerHandler,
  type RequestAuthorizerOptions,
} from './request-authorizer.js';
export type { RouteScopes } from './route-scopes.js';
export {
  createTokenAuthorizer,
  type TokenAuthorizerHandler,
  type TokenAuthorizerOptions,
} from './token-authorizer.js';

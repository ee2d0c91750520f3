/**
 * Parse and format execute-api ARNs (REST `methodArn`, HTTP API `routeArn`, WebSocket `$connect`),
 * and build the cache-safe scopes policies should use.
 *
 * @packageDocumentation
 */
export { AuthorizerKitError, type AuthorizerKitErrorOptions } from '../lib/errors.js';
export { type ArnErrorCode, InvalidArnError } from './errors.js';
export { formatMethodArn } from './format.js';
export { parseMethodArn } from './parse.js';
export { anyRouteInApi, anyRouteInStage, routeInStage } from './scopes.js';
export type { HttpVerb, MethodArn } from './types.js';

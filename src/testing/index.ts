/**
 * For users' unit tests: a test issuer with a real loopback JWKS server, event factories, an API
 * Gateway outcome simulator with the authorizer cache, and a function-URL emulator that checks SigV4.
 *
 * @packageDocumentation
 */
export { AuthorizerKitError, type AuthorizerKitErrorOptions } from '../lib/errors.js';
export { type AppSyncOutcome, type SimulateAppSyncOptions, simulateAppSync } from './appsync.js';
export {
  type CachedOutcome,
  type CachingGateway,
  type CachingGatewayOptions,
  createCachingGateway,
} from './cache.js';
export {
  type AppSyncAuthorizerEventOptions,
  appSyncAuthorizerEvent,
  DEFAULT_METHOD_ARN,
  type FunctionUrlEventOptions,
  functionUrlEvent,
  type HttpApiAuthorizerEventOptions,
  httpApiAuthorizerEvent,
  type RequestAuthorizerEventOptions,
  requestAuthorizerEvent,
  type TokenAuthorizerEventOptions,
  tokenAuthorizerEvent,
  type WebSocketConnectEventOptions,
  webSocketConnectEvent,
} from './events.js';
export {
  type FunctionUrlCaller,
  type FunctionUrlContext,
  type FunctionUrlEmulator,
  type FunctionUrlEmulatorOptions,
  type FunctionUrlEvent,
  type FunctionUrlIamIdentity,
  startFunctionUrlEmulator,
} from './function-url-emulator.js';
export {
  createTestIssuer,
  type TestIssuer,
  type TestIssuerFault,
  type TestIssuerOptions,
  type TestIssuerSignOptions,
} from './issuer.js';
export {
  type AlbTargetEventOptions,
  albTargetEvent,
  createTestLoadBalancer,
  type TestLoadBalancer,
  type TestLoadBalancerOptions,
  type TestLoadBalancerSignOptions,
} from './load-balancer.js';
export {
  type AnyAuthorizerHandler,
  AUTHORIZER_TIMEOUT_MS,
  type GatewayOutcome,
  type SimulateOptions,
  simulateApiGateway,
} from './simulate.js';

/**
 * IAM policy results for TOKEN and REQUEST authorizers, a policy builder, HTTP API simple responses,
 * the 401 error, and an evaluator that tells what API Gateway would decide.
 *
 * @packageDocumentation
 */
export { AuthorizerKitError, type AuthorizerKitErrorOptions, InvalidOptionError } from '../lib/errors.js';
export { type BuildOptions, PolicyBuilder, type PolicyBuilderOptions } from './builder.js';
export type { ConditionContext } from './conditions.js';
export { InvalidPolicyError, type PolicyErrorCode } from './errors.js';
export {
  type EvaluablePolicyResult,
  type EvaluatePolicyOptions,
  evaluatePolicy,
  type PolicyDecision,
} from './evaluate.js';
export { type ResponseContextOptions, responseContext } from './response-context.js';
export { allow, deny } from './result.js';
export { simpleResponse } from './simple-response.js';
export type {
  AuthorizerContext,
  AuthorizerContextValue,
  AuthorizerResult,
  JsonValue,
  PolicyCondition,
  PolicyDocument,
  PolicyEffect,
  PolicyStatement,
  ResultOptions,
  SimpleResponse,
} from './types.js';
export { isUnauthorized, UNAUTHORIZED_MESSAGE, unauthorized } from './unauthorized.js';

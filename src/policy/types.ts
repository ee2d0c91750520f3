/**
 * `Allow` or `Deny`, as IAM spells them.
 *
 * @example
 * ```ts
 * import { deny, type PolicyEffect } from 'lambda-authorizer-kit/policy';
 * import { expect, it } from 'vitest';
 *
 * it('denies the whole stage', () => {
 *   const result = deny('user-42', 'arn:aws:execute-api:us-east-1:123456789012:ivdtdhp7b5/prod/*');
 *   const effects: PolicyEffect[] = result.policyDocument.Statement.map((statement) => statement.Effect);
 *   expect(effects).toEqual(['Deny']);
 * });
 * ```
 */
export type PolicyEffect = 'Allow' | 'Deny';

/**
 * An IAM condition block: operator (`IpAddress`, `StringEquals`, ...) → condition key → value(s).
 *
 * @example
 * ```ts
 * import type { PolicyCondition } from 'lambda-authorizer-kit/policy';
 *
 * const officeOnly: PolicyCondition = { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } };
 * ```
 */
export type PolicyCondition = Record<string, Record<string, string | string[]>>;

/**
 * One statement of an authorizer policy. Absent fields are omitted, never `null`.
 *
 * @example
 * ```ts
 * import type { PolicyStatement } from 'lambda-authorizer-kit/policy';
 *
 * const statement: PolicyStatement = {
 *   Action: 'execute-api:Invoke',
 *   Effect: 'Allow',
 *   Resource: 'arn:aws:execute-api:us-east-1:123456789012:ivdtdhp7b5/prod/GET/pets',
 * };
 * ```
 */
export interface PolicyStatement {
  /** Always `execute-api:Invoke` in results this package builds. */
  Action: string | string[];
  Effect: PolicyEffect;
  /** One ARN or several; `*` and `?` wildcards allowed. */
  Resource: string | string[];
  /** Present only when a condition was given. */
  Condition?: PolicyCondition;
}

/**
 * The IAM policy document of an authorizer result.
 *
 * @example
 * ```ts
 * import type { PolicyDocument } from 'lambda-authorizer-kit/policy';
 *
 * const document: PolicyDocument = { Version: '2012-10-17', Statement: [] };
 * ```
 */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/**
 * A value API Gateway accepts in a REST / WebSocket / payload 1.0 authorizer `context`.
 *
 * @example
 * ```ts
 * import { allow, type AuthorizerContextValue } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) => {
 *   const context: Record<string, AuthorizerContextValue> = { tenant: 'acme', seats: 12, admin: false };
 *   return allow('user-42', event.methodArn, context);
 * };
 * ```
 */
export type AuthorizerContextValue = string | number | boolean;

/**
 * The `context` of an IAM authorizer result: a flat map of strings, numbers and booleans. API Gateway
 * answers 500 for an object or array value.
 *
 * @example
 * ```ts
 * import type { AuthorizerContext } from 'lambda-authorizer-kit/policy';
 *
 * const context: AuthorizerContext = { tenant: 'acme', plan: 'pro', seats: 12, admin: false };
 * ```
 */
export type AuthorizerContext = Record<string, AuthorizerContextValue>;

/**
 * What a TOKEN or REQUEST authorizer returns to API Gateway: assignable to `APIGatewayAuthorizerResult`
 * from `@types/aws-lambda`.
 *
 * @example
 * ```ts
 * import { allow, type AuthorizerResult } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent): Promise<AuthorizerResult> =>
 *   allow('user-42', event.methodArn);
 * ```
 */
export interface AuthorizerResult<TContext extends AuthorizerContext = AuthorizerContext> {
  principalId: string;
  policyDocument: PolicyDocument;
  /** Passed to the integration as `$context.authorizer.<key>`; omitted when not given. */
  context?: TContext;
  /** The API key for usage plans when the API key source is `AUTHORIZER`; omitted when not given. */
  usageIdentifierKey?: string;
}

/**
 * A JSON value, as HTTP API simple responses may carry in `context`.
 *
 * @example
 * ```ts
 * import { type JsonValue, simpleResponse } from 'lambda-authorizer-kit/policy';
 *
 * export const handler = async () => {
 *   const context: Record<string, JsonValue> = { user: { id: 'user-42', roles: ['admin'] }, team: null };
 *   return simpleResponse(true, context);
 * };
 * ```
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * An HTTP API (payload format 2.0) simple response: assignable to `APIGatewaySimpleAuthorizerResult`
 * and, with a context, to `APIGatewaySimpleAuthorizerWithContextResult` from `@types/aws-lambda`.
 *
 * @example
 * ```ts
 * import { simpleResponse, type SimpleResponse } from 'lambda-authorizer-kit/policy';
 *
 * export const handler = async (): Promise<SimpleResponse> => simpleResponse(true, { roles: ['admin'] });
 * ```
 */
export interface SimpleResponse<TContext extends Record<string, unknown> = Record<string, JsonValue>> {
  isAuthorized: boolean;
  context?: TContext;
}

/**
 * Options of `allow()` and `deny()`.
 *
 * @example
 * ```ts
 * import { allow, type ResultOptions } from 'lambda-authorizer-kit/policy';
 *
 * const options: ResultOptions = { usageIdentifierKey: 'api-key-of-this-customer' };
 * export const handler = async (event: { methodArn: string }) => allow('user-42', event.methodArn, undefined, options);
 * ```
 */
export interface ResultOptions {
  /** The usage plan API key to meter this caller against. Default: none (the field is omitted). */
  usageIdentifierKey?: string;
}

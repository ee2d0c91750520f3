/**
 * `Allow` or `Deny`, as IAM spells them.
 *
 * See the example of {@link deny}.
 */
export type PolicyEffect = 'Allow' | 'Deny';

/**
 * An IAM condition block: operator (`IpAddress`, `StringEquals`, ...) → condition key → value(s).
 *
 * See the example of {@link PolicyBuilder}.
 */
export type PolicyCondition = Record<string, Record<string, string | string[]>>;

/**
 * One statement of an authorizer policy. Absent fields are omitted, never `null`.
 *
 * See the example of {@link PolicyBuilder}.
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
 * See the example of {@link PolicyBuilder}.
 */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/**
 * A value API Gateway accepts in a REST / WebSocket / payload 1.0 authorizer `context`.
 *
 * See the example of {@link allow}.
 */
export type AuthorizerContextValue = string | number | boolean;

/**
 * The `context` of an IAM authorizer result: a flat map of strings, numbers and booleans. API Gateway
 * answers 500 for an object or array value.
 *
 * See the example of {@link allow}.
 */
export type AuthorizerContext = Record<string, AuthorizerContextValue>;

/**
 * What a TOKEN or REQUEST authorizer returns to API Gateway: assignable to `APIGatewayAuthorizerResult`
 * from `@types/aws-lambda`.
 *
 * See the example of {@link allow}.
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
 * See the example of {@link simpleResponse}.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * An HTTP API (payload format 2.0) simple response: assignable to `APIGatewaySimpleAuthorizerResult`
 * and, with a context, to `APIGatewaySimpleAuthorizerWithContextResult` from `@types/aws-lambda`.
 *
 * See the example of {@link simpleResponse}.
 */
export interface SimpleResponse<TContext extends Record<string, unknown> = Record<string, JsonValue>> {
  isAuthorized: boolean;
  context?: TContext;
}

/**
 * Options of `allow()` and `deny()`.
 *
 * See the example of {@link allow}.
 */
export interface ResultOptions {
  /** The usage plan API key to meter this caller against. Default: none (the field is omitted). */
  usageIdentifierKey?: string;
}

import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat, CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * Stage access logs: one JSON line per request (per WebSocket connect, message and disconnect) with
 * what API Gateway decided and why. This is where a 401 or 403 from an authorizer is explained:
 * `authorizerError` holds API Gateway's reason (e.g. `Unauthorized`, or the error of an authorizer
 * that failed), `status` the answer, `errorResponseType` the gateway response (`UNAUTHORIZED`,
 * `ACCESS_DENIED`, `AUTHORIZER_FAILURE`, `AUTHORIZER_CONFIGURATION_ERROR`, ...).
 *
 * Each API type supports its own set of `$context` variables; each format below uses only the ones
 * documented for that type:
 * - REST: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html
 * - HTTP: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 * - WebSocket: https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html
 */

/** How long access logs are kept. */
export const ACCESS_LOG_RETENTION = RetentionDays.ONE_MONTH;

/**
 * The log group of one API's access logs, kept one month and deleted with the stack (this is an
 * example; in production keep logs as long as your policy says, with `RemovalPolicy.RETAIN`).
 */
export function accessLogGroup(scope: Construct, id: string): LogGroup {
  return new LogGroup(scope, id, { retention: ACCESS_LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY });
}

/** A JSON access log format; every value is quoted, so a missing value (`-`) keeps the line valid JSON. */
function jsonFormat(fields: Record<string, string>): AccessLogFormat {
  return AccessLogFormat.custom(JSON.stringify(fields));
}

/** REST API stages: the authorizer's outcome, the Lambda status of the authorizer call, the gateway response. */
export const REST_ACCESS_LOG_FORMAT = jsonFormat({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  authorizeStatus: '$context.authorize.status',
  authorizeError: '$context.authorize.error',
  authorizerError: '$context.authorizer.error',
  authorizerIntegrationStatus: '$context.authorizer.integrationStatus',
  authorizerLatency: '$context.authorizer.latency',
  principalId: '$context.authorizer.principalId',
  errorMessage: '$context.error.message',
  errorResponseType: '$context.error.responseType',
  integrationError: '$context.integrationErrorMessage',
});

/** HTTP API stages: HTTP APIs expose the authorizer's error, not its status codes. */
export const HTTP_ACCESS_LOG_FORMAT = jsonFormat({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  authorizerError: '$context.authorizer.error',
  principalId: '$context.authorizer.principalId',
  errorMessage: '$context.error.message',
  errorResponseType: '$context.error.responseType',
  integrationError: '$context.integrationErrorMessage',
});

/** WebSocket API stages: the `$connect` authorizer's outcome, per connection event. */
export const WEBSOCKET_ACCESS_LOG_FORMAT = jsonFormat({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  connectionId: '$context.connectionId',
  status: '$context.status',
  authorizeStatus: '$context.authorize.status',
  authorizeError: '$context.authorize.error',
  authorizerError: '$context.authorizer.error',
  authorizerStatus: '$context.authorizer.status',
  authorizerIntegrationStatus: '$context.authorizer.integrationStatus',
  principalId: '$context.authorizer.principalId',
  errorMessage: '$context.error.message',
  errorResponseType: '$context.error.responseType',
});

/**
 * The account-level setting REST and WebSocket APIs need before their stages may log to CloudWatch:
 * an IAM role API Gateway assumes (`AmazonAPIGatewayPushToCloudWatchLogs`), set as the CloudWatch
 * log role of API Gateway in this account and region. HTTP APIs do not use it.
 *
 * There is one such setting per account and region, shared by every API there, so it is created once
 * here (the REST API sets `cloudWatchRole: false`) and kept when the stack is deleted: deleting the
 * role would stop the logs of every other REST and WebSocket API in the region. If your account
 * already has one (API Gateway console, Settings), drop this construct and the stage dependencies.
 */
export class ApiGatewayCloudWatchRole extends Construct {
  readonly role: Role;
  readonly account: CfnAccount;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      managedPolicies: [
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
      ],
      description: 'API Gateway pushes REST and WebSocket API logs to CloudWatch Logs with this role',
    });
    this.account = new CfnAccount(this, 'Account', { cloudWatchRoleArn: this.role.roleArn });
    this.role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.account.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}

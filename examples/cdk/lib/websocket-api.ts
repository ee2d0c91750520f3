import { CfnOutput } from 'aws-cdk-lib';
import { LogGroupLogDestination, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct, type IDependable } from 'constructs';
import { accessLogGroup, WEBSOCKET_ACCESS_LOG_FORMAT } from './access-logs.js';
import { exampleFunction } from './functions.js';

export interface WebSocketExampleProps {
  readonly repoRoot: string;
  /** ISSUER, AUDIENCE and optionally JWKS_URI for the authorizer. */
  readonly jwtEnvironment: Record<string, string>;
  readonly backend: IFunction;
  /** The account-level CloudWatch log role setting; the stage logs only once it is in place. */
  readonly cloudWatchAccount: IDependable;
}

/**
 * A WebSocket API whose `$connect` route is behind a Lambda REQUEST authorizer reading the token
 * from the `token` query parameter (browsers cannot set headers on a WebSocket handshake). The
 * authorizer runs once per connection; WebSocket authorizers are not cached.
 *
 * The stage writes an access log line per connection event to its own log group: a `$connect`
 * refused by the authorizer shows there with the authorizer's error and status.
 */
export class WebSocketExample extends Construct {
  readonly api: WebSocketApi;
  readonly authorizer: WebSocketLambdaAuthorizer;
  readonly stage: WebSocketStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: WebSocketExampleProps) {
    super(scope, id);

    const handler = exampleFunction(this, 'AuthorizerFunction', {
      example: 'websocketAuthorizer',
      repoRoot: props.repoRoot,
      description: 'lambda-authorizer-kit example: WebSocket $connect authorizer',
      environment: props.jwtEnvironment,
    });

    this.authorizer = new WebSocketLambdaAuthorizer('ConnectAuthorizer', handler, {
      authorizerName: 'lambda-authorizer-kit-websocket',
      identitySource: ['route.request.querystring.token'],
    });

    this.api = new WebSocketApi(this, 'Api', {
      apiName: 'lambda-authorizer-kit-websocket-example',
      description: 'WebSocket API with the lambda-authorizer-kit $connect authorizer',
      connectRouteOptions: {
        integration: new WebSocketLambdaIntegration('ConnectIntegration', props.backend),
        authorizer: this.authorizer,
      },
    });
    this.accessLogs = accessLogGroup(this, 'AccessLogs');
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: 'prod',
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: WEBSOCKET_ACCESS_LOG_FORMAT,
      },
    });
    this.stage.node.addDependency(props.cloudWatchAccount);

    new CfnOutput(this, 'WebSocketUrl', {
      value: this.stage.url,
      description: 'WebSocket URL: connect with ?token=<JWT>',
    });
    new CfnOutput(this, 'WebSocketAccessLogGroup', {
      value: this.accessLogs.logGroupName,
      description: 'WebSocket API access logs: look here when $connect answers 401 or 403',
    });
  }
}

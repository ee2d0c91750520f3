import { CfnOutput } from 'aws-cdk-lib';
import { WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { exampleFunction } from './functions.js';

export interface WebSocketExampleProps {
  readonly repoRoot: string;
  /** ISSUER, AUDIENCE and optionally JWKS_URI for the authorizer. */
  readonly jwtEnvironment: Record<string, string>;
  readonly backend: IFunction;
}

/**
 * A WebSocket API whose `$connect` route is behind a Lambda REQUEST authorizer reading the token
 * from the `token` query parameter (browsers cannot set headers on a WebSocket handshake). The
 * authorizer runs once per connection; WebSocket authorizers are not cached.
 */
export class WebSocketExample extends Construct {
  readonly api: WebSocketApi;
  readonly authorizer: WebSocketLambdaAuthorizer;

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
    const stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: 'prod',
      autoDeploy: true,
    });

    new CfnOutput(this, 'WebSocketUrl', {
      value: stage.url,
      description: 'WebSocket URL: connect with ?token=<JWT>',
    });
  }
}

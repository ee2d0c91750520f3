import { CfnOutput, Duration } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { accessLogGroup, HTTP_ACCESS_LOG_FORMAT } from './access-logs.js';
import { exampleFunction } from './functions.js';

export interface HttpApiExampleProps {
  readonly repoRoot: string;
  /** ISSUER, AUDIENCE and optionally JWKS_URI for the authorizer. */
  readonly jwtEnvironment: Record<string, string>;
  readonly backend: IFunction;
}

/**
 * An HTTP API whose `GET /pets` route is behind a Lambda authorizer with payload format 2.0 and
 * simple responses (`{ isAuthorized, context }`), cached 300 s per `Authorization` header.
 *
 * The `$default` stage writes an access log line per request to its own log group (HTTP APIs need no
 * account-level CloudWatch role).
 */
export class HttpApiExample extends Construct {
  readonly api: HttpApi;
  readonly authorizer: HttpLambdaAuthorizer;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: HttpApiExampleProps) {
    super(scope, id);

    const handler = exampleFunction(this, 'AuthorizerFunction', {
      example: 'httpApiAuthorizer',
      repoRoot: props.repoRoot,
      description:
        'lambda-authorizer-kit example: HTTP API Lambda authorizer (payload 2.0, simple responses)',
      environment: props.jwtEnvironment,
    });

    // Simple responses imply payload format version 2.0.
    this.authorizer = new HttpLambdaAuthorizer('LambdaAuthorizer', handler, {
      authorizerName: 'lambda-authorizer-kit-http',
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(300),
    });

    this.api = new HttpApi(this, 'Api', {
      apiName: 'lambda-authorizer-kit-http-example',
      description: 'HTTP API with the lambda-authorizer-kit Lambda authorizer',
      // The $default stage is added below, with access logging (the built-in one takes no log settings).
      createDefaultStage: false,
    });
    this.accessLogs = accessLogGroup(this, 'AccessLogs');
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: HTTP_ACCESS_LOG_FORMAT,
      },
    });
    this.api.addRoutes({
      path: '/pets',
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('PetsIntegration', props.backend),
      authorizer: this.authorizer,
    });

    new CfnOutput(this, 'HttpApiUrl', { value: this.api.apiEndpoint, description: 'HTTP API endpoint' });
    new CfnOutput(this, 'HttpApiAccessLogGroup', {
      value: this.accessLogs.logGroupName,
      description: 'HTTP API access logs: look here when the authorizer answers 401 or 403',
    });
  }
}

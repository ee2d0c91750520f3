import { CfnOutput, Duration } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
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
 */
export class HttpApiExample extends Construct {
  readonly api: HttpApi;
  readonly authorizer: HttpLambdaAuthorizer;

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
    });
    this.api.addRoutes({
      path: '/pets',
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('PetsIntegration', props.backend),
      authorizer: this.authorizer,
    });

    new CfnOutput(this, 'HttpApiUrl', { value: this.api.apiEndpoint, description: 'HTTP API endpoint' });
  }
}

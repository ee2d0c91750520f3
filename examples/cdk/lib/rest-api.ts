import { CfnOutput, Duration } from 'aws-cdk-lib';
import {
  IdentitySource,
  LambdaIntegration,
  RequestAuthorizer,
  RestApi,
  TokenAuthorizer,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { exampleFunction } from './functions.js';

export interface RestApiExampleProps {
  readonly repoRoot: string;
  /** ISSUER, AUDIENCE and optionally JWKS_URI for the TOKEN authorizer. */
  readonly jwtEnvironment: Record<string, string>;
  readonly backend: IFunction;
}

/**
 * A REST API with both Lambda authorizer types:
 * - `GET /pets`, `GET /pets/{id}`, `DELETE /pets/{id}` behind the TOKEN authorizer (bearer JWT in
 *   `Authorization`, results cached 300 s per token);
 * - `GET /` behind the REQUEST authorizer of the API Gateway documentation (header `HeaderAuth1`,
 *   query string `QueryString1`, stage variable `StageVar1`).
 *
 * Both handlers return a policy for the whole stage (`apiId/stage/*\/*`): with caching on, the policy
 * returned for the first route is reused for every other route, and a policy for that one method ARN
 * would turn the next route into a 403.
 */
export class RestApiExample extends Construct {
  readonly api: RestApi;
  readonly tokenAuthorizer: TokenAuthorizer;
  readonly requestAuthorizer: RequestAuthorizer;

  constructor(scope: Construct, id: string, props: RestApiExampleProps) {
    super(scope, id);

    const tokenHandler = exampleFunction(this, 'TokenAuthorizerFunction', {
      example: 'tokenAuthorizer',
      repoRoot: props.repoRoot,
      description: 'lambda-authorizer-kit example: REST API TOKEN authorizer (JWT)',
      environment: props.jwtEnvironment,
    });
    const requestHandler = exampleFunction(this, 'RequestAuthorizerFunction', {
      example: 'requestAuthorizer',
      repoRoot: props.repoRoot,
      description: 'lambda-authorizer-kit example: REST API REQUEST authorizer',
    });

    this.tokenAuthorizer = new TokenAuthorizer(this, 'TokenAuthorizer', {
      handler: tokenHandler,
      identitySource: IdentitySource.header('Authorization'),
      resultsCacheTtl: Duration.seconds(300),
    });
    this.requestAuthorizer = new RequestAuthorizer(this, 'RequestAuthorizer', {
      handler: requestHandler,
      identitySources: [
        IdentitySource.header('HeaderAuth1'),
        IdentitySource.queryString('QueryString1'),
        IdentitySource.stageVariable('StageVar1'),
      ],
      resultsCacheTtl: Duration.seconds(300),
    });

    this.api = new RestApi(this, 'Api', {
      restApiName: 'lambda-authorizer-kit-rest-example',
      description: 'REST API with the lambda-authorizer-kit TOKEN and REQUEST authorizers',
      deployOptions: {
        stageName: 'prod',
        variables: { StageVar1: 'stageValue1' },
      },
    });

    const integration = new LambdaIntegration(props.backend);
    const withToken = { authorizer: this.tokenAuthorizer };
    const pets = this.api.root.addResource('pets');
    pets.addMethod('GET', integration, withToken);
    const pet = pets.addResource('{id}');
    pet.addMethod('GET', integration, withToken);
    pet.addMethod('DELETE', integration, withToken);
    this.api.root.addMethod('GET', integration, { authorizer: this.requestAuthorizer });

    new CfnOutput(this, 'RestApiUrl', { value: this.api.url, description: 'REST API stage URL' });
  }
}

import { CfnOutput, Duration } from 'aws-cdk-lib';
import {
  IdentitySource,
  LambdaIntegration,
  LogGroupLogDestination,
  RequestAuthorizer,
  RestApi,
  TokenAuthorizer,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct, type IDependable } from 'constructs';
import { accessLogGroup, REST_ACCESS_LOG_FORMAT } from './access-logs.js';
import { exampleFunction } from './functions.js';

export interface RestApiExampleProps {
  readonly repoRoot: string;
  /** ISSUER, AUDIENCE and optionally JWKS_URI for the TOKEN authorizer. */
  readonly jwtEnvironment: Record<string, string>;
  readonly backend: IFunction;
  /** The account-level CloudWatch log role setting; the stage logs only once it is in place. */
  readonly cloudWatchAccount: IDependable;
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
 *
 * The stage writes an access log line per request to its own log group: a 401 or 403 from an
 * authorizer shows there with the authorizer's error and status.
 */
export class RestApiExample extends Construct {
  readonly api: RestApi;
  readonly tokenAuthorizer: TokenAuthorizer;
  readonly requestAuthorizer: RequestAuthorizer;
  readonly accessLogs: LogGroup;

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

    this.accessLogs = accessLogGroup(this, 'AccessLogs');
    this.api = new RestApi(this, 'Api', {
      restApiName: 'lambda-authorizer-kit-rest-example',
      description: 'REST API with the lambda-authorizer-kit TOKEN and REQUEST authorizers',
      // The account-level CloudWatch log role comes from the stack (ApiGatewayCloudWatchRole), shared
      // with the WebSocket API; without this the RestApi would create a second one.
      cloudWatchRole: false,
      deployOptions: {
        stageName: 'prod',
        variables: { StageVar1: 'stageValue1' },
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: REST_ACCESS_LOG_FORMAT,
      },
    });
    this.api.deploymentStage.node.addDependency(props.cloudWatchAccount);

    const integration = new LambdaIntegration(props.backend);
    const withToken = { authorizer: this.tokenAuthorizer };
    const pets = this.api.root.addResource('pets');
    pets.addMethod('GET', integration, withToken);
    const pet = pets.addResource('{id}');
    pet.addMethod('GET', integration, withToken);
    pet.addMethod('DELETE', integration, withToken);
    this.api.root.addMethod('GET', integration, { authorizer: this.requestAuthorizer });

    new CfnOutput(this, 'RestApiUrl', { value: this.api.url, description: 'REST API stage URL' });
    new CfnOutput(this, 'RestApiAccessLogGroup', {
      value: this.accessLogs.logGroupName,
      description: 'REST API access logs: look here when an authorizer answers 401 or 403',
    });
  }
}

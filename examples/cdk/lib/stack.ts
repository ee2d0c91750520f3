import { CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ApiGatewayCloudWatchRole } from './access-logs.js';
import { REPO_ROOT } from './entries.js';
import { FunctionUrlExample } from './function-url.js';
import { sampleBackend } from './functions.js';
import { HttpApiExample } from './http-api.js';
import { RestApiExample } from './rest-api.js';
import { WebSocketExample } from './websocket-api.js';

export const DEFAULT_ISSUER = 'https://auth.example.com';
export const DEFAULT_AUDIENCE = 'my-client-id';

export interface AuthorizerExamplesStackProps extends StackProps {
  /**
   * The repository root holding the example handlers, `package-lock.json` and the tsconfig that maps
   * `lambda-authorizer-kit/*` to the source.
   * @default the root of this repository
   */
  readonly repoRoot?: string;
}

function contextString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Every example authorizer of lambda-authorizer-kit, deployed behind the API that calls it.
 *
 * Parameters (defaults come from the context values `issuer` and `audience`, else the examples'):
 * - `Issuer`: the exact `iss` of the tokens (a trailing slash matters);
 * - `Audience`: the expected `aud` (the app client id for Cognito ID tokens).
 * Context `jwksUri` (optional): the JWKS URL, when it is not found through OIDC discovery.
 */
export class AuthorizerExamplesStack extends Stack {
  readonly restApi: RestApiExample;
  readonly httpApi: HttpApiExample;
  readonly webSocket: WebSocketExample;
  readonly functionUrl: FunctionUrlExample;
  readonly cloudWatchRole: ApiGatewayCloudWatchRole;

  constructor(scope: Construct, id: string, props: AuthorizerExamplesStackProps = {}) {
    super(scope, id, {
      description:
        'lambda-authorizer-kit examples: REST, HTTP and WebSocket API authorizers and a function URL',
      ...props,
    });
    const repoRoot = props.repoRoot ?? REPO_ROOT;

    const issuer = new CfnParameter(this, 'Issuer', {
      type: 'String',
      default: contextString(this, 'issuer') ?? DEFAULT_ISSUER,
      description: 'Expected token issuer (iss), compared exactly',
    });
    const audience = new CfnParameter(this, 'Audience', {
      type: 'String',
      default: contextString(this, 'audience') ?? DEFAULT_AUDIENCE,
      description: 'Expected token audience (aud)',
    });
    const jwksUri = contextString(this, 'jwksUri');
    const jwtEnvironment: Record<string, string> = {
      ISSUER: issuer.valueAsString,
      AUDIENCE: audience.valueAsString,
      ...(jwksUri ? { JWKS_URI: jwksUri } : {}),
    };

    const backend = sampleBackend(this, 'SampleBackend');
    // REST and WebSocket stages may log only once API Gateway has a CloudWatch role in this region.
    this.cloudWatchRole = new ApiGatewayCloudWatchRole(this, 'ApiGatewayCloudWatchRole');
    const cloudWatchAccount = this.cloudWatchRole.account;
    this.restApi = new RestApiExample(this, 'RestApi', {
      repoRoot,
      jwtEnvironment,
      backend,
      cloudWatchAccount,
    });
    this.httpApi = new HttpApiExample(this, 'HttpApi', { repoRoot, jwtEnvironment, backend });
    this.webSocket = new WebSocketExample(this, 'WebSocket', {
      repoRoot,
      jwtEnvironment,
      backend,
      cloudWatchAccount,
    });
    this.functionUrl = new FunctionUrlExample(this, 'FunctionUrl', { repoRoot });
  }
}

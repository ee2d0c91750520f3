import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import {
  EXAMPLE_ENTRIES,
  EXAMPLE_NAMES,
  type ExampleName,
  entryPath,
  missingEntries,
  REPO_ROOT,
} from '../lib/entries.js';
import { exampleFunction } from '../lib/functions.js';
import { AuthorizerExamplesStack, DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../lib/stack.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

const temporaryDirs: string[] = [];
function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

/**
 * The root to synthesize from: the repository itself when every handler is there; otherwise a
 * temporary mirror that links the handlers that exist and holds a placeholder for the others.
 */
function synthRoot(missing: readonly ExampleName[]): string {
  if (missing.length === 0) return REPO_ROOT;
  const root = temporaryDir('lak-cdk-root-');
  symlinkSync(join(REPO_ROOT, 'package-lock.json'), join(root, 'package-lock.json'));
  for (const name of EXAMPLE_NAMES) {
    const target = entryPath(name, root);
    mkdirSync(dirname(target), { recursive: true });
    if (missing.includes(name)) writeFileSync(target, 'export const handler = async () => ({});\n');
    else symlinkSync(entryPath(name), target);
  }
  return root;
}

/** The logical id of the one resource of `type` whose id contains `idPart`. */
function logicalId(resources: Resources, type: string, idPart: string): string {
  const ids = Object.keys(resources).filter((id) => resources[id]?.Type === type && id.includes(idPart));
  assert.equal(
    ids.length,
    1,
    `expected one ${type} with "${idPart}" in its id, found ${ids.join(', ') || 'none'}`,
  );
  return ids[0] as string;
}

after(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * The `$context` variables API Gateway documents for access logs, per API type (the ones an
 * authorizer example may log). A stage whose format names any other variable fails to deploy.
 * REST: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html
 * HTTP: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 * WebSocket: https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html
 */
const COMMON_VARIABLES = [
  'apiId',
  'stage',
  'requestId',
  'extendedRequestId',
  'identity.sourceIp',
  'identity.userAgent',
  'requestTime',
  'requestTimeEpoch',
  'status',
  'authorizer.error',
  'authorizer.principalId',
  'error.message',
  'error.messageString',
  'error.responseType',
  'integrationLatency',
];
const DOCUMENTED_VARIABLES = {
  rest: [
    ...COMMON_VARIABLES,
    'httpMethod',
    'resourcePath',
    'path',
    'protocol',
    'responseLength',
    'responseLatency',
    'authorize.error',
    'authorize.latency',
    'authorize.status',
    'authorizer.integrationLatency',
    'authorizer.integrationStatus',
    'authorizer.latency',
    'authorizer.requestId',
    'integrationErrorMessage',
    'integrationStatus',
  ],
  http: [
    ...COMMON_VARIABLES,
    'httpMethod',
    'routeKey',
    'path',
    'protocol',
    'responseLength',
    'responseLatency',
    'integrationErrorMessage',
    'integrationStatus',
  ],
  webSocket: [
    ...COMMON_VARIABLES,
    'eventType',
    'routeKey',
    'connectionId',
    'connectedAt',
    'messageId',
    'authorize.error',
    'authorize.latency',
    'authorize.status',
    'authorizer.integrationLatency',
    'authorizer.integrationStatus',
    'authorizer.latency',
    'authorizer.requestId',
    'authorizer.status',
  ],
} as const;

/** An access log format as the JSON object it is, checked to name only documented variables. */
function accessLogFields(format: unknown, api: keyof typeof DOCUMENTED_VARIABLES): Record<string, string> {
  assert.equal(typeof format, 'string', `${api}: the format is a string`);
  const fields = JSON.parse(format as string) as Record<string, string>;
  const documented: readonly string[] = DOCUMENTED_VARIABLES[api];
  for (const [name, value] of Object.entries(fields)) {
    const variable = /^\$context\.([A-Za-z.]+)$/.exec(value)?.[1];
    assert.ok(variable, `${api}: field ${name} is one $context variable, got ${value}`);
    assert.ok(
      documented.includes(variable),
      `${api}: $context.${variable} is not documented for this API type`,
    );
  }
  return fields;
}

/** The environment variables of a function in the template. */
function environmentOf(resources: Resources, id: string): Record<string, unknown> {
  const environment = resources[id]?.Properties.Environment as
    | { Variables?: Record<string, unknown> }
    | undefined;
  assert.ok(environment?.Variables, `${id} has no environment variables`);
  return environment.Variables;
}

describe('example entries', () => {
  it('lists each example handler once, under examples/, as TypeScript', () => {
    const paths = Object.values(EXAMPLE_ENTRIES);
    assert.equal(new Set(paths).size, paths.length);
    for (const path of paths) assert.match(path, /^examples\/[a-z-]+\/[a-z-]+\.ts$/);
  });

  it('points at files that exist (the ones written so far)', (t) => {
    const missing = missingEntries();
    if (missing.length > 0)
      t.diagnostic(`not written yet: ${missing.map((n) => EXAMPLE_ENTRIES[n]).join(', ')}`);
    for (const name of EXAMPLE_NAMES.filter((n) => !missing.includes(n))) {
      assert.ok(existsSync(entryPath(name)), EXAMPLE_ENTRIES[name]);
    }
    assert.ok(!missing.includes('requestAuthorizer'), 'the REQUEST authorizer example must exist');
  });
});

describe('AuthorizerExamplesStack (bundling skipped)', () => {
  let template: Template;
  let resources: Resources;
  let ids: {
    tokenFn: string;
    requestFn: string;
    httpFn: string;
    wsFn: string;
    callee: string;
    caller: string;
    callerRole: string;
    backend: string;
  };

  before(() => {
    const app = new App({
      outdir: temporaryDir('lak-cdk-out-'),
      context: { 'aws:cdk:bundling-stacks': [] },
    });
    const stack = new AuthorizerExamplesStack(app, 'Examples', { repoRoot: synthRoot(missingEntries()) });
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources as Resources;
    const fn = 'AWS::Lambda::Function';
    ids = {
      tokenFn: logicalId(resources, fn, 'TokenAuthorizerFunction'),
      requestFn: logicalId(resources, fn, 'RequestAuthorizerFunction'),
      httpFn: logicalId(resources, fn, 'HttpApiAuthorizerFunction'),
      wsFn: logicalId(resources, fn, 'WebSocketAuthorizerFunction'),
      callee: logicalId(resources, fn, 'CalleeFunction'),
      caller: logicalId(resources, fn, 'CallerFunction'),
      callerRole: logicalId(resources, 'AWS::IAM::Role', 'CallerFunctionServiceRole'),
      backend: logicalId(resources, fn, 'SampleBackend'),
    };
  });

  it('deploys every example handler on Node.js 24, arm64, as a bundled ESM handler', () => {
    for (const id of [ids.tokenFn, ids.requestFn, ids.httpFn, ids.wsFn, ids.callee, ids.caller]) {
      const props = resources[id]?.Properties;
      assert.equal(props?.Runtime, 'nodejs24.x', id);
      assert.deepEqual(props?.Architectures, ['arm64'], id);
      assert.equal(props?.Handler, 'index.handler', id);
    }
    template.resourceCountIs('AWS::Lambda::Function', 7);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Code: { ZipFile: Match.stringLikeRegexp('exports\\.handler') },
    });
  });

  it('gives the JWT authorizers ISSUER and AUDIENCE from stack parameters', () => {
    template.hasParameter('Issuer', { Type: 'String', Default: DEFAULT_ISSUER });
    template.hasParameter('Audience', { Type: 'String', Default: DEFAULT_AUDIENCE });
    for (const id of [ids.tokenFn, ids.httpFn, ids.wsFn]) {
      const env = environmentOf(resources, id);
      assert.deepEqual(env.ISSUER, { Ref: 'Issuer' }, id);
      assert.deepEqual(env.AUDIENCE, { Ref: 'Audience' }, id);
      assert.equal(env.JWKS_URI, undefined, id);
    }
  });

  it('has a TOKEN authorizer on the Authorization header, cached 300 s', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 300,
      AuthorizerUri: Match.objectLike({
        'Fn::Join': Match.arrayWith([Match.arrayWith([{ 'Fn::GetAtt': [ids.tokenFn, 'Arn'] }])]),
      }),
    });
  });

  it('has a REQUEST authorizer on HeaderAuth1, QueryString1 and StageVar1', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource:
        'method.request.header.HeaderAuth1,method.request.querystring.QueryString1,stageVariables.StageVar1',
      AuthorizerResultTtlInSeconds: 300,
      AuthorizerUri: Match.objectLike({
        'Fn::Join': Match.arrayWith([Match.arrayWith([{ 'Fn::GetAtt': [ids.requestFn, 'Arn'] }])]),
      }),
    });
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 2);
  });

  it('sets the stage variable StageVar1=stageValue1', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', { Variables: { StageVar1: 'stageValue1' } });
  });

  it('puts GET /pets, GET /pets/{id}, DELETE /pets/{id} behind the TOKEN authorizer and GET / behind REQUEST', () => {
    const token = logicalId(resources, 'AWS::ApiGateway::Authorizer', 'TokenAuthorizer');
    const request = logicalId(resources, 'AWS::ApiGateway::Authorizer', 'RequestAuthorizer');
    const resourceWithPath = (pathPart: string): string => {
      const found = Object.keys(resources).filter(
        (id) =>
          resources[id]?.Type === 'AWS::ApiGateway::Resource' &&
          resources[id]?.Properties.PathPart === pathPart,
      );
      assert.equal(found.length, 1, pathPart);
      return found[0] as string;
    };
    const pets = resourceWithPath('pets');
    const pet = resourceWithPath('{id}');
    assert.deepEqual(resources[pet]?.Properties.ParentId, { Ref: pets });
    const methods = Object.values(resources)
      .filter((r) => r.Type === 'AWS::ApiGateway::Method')
      .map((r) => r.Properties);
    const route = (m: Record<string, unknown>): string => {
      const parent = JSON.stringify(m.ResourceId);
      const path =
        parent === JSON.stringify({ Ref: pet })
          ? '/pets/{id}'
          : parent === JSON.stringify({ Ref: pets })
            ? '/pets'
            : '/';
      return `${m.HttpMethod} ${path}`;
    };
    const byRoute = Object.fromEntries(methods.map((m) => [route(m), m]));
    assert.deepEqual(Object.keys(byRoute).sort(), [
      'DELETE /pets/{id}',
      'GET /',
      'GET /pets',
      'GET /pets/{id}',
    ]);
    for (const key of ['GET /pets', 'GET /pets/{id}', 'DELETE /pets/{id}']) {
      assert.equal(byRoute[key]?.AuthorizationType, 'CUSTOM', key);
      assert.deepEqual(byRoute[key]?.AuthorizerId, { Ref: token }, key);
    }
    const restApi = logicalId(resources, 'AWS::ApiGateway::RestApi', 'RestApi');
    assert.deepEqual(byRoute['GET /']?.ResourceId, { 'Fn::GetAtt': [restApi, 'RootResourceId'] });
    assert.equal(byRoute['GET /']?.AuthorizationType, 'CUSTOM');
    assert.deepEqual(byRoute['GET /']?.AuthorizerId, { Ref: request });
    for (const m of methods) {
      assert.match(
        JSON.stringify(m.Integration),
        new RegExp(ids.backend),
        'integrated with the sample backend',
      );
    }
  });

  it('has an HTTP API Lambda authorizer with payload 2.0 and simple responses on GET /pets', () => {
    const authorizer = logicalId(resources, 'AWS::ApiGatewayV2::Authorizer', 'HttpApi');
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 300,
      AuthorizerUri: Match.objectLike({
        'Fn::Join': Match.arrayWith([Match.arrayWith([{ 'Fn::GetAtt': [ids.httpFn, 'Arn'] }])]),
      }),
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /pets',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: authorizer },
    });
  });

  it('has a WebSocket $connect route with a Lambda REQUEST authorizer on the token query parameter', () => {
    const authorizer = logicalId(resources, 'AWS::ApiGatewayV2::Authorizer', 'WebSocket');
    const props = resources[authorizer]?.Properties;
    assert.equal(props?.AuthorizerType, 'REQUEST');
    assert.deepEqual(props?.IdentitySource, ['route.request.querystring.token']);
    assert.match(JSON.stringify(props?.AuthorizerUri), new RegExp(ids.wsFn));
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$connect',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: authorizer },
    });
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 2);
  });

  it('lets API Gateway invoke each authorizer function', () => {
    for (const id of [ids.tokenFn, ids.requestFn, ids.httpFn, ids.wsFn]) {
      const permissions = Object.values(resources).filter(
        (r) =>
          r.Type === 'AWS::Lambda::Permission' &&
          r.Properties.Principal === 'apigateway.amazonaws.com' &&
          r.Properties.Action === 'lambda:InvokeFunction' &&
          JSON.stringify(r.Properties.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }),
      );
      assert.ok(permissions.length >= 1, `no apigateway.amazonaws.com permission for ${id}`);
      assert.match(JSON.stringify(permissions[0]?.Properties.SourceArn), /authorizers/, id);
    }
  });

  it('writes the REST stage access log, with the authorizer error and status, to its own log group', () => {
    const logs = logicalId(resources, 'AWS::Logs::LogGroup', 'RestApiAccessLogs');
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      AccessLogSetting: {
        DestinationArn: { 'Fn::GetAtt': [logs, 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.authorizer\\.error'),
      },
    });
    const stage = logicalId(resources, 'AWS::ApiGateway::Stage', 'RestApi');
    const fields = accessLogFields(
      (resources[stage]?.Properties.AccessLogSetting as { Format?: unknown } | undefined)?.Format,
      'rest',
    );
    assert.deepEqual(
      {
        requestId: fields.requestId,
        ip: fields.ip,
        requestTime: fields.requestTime,
        httpMethod: fields.httpMethod,
        path: fields.path,
        status: fields.status,
        authorizerError: fields.authorizerError,
        authorizerIntegrationStatus: fields.authorizerIntegrationStatus,
        errorMessage: fields.errorMessage,
        errorResponseType: fields.errorResponseType,
      },
      {
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        requestTime: '$context.requestTime',
        httpMethod: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        authorizerError: '$context.authorizer.error',
        authorizerIntegrationStatus: '$context.authorizer.integrationStatus',
        errorMessage: '$context.error.message',
        errorResponseType: '$context.error.responseType',
      },
    );
  });

  for (const { what, api, kind, stageProperties, variables } of [
    {
      what: 'the HTTP API $default stage access log, with the authorizer error',
      api: 'HttpApi',
      kind: 'http',
      stageProperties: { StageName: '$default', AutoDeploy: true },
      variables: {
        requestId: 'requestId',
        ip: 'identity.sourceIp',
        requestTime: 'requestTime',
        httpMethod: 'httpMethod',
        routeKey: 'routeKey',
        path: 'path',
        status: 'status',
        authorizerError: 'authorizer.error',
        errorMessage: 'error.message',
        errorResponseType: 'error.responseType',
      },
    },
    {
      what: 'the WebSocket stage access log, with the $connect authorizer error and status',
      api: 'WebSocket',
      kind: 'webSocket',
      stageProperties: { StageName: 'prod' },
      variables: {
        requestId: 'requestId',
        ip: 'identity.sourceIp',
        requestTime: 'requestTime',
        eventType: 'eventType',
        routeKey: 'routeKey',
        status: 'status',
        authorizerError: 'authorizer.error',
        authorizerStatus: 'authorizer.status',
        errorMessage: 'error.message',
        errorResponseType: 'error.responseType',
      },
    },
  ] as const) {
    it(`writes ${what}, to its own log group`, () => {
      const logs = logicalId(resources, 'AWS::Logs::LogGroup', `${api}AccessLogs`);
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        ApiId: { Ref: logicalId(resources, 'AWS::ApiGatewayV2::Api', api) },
        ...stageProperties,
        AccessLogSettings: {
          DestinationArn: { 'Fn::GetAtt': [logs, 'Arn'] },
          Format: Match.stringLikeRegexp('\\$context\\.authorizer\\.error'),
        },
      });
      const stage = logicalId(resources, 'AWS::ApiGatewayV2::Stage', api);
      const fields = accessLogFields(
        (resources[stage]?.Properties.AccessLogSettings as { Format?: unknown } | undefined)?.Format,
        kind,
      );
      for (const [name, variable] of Object.entries(variables)) {
        assert.equal(fields[name], `$context.${variable}`, `${kind}: ${name}`);
      }
      template.resourceCountIs('AWS::ApiGatewayV2::Stage', 2);
    });
  }

  it('keeps access logs one month and deletes them with the stack, one log group per API', () => {
    const raw = template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>;
    const groups = ['RestApiAccessLogs', 'HttpApiAccessLogs', 'WebSocketAccessLogs'].map((part) =>
      logicalId(resources, 'AWS::Logs::LogGroup', part),
    );
    for (const id of groups) {
      assert.equal(resources[id]?.Properties.RetentionInDays, 30, id);
      assert.equal(raw[id]?.DeletionPolicy, 'Delete', id);
      template.hasOutput('*', { Value: { Ref: id } });
    }
    template.resourceCountIs('AWS::Logs::LogGroup', groups.length);
  });

  it('sets the account-level CloudWatch log role once, keeps it, and deploys the REST and WebSocket stages after it', () => {
    const raw = template.toJSON().Resources as Record<
      string,
      { Type: string; DeletionPolicy?: string; DependsOn?: string[] }
    >;
    template.resourceCountIs('AWS::ApiGateway::Account', 1);
    const account = logicalId(resources, 'AWS::ApiGateway::Account', 'ApiGatewayCloudWatchRole');
    const role = logicalId(resources, 'AWS::IAM::Role', 'ApiGatewayCloudWatchRole');
    assert.deepEqual(resources[account]?.Properties.CloudWatchRoleArn, { 'Fn::GetAtt': [role, 'Arn'] });
    const roleProps = resources[role]?.Properties;
    assert.match(
      JSON.stringify(roleProps?.AssumeRolePolicyDocument),
      /"Service":"apigateway\.amazonaws\.com"/,
    );
    assert.match(
      JSON.stringify(roleProps?.ManagedPolicyArns),
      /:iam::aws:policy\/service-role\/AmazonAPIGatewayPushToCloudWatchLogs"/,
    );
    assert.equal(raw[account]?.DeletionPolicy, 'Retain');
    assert.equal(raw[role]?.DeletionPolicy, 'Retain');
    for (const stage of [
      logicalId(resources, 'AWS::ApiGateway::Stage', 'RestApi'),
      logicalId(resources, 'AWS::ApiGatewayV2::Stage', 'WebSocket'),
    ]) {
      assert.ok(raw[stage]?.DependsOn?.includes(account), `${stage} waits for the account setting`);
    }
  });

  it('puts the callee behind a function URL with auth type AWS_IAM, and gives its URL to the caller', () => {
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      TargetFunctionArn: { 'Fn::GetAtt': [ids.callee, 'Arn'] },
    });
    const url = logicalId(resources, 'AWS::Lambda::Url', 'Callee');
    const env = environmentOf(resources, ids.caller);
    assert.deepEqual(env.CALLEE_URL, { 'Fn::GetAtt': [url, 'FunctionUrl'] });
    assert.deepEqual(env.FUNCTION_URL, env.CALLEE_URL, 'the name the caller example reads');
  });

  it("allows the caller's role both lambda:InvokeFunctionUrl and lambda:InvokeFunction on the callee", () => {
    const statements = Object.values(resources)
      .filter(
        (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(ids.callerRole),
      )
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement);
    const calleeArn = { 'Fn::GetAtt': [ids.callee, 'Arn'] };
    for (const action of ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction']) {
      const statement = statements.find(
        (s) =>
          s.Effect === 'Allow' &&
          [s.Action].flat().includes(action) &&
          JSON.stringify(s.Resource).includes(ids.callee),
      );
      assert.ok(statement, `caller policy lacks ${action}`);
      assert.ok(statement.Condition, `${action}: scoped to calls through the function URL`);
      assert.deepEqual([statement.Resource].flat()[0], calleeArn, action);
    }
  });

  it("names the caller's role for both actions in the callee's resource-based policy", () => {
    const roleArn = { 'Fn::GetAtt': [ids.callerRole, 'Arn'] };
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunctionUrl',
      FunctionName: { 'Fn::GetAtt': [ids.callee, 'Arn'] },
      Principal: roleArn,
      FunctionUrlAuthType: 'AWS_IAM',
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [ids.callee, 'Arn'] },
      Principal: roleArn,
      InvokedViaFunctionUrl: true,
    });
  });
});

describe('bundling (handlers written so far)', () => {
  it('bundles each existing handler from the repository root into one minified ESM file', async () => {
    const present = EXAMPLE_NAMES.filter((name) => !missingEntries().includes(name));
    const outdir = temporaryDir('lak-cdk-bundle-');
    const stack = new Stack(new App({ outdir }), 'Bundles');
    const bundles = new Map<ExampleName, string>();
    for (const name of present) {
      const fn = exampleFunction(stack, name, { example: name, repoRoot: REPO_ROOT, description: name });
      assert.equal((fn.node.defaultChild as CfnFunction).handler, 'index.handler');
      const asset = fn.node.findChild('Code') as Asset;
      bundles.set(name, join(outdir, asset.assetPath, 'index.mjs'));
    }
    for (const [name, file] of bundles) {
      const code = readFileSync(file, 'utf8');
      assert.ok(code.length > 0, name);
      assert.doesNotMatch(code, /\n\s{2,}\S/, `${name}: the bundle is minified`);
      assert.doesNotMatch(code, /from\s*["']lambda-authorizer-kit\//, `${name}: the package is bundled in`);
    }

    // Cold start: only the function URL caller carries the SigV4 signer.
    for (const [name, file] of bundles) {
      const signs = readFileSync(file, 'utf8').includes('AWS4-HMAC-SHA256');
      assert.equal(
        signs,
        name === 'functionUrlCaller',
        `${name}: SigV4 code ${signs ? 'bundled' : 'missing'}`,
      );
    }

    // The REQUEST authorizer bundle runs as Lambda would load it: the documented example request passes.
    const requestBundle = bundles.get('requestAuthorizer');
    assert.ok(requestBundle);
    const { handler } = (await import(pathToFileURL(requestBundle).href)) as {
      handler: (event: unknown) => Promise<{ principalId: string; policyDocument: { Statement: unknown[] } }>;
    };
    const result = await handler({
      type: 'REQUEST',
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/',
      headers: { HeaderAuth1: 'headerValue1' },
      queryStringParameters: { QueryString1: 'queryValue1' },
      stageVariables: { StageVar1: 'stageValue1' },
    });
    assert.equal(result.principalId, 'me');
    assert.deepEqual(result.policyDocument.Statement, [
      {
        Action: 'execute-api:Invoke',
        Effect: 'Allow',
        Resource: 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/*/*',
      },
    ]);
  });
});

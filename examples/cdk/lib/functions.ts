import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { type ExampleName, entryPath } from './entries.js';

export interface ExampleFunctionProps {
  /** Which example handler to deploy. */
  readonly example: ExampleName;
  /** The repository root: holds the entry, the lock file and the tsconfig that maps the package name. */
  readonly repoRoot: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
  /** @default 5 seconds: API Gateway gives an authorizer at most 10 s; answer (or fail) well before that. */
  readonly timeout?: Duration;
}

/**
 * One example handler, bundled with esbuild: Node.js 24 (nodejs24.x) on arm64, minified ESM, and the package
 * bundled in (no external modules), so the zip holds only what the handler imports.
 */
export function exampleFunction(scope: Construct, id: string, props: ExampleFunctionProps): NodejsFunction {
  return new NodejsFunction(scope, id, {
    entry: entryPath(props.example, props.repoRoot),
    projectRoot: props.repoRoot,
    depsLockFilePath: join(props.repoRoot, 'package-lock.json'),
    handler: 'handler',
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: 256,
    timeout: props.timeout ?? Duration.seconds(5),
    description: props.description,
    environment: { ...props.environment },
    bundling: {
      minify: true,
      format: OutputFormat.ESM,
      target: 'node24',
      mainFields: ['module', 'main'],
      externalModules: [],
      // CommonJS dependencies may `require()` Node built-ins; give the ESM bundle a `require`.
      banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
}

const BACKEND_SOURCE = `
exports.handler = async (event) => {
  const context = event.requestContext ?? {};
  const body = {
    message: 'Hello from the backend: the authorizer let this request through.',
    route: context.routeKey ?? \`\${context.httpMethod ?? ''} \${context.resourcePath ?? ''}\`.trim(),
    authorizer: context.authorizer ?? null,
  };
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
};
`;

/** The sample backend behind every API route: it echoes the route and what the authorizer passed on. */
export function sampleBackend(scope: Construct, id: string): LambdaFunction {
  return new LambdaFunction(scope, id, {
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    handler: 'index.handler',
    code: Code.fromInline(BACKEND_SOURCE),
    description: 'Sample backend: echoes the route and the authorizer context',
    timeout: Duration.seconds(5),
  });
}

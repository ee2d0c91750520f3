import { CfnOutput, Duration } from 'aws-cdk-lib';
import { type FunctionUrl, FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { exampleFunction } from './functions.js';

export interface FunctionUrlExampleProps {
  readonly repoRoot: string;
}

/**
 * A function behind a function URL with auth type AWS_IAM, and a function that calls it with a
 * SigV4-signed request.
 *
 * Since late 2025 a caller needs BOTH `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction` on the
 * callee; with only the first, AWS answers 403 AccessDeniedException although the signature is valid.
 * The caller's role gets both (`grantInvokeUrl`), and the callee's resource-based policy names the
 * caller's role for both as well, so the call also works when the two end up in different accounts.
 */
export class FunctionUrlExample extends Construct {
  readonly callee: NodejsFunction;
  readonly caller: NodejsFunction;
  readonly url: FunctionUrl;

  constructor(scope: Construct, id: string, props: FunctionUrlExampleProps) {
    super(scope, id);

    this.callee = exampleFunction(this, 'CalleeFunction', {
      example: 'functionUrlCallee',
      repoRoot: props.repoRoot,
      description: 'lambda-authorizer-kit example: function behind an AWS_IAM function URL',
    });
    this.url = this.callee.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM });

    this.caller = exampleFunction(this, 'CallerFunction', {
      example: 'functionUrlCaller',
      repoRoot: props.repoRoot,
      description: 'lambda-authorizer-kit example: calls the function URL with SigV4',
      // Two signed requests, each with its own 5 s timeout.
      timeout: Duration.seconds(15),
      // CALLEE_URL names the callee; FUNCTION_URL is the name the caller example reads.
      environment: { CALLEE_URL: this.url.url, FUNCTION_URL: this.url.url },
    });

    // Identity-based policy on the caller's role: lambda:InvokeFunctionUrl (auth type AWS_IAM) and
    // lambda:InvokeFunction (only through the function URL).
    this.callee.grantInvokeUrl(this.caller);

    // Resource-based policy on the callee: the same two permissions for the caller's role.
    const callerRole = this.caller.role;
    if (!callerRole) throw new Error('the caller function has no execution role');
    this.callee.addPermission('CallerInvokeFunctionUrl', {
      principal: callerRole,
      action: 'lambda:InvokeFunctionUrl',
      functionUrlAuthType: FunctionUrlAuthType.AWS_IAM,
    });
    this.callee.addPermission('CallerInvokeFunction', {
      principal: callerRole,
      action: 'lambda:InvokeFunction',
      invokedViaFunctionUrl: true,
    });

    new CfnOutput(this, 'CalleeFunctionUrl', { value: this.url.url, description: 'Function URL (AWS_IAM)' });
    new CfnOutput(this, 'CallerFunctionName', {
      value: this.caller.functionName,
      description: 'Invoke it to make the signed call: aws lambda invoke --function-name <name> out.json',
    });
  }
}

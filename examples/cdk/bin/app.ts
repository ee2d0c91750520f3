#!/usr/bin/env node
/**
 * The CDK app: `npx aws-cdk deploy` runs it through cdk.json; `npm run synth` runs it directly and
 * writes the cloud assembly to cdk.out/.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { AuthorizerExamplesStack } from '../lib/stack.js';

const outdir = process.env.CDK_OUTDIR ?? resolve(fileURLToPath(new URL('../cdk.out', import.meta.url)));
const app = new App({ outdir });

new AuthorizerExamplesStack(app, 'LambdaAuthorizerKitExamples', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

app.synth();

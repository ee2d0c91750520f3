/**
 * Runs the documentation's REQUEST authorizer against a few requests and shows what API Gateway
 * would answer for each, without AWS: `npm start`.
 */
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { parseMethodArn } from 'lambda-authorizer-kit/arn';
import { evaluatePolicy, isUnauthorized } from 'lambda-authorizer-kit/policy';
import { requestAuthorizerEvent } from 'lambda-authorizer-kit/testing';
import { handler } from './handler.js';

const METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:ivdtdhp7b5/ESTestInvoke-stage/GET/';

function event(
  headers: Record<string, string>,
  queryStringParameters: Record<string, string>,
): APIGatewayRequestAuthorizerEvent {
  return requestAuthorizerEvent({
    methodArn: METHOD_ARN,
    headers,
    queryStringParameters,
    stageVariables: { StageVar1: 'stageValue1' },
  });
}

const cases: [string, APIGatewayRequestAuthorizerEvent][] = [
  ['all three values match', event({ HeaderAuth1: 'headerValue1' }, { QueryString1: 'queryValue1' })],
  ['header name in lower case', event({ headerauth1: 'headerValue1' }, { QueryString1: 'queryValue1' })],
  ['wrong header value', event({ HeaderAuth1: 'nope' }, { QueryString1: 'queryValue1' })],
  ['no query string', event({ HeaderAuth1: 'headerValue1' }, {})],
];

const { partition, region, accountId, apiId, stage } = parseMethodArn(METHOD_ARN);
console.log(
  `REQUEST authorizer of the API Gateway docs, API ${apiId} stage ${stage} (${partition}, ${region}, ${accountId})\n`,
);

for (const [label, request] of cases) {
  try {
    const result = await handler(request);
    const here = evaluatePolicy(result, METHOD_ARN);
    const otherRoute = METHOD_ARN.replace(/GET\/$/, 'POST/pets/42');
    const there = evaluatePolicy(result, otherRoute);
    console.log(
      `${label}: 200 (${here}) for GET /, ${there === 'Allow' ? 200 : 403} (${there}) for POST /pets/42 from the cache`,
    );
    console.log(`  principalId=${result.principalId} context=${JSON.stringify(result.context)}`);
    console.log(`  policy: ${JSON.stringify(result.policyDocument)}`);
  } catch (error) {
    console.log(`${label}: ${isUnauthorized(error) ? '401 Unauthorized' : `500 (${String(error)})`}`);
  }
}

import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../examples/request-authorizer/handler.js';
import { evaluatePolicy, isUnauthorized } from '../../src/policy/index.js';
import { type RequestAuthorizerEventOptions, requestAuthorizerEvent } from '../../src/testing/index.js';

const METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:ivdtdhp7b5/ESTestInvoke-stage/GET/';

// The documented request; an override of undefined leaves that map out (null in the event).
function event(overrides: RequestAuthorizerEventOptions): APIGatewayRequestAuthorizerEvent {
  return requestAuthorizerEvent({
    methodArn: METHOD_ARN,
    headers: { HeaderAuth1: 'headerValue1' },
    queryStringParameters: { QueryString1: 'queryValue1' },
    stageVariables: { StageVar1: 'stageValue1' },
    ...overrides,
  });
}

async function outcome(request: APIGatewayRequestAuthorizerEvent): Promise<string> {
  try {
    const result = await handler(request);
    return evaluatePolicy(result, request.methodArn);
  } catch (error) {
    return isUnauthorized(error) ? '401' : '500';
  }
}

describe('examples/request-authorizer (the API Gateway docs REQUEST authorizer)', () => {
  it('allows the documented request, with the documented context', async () => {
    const result = await handler(event({}));
    expect(result.principalId).toBe('me');
    expect(result.context).toEqual({ stringKey: 'stringval', numberKey: 123, booleanKey: true });
    expect(evaluatePolicy(result, METHOD_ARN)).toBe('Allow');
  });

  it('returns a policy a cached result can reuse for another route of the stage', async () => {
    const result = await handler(event({}));
    const otherRoute =
      'arn:aws:execute-api:us-east-1:123456789012:ivdtdhp7b5/ESTestInvoke-stage/POST/pets/42';
    expect(evaluatePolicy(result, otherRoute)).toBe('Allow');
  });

  it('reads the header case-insensitively', async () => {
    expect(await outcome(event({ headers: { headerauth1: 'headerValue1' } }))).toBe('Allow');
  });

  it('answers 401 for any mismatch or missing value, never 500', async () => {
    expect(await outcome(event({ headers: { HeaderAuth1: 'other' } }))).toBe('401');
    expect(event({ headers: undefined }).headers).toBeNull();
    expect(await outcome(event({ headers: undefined }))).toBe('401');
    expect(await outcome(event({ queryStringParameters: undefined }))).toBe('401');
    expect(await outcome(event({ queryStringParameters: { QueryString1: 'x' } }))).toBe('401');
    expect(await outcome(event({ stageVariables: undefined }))).toBe('401');
  });
});

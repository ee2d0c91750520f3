import { describe, expect, it } from 'vitest';
import {
  anyRouteInApi,
  anyRouteInStage,
  InvalidArnError,
  parseMethodArn,
  routeInStage,
} from '../../../src/arn/index.js';

const REST = 'arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/prod/GET/pets/42';
const WS = 'arn:aws:execute-api:us-east-1:123456789012:ws123/live/$connect';

describe('cache-safe scopes', () => {
  it('anyRouteInStage covers every method and path of the stage, keeping the partition', () => {
    expect(anyRouteInStage(REST)).toBe(
      'arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/prod/*/*',
    );
    expect(anyRouteInStage(parseMethodArn(REST))).toBe(anyRouteInStage(REST));
  });

  it('anyRouteInStage on a WebSocket ARN covers every route key', () => {
    expect(anyRouteInStage(WS)).toBe('arn:aws:execute-api:us-east-1:123456789012:ws123/live/*');
  });

  it('anyRouteInApi covers every stage', () => {
    expect(anyRouteInApi(REST)).toBe('arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/*/*/*');
    expect(anyRouteInApi(WS)).toBe('arn:aws:execute-api:us-east-1:123456789012:ws123/*/*');
  });

  it('routeInStage builds one verb and path pattern in the same stage', () => {
    expect(routeInStage(REST, 'DELETE', '/pets/*')).toBe(
      'arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/prod/DELETE/pets/*',
    );
    expect(routeInStage(REST, '*', 'orders/{id}/items')).toBe(
      'arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/prod/*/orders/{id}/items',
    );
    expect(routeInStage(REST, 'GET', '/a_b-c.d,e:f~g/?')).toMatch(/GET\/a_b-c\.d,e:f~g\/\?$/);
  });

  it('refuses unknown verbs and unsafe path characters', () => {
    expect(() => routeInStage(REST, 'ANY', '/x')).toThrow(/Use "\*" for any verb/);
    expect(() => routeInStage(REST, 'get', '/x')).toThrow(/Use "GET"/);
    expect(() => routeInStage(REST, 'GET', '/a b')).toThrow(InvalidArnError);
    expect(() => routeInStage(REST, 'GET', '/a"b')).toThrow(InvalidArnError);
    expect(() => routeInStage(REST, 'GET', 42 as unknown as string)).toThrow(InvalidArnError);
  });

  it('refuses an invalid methodArn', () => {
    expect(() => anyRouteInStage('arn:aws:s3:::bucket')).toThrow(InvalidArnError);
    expect(() => anyRouteInApi({} as never)).toThrow(InvalidArnError);
  });
});

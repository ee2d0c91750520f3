import { describeType } from '../lib/describe.js';
import { InvalidArnError } from './errors.js';
import type { MethodArn } from './types.js';
import { ARN_SHAPE, MAX_ARN_BYTES, utf8Length, validateArnParts } from './validate.js';

function malformed(detail: string): InvalidArnError {
  return new InvalidArnError(
    'ERR_ARN_MALFORMED',
    `Not an execute-api ARN: ${detail}. Expected ${ARN_SHAPE}.`,
  );
}

/**
 * Parses an execute-api ARN: a REST API `event.methodArn`, an HTTP API `event.routeArn` or a
 * WebSocket `$connect` ARN, in any partition.
 *
 * Unlike `methodArn.split(':')`, it keeps paths that contain `:` whole, takes the partition from the
 * ARN and checks every part.
 *
 * It also reads back every policy resource this package builds (`formatMethodArn()`,
 * `anyRouteInStage()`, `anyRouteInApi()`, `routeInStage()`): a `*` stage (every stage), a `*` verb and
 * a path pattern such as `/*` come back as those strings, so `formatMethodArn(parseMethodArn(arn))`
 * gives `arn` again. Wildcards anywhere else are refused: in the partition, region, account or API id,
 * inside a stage name (`prod-*`) or inside a verb (`GE*`).
 *
 * @param arn - the ARN, e.g. `arn:aws:execute-api:us-east-1:123456789012:ivdtdhp7b5/prod/GET/pets/42`
 * @returns its parts; `path` is `/` for the root resource and `''` for a WebSocket route ARN.
 * @throws {@link InvalidArnError} when `arn` is not a string, is longer than 1600 bytes, is not an
 * execute-api ARN, or has a bad partition, region, account id, API id, stage, method or path.
 *
 * @example
 * ```ts
 * import { parseMethodArn } from 'lambda-authorizer-kit/arn';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) => {
 *   const { region, accountId, apiId, stage, method, path } = parseMethodArn(event.methodArn);
 *   // 'us-east-1', '123456789012', 'ivdtdhp7b5', 'prod', 'GET', '/pets/42'
 * };
 * ```
 */
export function parseMethodArn(arn: string): MethodArn {
  if (typeof arn !== 'string') {
    throw new InvalidArnError(
      'ERR_ARN_NOT_A_STRING',
      `An execute-api ARN must be a string, got ${describeType(arn)}. Pass event.methodArn (REST, WebSocket) or event.routeArn (HTTP API).`,
    );
  }
  if (arn.length > MAX_ARN_BYTES || utf8Length(arn) > MAX_ARN_BYTES) {
    throw new InvalidArnError(
      'ERR_ARN_TOO_LONG',
      `An execute-api ARN is at most ${MAX_ARN_BYTES} bytes; this one is ${utf8Length(arn)} bytes.`,
    );
  }
  if (!arn.startsWith('arn:')) throw malformed('it does not start with "arn:"');
  const c1 = arn.indexOf(':', 4);
  const c2 = c1 < 0 ? -1 : arn.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : arn.indexOf(':', c2 + 1);
  const c4 = c3 < 0 ? -1 : arn.indexOf(':', c3 + 1);
  if (c4 < 0) throw malformed('it has fewer than 6 ":"-separated fields');
  const service = arn.slice(c1 + 1, c2);
  if (service !== 'execute-api') {
    throw new InvalidArnError(
      'ERR_ARN_WRONG_SERVICE',
      `The ARN's service is ${JSON.stringify(service)}, expected "execute-api". Pass event.methodArn (REST, WebSocket) or event.routeArn (HTTP API), not a function or role ARN.`,
    );
  }
  const resource = arn.slice(c4 + 1);
  const s1 = resource.indexOf('/');
  const s2 = s1 < 0 ? -1 : resource.indexOf('/', s1 + 1);
  if (s1 < 0) throw malformed('the resource has no stage (expected {apiId}/{stage}/...)');
  if (s2 < 0) throw malformed('the resource has no method (expected {apiId}/{stage}/{method}...)');
  const rest = resource.slice(s2 + 1);
  const s3 = rest.indexOf('/');
  const parts: MethodArn = {
    partition: arn.slice(4, c1),
    region: arn.slice(c2 + 1, c3),
    accountId: arn.slice(c3 + 1, c4),
    apiId: resource.slice(0, s1),
    stage: resource.slice(s1 + 1, s2),
    method: s3 < 0 ? rest : rest.slice(0, s3),
    path: s3 < 0 ? '' : rest.slice(s3),
  };
  validateArnParts(parts);
  return parts;
}

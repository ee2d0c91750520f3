import { describeValue } from '../lib/describe.js';
import { InvalidArnError } from './errors.js';
import type { MethodArn } from './types.js';

/** API Gateway's limit on the length of a methodArn, in bytes. */
export const MAX_ARN_BYTES = 1600;

const HTTP_VERBS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const PARTITION = /^aws(?:-[a-z0-9]+)*$/;
const REGION = /^[a-z]{2,}(?:-[a-z0-9]+)+-[0-9]{1,2}$/;
const ACCOUNT = /^[0-9]{12}$/;
const API_ID = /^[a-z0-9]{1,64}$/;
// A stage name, or `*` (every stage) as in the policy resources `anyRouteInApi()` builds. IAM would take
// `*` and `?` anywhere in a stage, but nothing here builds such patterns, so no other pattern is accepted.
const STAGE = /^(?:\*|\$default|[A-Za-z0-9_-]{1,128})$/;
const ROUTE_KEY = /^[\x21-\x2e\x30-\x7e]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
const CONTROL = /[\x00-\x1f\x7f]/;

const SHAPE = 'arn:{partition}:execute-api:{region}:{accountId}:{apiId}/{stage}/{method}/{path}';

/** `true` for the verbs API Gateway uses in methodArns (upper case) and `*`. */
export function isVerbOrWildcard(method: string): boolean {
  return method === '*' || HTTP_VERBS.has(method);
}

/** The UTF-8 length of a string, without allocating. */
export function utf8Length(value: string): number {
  let bytes = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function requireString(parts: MethodArn, field: keyof MethodArn): string {
  const value: unknown = parts[field];
  if (typeof value !== 'string') {
    throw new InvalidArnError(
      'ERR_ARN_MALFORMED',
      `ARN part "${field}" must be a string, got ${describeValue(value)}.`,
    );
  }
  return value;
}

/** Checks every part of an execute-api ARN and throws an {@link InvalidArnError} naming the first bad one. */
export function validateArnParts(parts: MethodArn): void {
  if (typeof parts !== 'object' || parts === null) {
    throw new InvalidArnError(
      'ERR_ARN_MALFORMED',
      `ARN parts must be an object like parseMethodArn() returns, got ${describeValue(parts)}.`,
    );
  }
  const partition = requireString(parts, 'partition');
  if (!PARTITION.test(partition)) {
    throw new InvalidArnError(
      'ERR_ARN_INVALID_PARTITION',
      `ARN partition ${describeValue(partition)} is not an AWS partition; expected "aws", "aws-cn" or "aws-us-gov". Take it from event.methodArn rather than writing it by hand.`,
    );
  }
  const region = requireString(parts, 'region');
  if (!REGION.test(region)) {
    throw new InvalidArnError(
      'ERR_ARN_INVALID_REGION',
      `ARN region ${describeValue(region)} is not an AWS region such as "us-east-1".`,
    );
  }
  const accountId = requireString(parts, 'accountId');
  if (!ACCOUNT.test(accountId)) {
    throw new InvalidArnError(
      'ERR_ARN_INVALID_ACCOUNT',
      `ARN account id ${describeValue(accountId)} must be exactly 12 digits (keep leading zeros; do not store it as a number).`,
    );
  }
  const apiId = requireString(parts, 'apiId');
  if (!API_ID.test(apiId)) {
    throw new InvalidArnError(
      'ERR_ARN_INVALID_API_ID',
      `ARN API id ${describeValue(apiId)} must be lower-case letters and digits, such as "ivdtdhp7b5".`,
    );
  }
  const stage = requireString(parts, 'stage');
  if (!STAGE.test(stage)) {
    throw new InvalidArnError(
      'ERR_ARN_INVALID_STAGE',
      `ARN stage ${describeValue(stage)} must be "$default", "*" (every stage) or 1-128 letters, digits, "-" or "_".`,
    );
  }
  const method = requireString(parts, 'method');
  const path = requireString(parts, 'path');
  if (path === '') {
    if (!ROUTE_KEY.test(method)) {
      throw new InvalidArnError(
        'ERR_ARN_INVALID_METHOD',
        `ARN method ${describeValue(method)} must be an HTTP verb, "*" or a route key such as "$connect" (printable ASCII, no "/").`,
      );
    }
  } else {
    if (!isVerbOrWildcard(method)) {
      const upper = method.toUpperCase();
      const hint =
        upper === 'ANY'
          ? ' Use "*" for any verb.'
          : isVerbOrWildcard(upper)
            ? ` Verbs are upper case: use "${upper}".`
            : '';
      throw new InvalidArnError(
        'ERR_ARN_INVALID_METHOD',
        `ARN method ${describeValue(method)} must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or "*".${hint}`,
      );
    }
    if (path[0] !== '/') {
      throw new InvalidArnError(
        'ERR_ARN_INVALID_PATH',
        `ARN path ${describeValue(path)} must start with "/" (the root resource is "/"), or be "" for a WebSocket route.`,
      );
    }
    if (CONTROL.test(path)) {
      throw new InvalidArnError(
        'ERR_ARN_INVALID_PATH',
        `ARN path ${describeValue(path)} contains a control character.`,
      );
    }
  }
}

/** Joins ARN parts without checking them. */
export function joinArn(parts: MethodArn): string {
  return `arn:${parts.partition}:execute-api:${parts.region}:${parts.accountId}:${parts.apiId}/${parts.stage}/${parts.method}${parts.path}`;
}

/** The message prefix describing the expected ARN shape. */
export const ARN_SHAPE = SHAPE;

import { describeValue } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import type { JwtIssuerOptions } from './options.js';

/**
 * `<region>_<id>`. Regions as AWS names them: `us-east-1`, `ap-southeast-5`, `us-gov-west-1`;
 * aws-jwt-verify (5.x, `CognitoJwtVerifier.USER_POOL_ID_REGEX`) reads them the same way.
 */
const USER_POOL_ID = /^((?:[a-z]{2}|eusc)(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$/;

/**
 * Partitions whose user pools have no issuer this preset can name: AWS's China documentation says
 * "Amazon Cognito User Pools are not currently available" there
 * (https://docs.amazonaws.cn/en_us/aws/latest/userguide/cognito.html), and no AWS document names
 * the issuer host of a European Sovereign Cloud pool (its endpoints are not under amazonaws.com).
 */
const UNSUPPORTED: readonly (readonly [RegExp, string])[] = [
  [/^cn-/, 'Amazon Cognito user pools are not available in the AWS China Regions'],
  [
    /^eusc-/,
    "the issuer of user pools in the AWS European Sovereign Cloud is not documented: pass the pool's issuer and jwksUri (from its /.well-known/openid-configuration) to createJwtVerifier instead",
  ],
];

/**
 * Options of {@link cognitoUserPool}.
 */
export interface CognitoUserPoolOptions {
  /** The user pool id, e.g. `us-east-1_AbCdEfGhI`; its prefix is the region. Required. */
  userPoolId: string;
  /**
   * The app client id(s) allowed: checked against `client_id` (access tokens) or `aud` (id tokens).
   * `null` accepts any client of the pool. Required.
   */
  clientId: string | readonly string[] | null;
  /** Which Cognito token is expected (`token_use` claim): `access` for APIs, `id` for user info. Required. */
  tokenUse: 'access' | 'id';
  /** Scopes an access token must grant, e.g. `['orders/read']`. Default: none. */
  requiredScopes?: readonly string[];
  /**
   * The pool's issuer type (`IssuerConfiguration` of the user pool): `original` tokens carry
   * `https://cognito-idp.<region>.amazonaws.com/<poolId>`, `updated` ones (recommended by AWS, and
   * required for multi-Region replication) `https://issuer-cognito-idp.<region>.amazonaws.com/<poolId>`
   * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_IssuerConfigurationType.html).
   * `both` takes either, as while a pool is switched over; the JWKS is then read from the original
   * host. Default: `both`.
   */
  issuerType?: 'original' | 'updated' | 'both';
}

/**
 * The issuer options of a Cognito user pool: its issuer in the original form
 * `https://cognito-idp.<region>.amazonaws.com/<poolId>`, the updated form
 * `https://issuer-cognito-idp.<region>.amazonaws.com/<poolId>` or both (see `issuerType`), its JWKS
 * (no discovery round trip), RS256, `token_use`, and the audience in `client_id` (access tokens) or
 * `aud` (id tokens). Spread it and add options, or put it in `issuers`.
 *
 * @param options - see {@link CognitoUserPoolOptions}.
 * @returns options for `createJwtVerifier()`.
 * @throws {@link InvalidOptionError} when the user pool id or token use is invalid.
 *
 * @example
 * ```ts
 * import { cognitoUserPool, createJwtVerifier } from 'lambda-authorizer-kit/jwt';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * const verifier = createJwtVerifier({
 *   ...cognitoUserPool({ userPoolId: 'us-east-1_AbCdEfGhI', clientId: '1example23456789', tokenUse: 'access' }),
 *   clockToleranceSeconds: 5,
 * });
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) => {
 *   const claims = await verifier.verify(event.authorizationToken.replace(/^Bearer /i, ''));
 *   return claims['cognito:groups'];
 * };
 * ```
 */
export function cognitoUserPool(options: CognitoUserPoolOptions): JwtIssuerOptions {
  const match = typeof options?.userPoolId === 'string' ? USER_POOL_ID.exec(options.userPoolId) : null;
  if (match === null) {
    throw new InvalidOptionError(
      'userPoolId',
      `Invalid option userPoolId: expected "<region>_<id>" such as "us-east-1_AbCdEfGhI", got ${describeValue(options?.userPoolId)}.`,
    );
  }
  if (options.tokenUse !== 'access' && options.tokenUse !== 'id') {
    throw new InvalidOptionError(
      'tokenUse',
      `Invalid option tokenUse: expected "access" or "id", got ${describeValue(options.tokenUse)}.`,
    );
  }
  const region = match[1] as string;
  const unsupported = UNSUPPORTED.find(([pattern]) => pattern.test(region));
  if (unsupported !== undefined) {
    throw new InvalidOptionError('userPoolId', `Invalid option userPoolId: ${unsupported[1]}.`);
  }
  const issuerType = options.issuerType ?? 'both';
  if (issuerType !== 'original' && issuerType !== 'updated' && issuerType !== 'both') {
    throw new InvalidOptionError(
      'issuerType',
      `Invalid option issuerType: expected "original", "updated" or "both" (the user pool's IssuerConfiguration), got ${describeValue(issuerType)}.`,
    );
  }
  const original = `https://cognito-idp.${region}.amazonaws.com/${options.userPoolId}`;
  const updated = `https://issuer-cognito-idp.${region}.amazonaws.com/${options.userPoolId}`;
  const names = { original: [original], updated: [updated], both: [original, updated] }[issuerType];
  return {
    issuer: names.length === 1 ? (names[0] as string) : names,
    jwksUri: `${issuerType === 'updated' ? updated : original}/.well-known/jwks.json`,
    audience: options.clientId,
    audienceClaims: options.tokenUse === 'access' ? ['client_id'] : ['aud'],
    algorithms: ['RS256'],
    expectedClaims: { token_use: options.tokenUse },
    ...(options.requiredScopes === undefined ? {} : { requiredScopes: options.requiredScopes }),
  };
}

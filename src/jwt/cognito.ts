import { describeValue } from '../lib/describe.js';
import { InvalidJwtOptionsError } from './errors.js';
import type { JwtIssuerOptions } from './options.js';

const USER_POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$/;

/**
 * Options of {@link cognitoUserPool}.
 *
 * @example
 * ```ts
 * import { cognitoUserPool, type CognitoUserPoolOptions, createJwtVerifier } from 'lambda-authorizer-kit/jwt';
 *
 * const pool: CognitoUserPoolOptions = { userPoolId: 'eu-west-1_AbCdEfGhI', clientId: '1example23456789', tokenUse: 'access' };
 * const verifier = createJwtVerifier(cognitoUserPool(pool));
 * export const handler = async (event: { authorizationToken: string }) => verifier.verify(event.authorizationToken);
 * ```
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
}

/**
 * The issuer options of a Cognito user pool: issuer `https://cognito-idp.<region>.amazonaws.com/<poolId>`,
 * its JWKS (no discovery round trip), RS256, `token_use`, and the audience in `client_id` (access
 * tokens) or `aud` (id tokens). Spread it and add options, or put it in `issuers`.
 *
 * @param options - see {@link CognitoUserPoolOptions}.
 * @returns options for `createJwtVerifier()`.
 * @throws {@link InvalidJwtOptionsError} when the user pool id or token use is invalid.
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
    throw new InvalidJwtOptionsError(
      'userPoolId',
      `Invalid option userPoolId: expected "<region>_<id>" such as "us-east-1_AbCdEfGhI", got ${describeValue(options?.userPoolId)}.`,
    );
  }
  if (options.tokenUse !== 'access' && options.tokenUse !== 'id') {
    throw new InvalidJwtOptionsError(
      'tokenUse',
      `Invalid option tokenUse: expected "access" or "id", got ${describeValue(options.tokenUse)}.`,
    );
  }
  const issuer = `https://cognito-idp.${match[1]}.amazonaws.com/${options.userPoolId}`;
  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    audience: options.clientId,
    audienceClaims: options.tokenUse === 'access' ? ['client_id'] : ['aud'],
    algorithms: ['RS256'],
    expectedClaims: { token_use: options.tokenUse },
    ...(options.requiredScopes === undefined ? {} : { requiredScopes: options.requiredScopes }),
  };
}

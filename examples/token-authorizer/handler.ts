/**
 * A TOKEN authorizer for an OIDC provider such as FusionAuth (REST API, `Authorization: Bearer <jwt>`).
 *
 * Configuration (environment variables of the function):
 * - ISSUER: the issuer exactly as the provider writes it in tokens (FusionAuth: Tenants → your tenant →
 *   Issuer, e.g. `https://local.fusionauth.io`; a trailing slash matters);
 * - AUDIENCE: the application's client id;
 * - JWKS_URI (optional): otherwise found through `{ISSUER}/.well-known/openid-configuration`.
 *
 * The provider must sign with an asymmetric key (RS256 or ES256), not HS256.
 * Everyone with a valid token may read; the `admin` role may also write and delete.
 */
import { createTokenAuthorizer } from 'lambda-authorizer-kit/authorizer';
import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';

// Created once per container, so warm invocations reuse the cached JWKS and keys.
const verifier = createJwtVerifier({
  issuer: process.env.ISSUER ?? 'https://auth.example.com',
  audience: process.env.AUDIENCE ?? 'my-client-id',
  ...(process.env.JWKS_URI ? { jwksUri: process.env.JWKS_URI } : {}),
});

export const handler = createTokenAuthorizer({
  verifier,
  // The whole stage for GET, and write access for admins: one policy, right for every route, so
  // API Gateway's authorizer cache can reuse it.
  policy: (builder, claims) => {
    builder.allow('GET', '/*');
    const roles = Array.isArray(claims.roles) ? claims.roles : [];
    if (roles.includes('admin')) builder.allow('POST', '/*').allow('PUT', '/*').allow('DELETE', '/*');
  },
});

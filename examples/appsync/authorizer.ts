/**
 * An AppSync (GraphQL API) Lambda authorizer for JWTs. Clients send the token in the
 * `Authorization` header, with or without `Bearer `; resolvers read the caller from
 * `$ctx.identity.resolverContext` (`ctx.identity.resolverContext` in APPSYNC_JS).
 *
 * Non-admins get `Mutation.deletePost` nulled. The verdict depends only on the claims, so AppSync
 * may cache it for the token across operations (the API's TTL, or `ttlSeconds`).
 *
 * Configuration: ISSUER, AUDIENCE, optional JWKS_URI (see the token-authorizer example).
 */
import { createAppSyncAuthorizer } from 'lambda-authorizer-kit/authorizer';
import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';

const verifier = createJwtVerifier({
  issuer: process.env.ISSUER ?? 'https://auth.example.com',
  audience: process.env.AUDIENCE ?? 'my-client-id',
  ...(process.env.JWKS_URI ? { jwksUri: process.env.JWKS_URI } : {}),
});

export const handler = createAppSyncAuthorizer({
  verifier,
  ttlSeconds: 300,
  resolverContext: (claims) => ({ userId: claims.sub, tenant: String(claims.tenant ?? '') }),
  authorize: (claims) => {
    const admin = Array.isArray(claims.roles) && claims.roles.includes('admin');
    return { allow: true, deniedFields: admin ? [] : ['Mutation.deletePost'] };
  },
});

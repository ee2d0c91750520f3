/**
 * An HTTP API Lambda authorizer (payload format 2.0, simple responses enabled) for bearer JWTs.
 * The context may carry JSON: the backend reads `event.requestContext.authorizer.lambda.user`.
 *
 * Configuration: ISSUER, AUDIENCE, optional JWKS_URI (see the token-authorizer example).
 */
import { createHttpApiAuthorizer } from 'lambda-authorizer-kit/authorizer';
import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';

const verifier = createJwtVerifier({
  issuer: process.env.ISSUER ?? 'https://auth.example.com',
  audience: process.env.AUDIENCE ?? 'my-client-id',
  ...(process.env.JWKS_URI ? { jwksUri: process.env.JWKS_URI } : {}),
});

export const handler = createHttpApiAuthorizer({
  verifier,
  response: 'simple',
  context: (claims) => ({
    user: {
      id: claims.sub ?? null,
      email: typeof claims.email === 'string' ? claims.email : null,
      scopes: typeof claims.scope === 'string' ? claims.scope.split(' ') : [],
    },
  }),
});

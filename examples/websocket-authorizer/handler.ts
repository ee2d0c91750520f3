/**
 * A WebSocket API `$connect` authorizer. Browsers cannot set headers on a WebSocket handshake, so
 * the token travels in the query string: `wss://.../prod?token=<jwt>`. Configure the authorizer's
 * identity source as `route.request.querystring.token`.
 *
 * Configuration: ISSUER, AUDIENCE, optional JWKS_URI (see the token-authorizer example).
 */
import { createRequestAuthorizer } from 'lambda-authorizer-kit/authorizer';
import { createJwtVerifier, JwtVerificationError } from 'lambda-authorizer-kit/jwt';
import { unauthorized } from 'lambda-authorizer-kit/policy';

const verifier = createJwtVerifier({
  issuer: process.env.ISSUER ?? 'https://auth.example.com',
  audience: process.env.AUDIENCE ?? 'my-client-id',
  ...(process.env.JWKS_URI ? { jwksUri: process.env.JWKS_URI } : {}),
});

export const handler = createRequestAuthorizer({
  identitySource: ['route.request.querystring.token'],
  authorize: async (request) => {
    const token = request.query('token') ?? '';
    const claims = await verifier.verify(token).catch((error: unknown) => {
      if (error instanceof JwtVerificationError) unauthorized(); // 401: the handshake is refused
      throw error; // JWKS unreachable: 500
    });
    // The policy covers every route key of the stage ($connect, $default, sendMessage, ...).
    return {
      allow: true,
      principalId: claims.sub ?? 'anonymous',
      context: { email: String(claims.email ?? '') },
    };
  },
});

/**
 * A TOKEN authorizer that adds a claim from an external API to the context, the "HTTP connect"
 * pattern: `GET {STATUS_API_URL}?{sub}` answers `{"status":"..."}`; on any other answer, an error or
 * a 2 s timeout, the status falls back to `basic` and the request is still decided.
 *
 * Configuration: ISSUER, AUDIENCE, optional JWKS_URI, STATUS_API_URL.
 */
import { createTokenAuthorizer } from 'lambda-authorizer-kit/authorizer';
import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';

const verifier = createJwtVerifier({
  issuer: process.env.ISSUER ?? 'https://auth.example.com',
  audience: process.env.AUDIENCE ?? 'my-client-id',
  ...(process.env.JWKS_URI ? { jwksUri: process.env.JWKS_URI } : {}),
});
const statusApi = process.env.STATUS_API_URL ?? 'https://api.example.com/api/status';

export const handler = createTokenAuthorizer({
  verifier,
  context: (claims) => ({ sub: claims.sub }),
  enrich: async (claims, signal) => {
    const response = await fetch(`${statusApi}?${encodeURIComponent(claims.sub ?? '')}`, {
      method: 'GET',
      headers: { 'content-type': 'application/json' },
      signal,
    });
    if (response.status !== 200) return { status: 'basic' };
    const body = (await response.json()) as { status?: unknown };
    return { status: typeof body.status === 'string' ? body.status : 'basic' };
  },
  enrichTimeoutMs: 2000,
  enrichFallback: { status: 'basic' },
});

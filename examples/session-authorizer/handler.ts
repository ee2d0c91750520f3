/**
 * A session-cookie REQUEST authorizer in the style of session libraries such as SuperTokens:
 *
 * - a valid session → Allow, with the refreshed cookies in `context.setCookie`;
 * - no session at all → Allow for an anonymous caller (principal `""`), so public routes work;
 * - an expired session → `Unauthorized` (401): the frontend refreshes and retries;
 * - a session whose claims fail validation (e.g. email not verified) → Deny (403) with a JSON body
 *   in `context.body` for the gateway response and the cookies in `context.setCookie`.
 *
 * In API Gateway: map `Set-Cookie` from `context.authorizer.setCookie` in the integration response
 * and in the ACCESS_DENIED gateway response, and set that gateway response's template to
 * `$context.authorizer.body`. Leave the authorizer's identity source empty (anonymous callers have
 * no cookie), which also turns caching off, as a session authorizer needs.
 *
 * Configuration: ISSUER, AUDIENCE, optional JWKS_URI of the session token signer.
 */
import { anyRouteInStage } from 'lambda-authorizer-kit/arn';
import { createRequestAuthorizer } from 'lambda-authorizer-kit/authorizer';
import { createJwtVerifier, JwtVerificationError } from 'lambda-authorizer-kit/jwt';
import { deny, responseContext, unauthorized } from 'lambda-authorizer-kit/policy';

const verifier = createJwtVerifier({
  issuer: process.env.ISSUER ?? 'https://auth.example.com',
  audience: process.env.AUDIENCE ?? 'my-client-id',
  ...(process.env.JWKS_URI ? { jwksUri: process.env.JWKS_URI } : {}),
});

export const handler = createRequestAuthorizer({
  authorize: async (request) => {
    const accessToken = request.cookie('sAccessToken');
    // Cookies to send back, e.g. after a refresh; here the session cookie is passed through.
    const setCookie =
      accessToken === undefined ? [] : [`sAccessToken=${accessToken}; Path=/; HttpOnly; Secure`];
    if (accessToken === undefined) {
      return { allow: true, principalId: '', context: responseContext({ setCookie }) };
    }
    let claims: Awaited<ReturnType<typeof verifier.verify>>;
    try {
      claims = await verifier.verify(accessToken);
    } catch (error) {
      // Expired (the frontend refreshes and retries) or otherwise invalid: 401.
      if (error instanceof JwtVerificationError) unauthorized();
      throw error; // the signer's keys are unreachable: 500
    }
    if (claims.email_verified !== true) {
      return deny(
        claims.sub ?? '',
        anyRouteInStage(request.methodArn),
        responseContext({
          body: {
            message: 'invalid claim',
            claimValidationErrors: [{ id: 'st-ev', reason: 'email not verified' }],
          },
          setCookie,
        }),
      );
    }
    return { allow: true, principalId: claims.sub ?? '', context: responseContext({ setCookie }) };
  },
});

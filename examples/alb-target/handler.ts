/**
 * A Lambda target behind an Application Load Balancer whose listener rule runs `authenticate-oidc`
 * (or `authenticate-cognito`) before it forwards: the load balancer signs in the user and passes the
 * user claims in the `x-amzn-oidc-data` header. The handler verifies that header (signature, signer,
 * issuer, client, expiry) before it trusts a claim; anything else answers 401, a key server it cannot
 * reach answers 500.
 *
 * Routes: `GET /profile`.
 *
 * Environment:
 * - `ALB_ARN`: the ARN of the load balancer (required);
 * - `OIDC_ISSUER`: the identity provider's issuer, as in the authenticate action (required);
 * - `OIDC_CLIENT_ID`: the client id of the authenticate action (required);
 * - `ALB_KEY_URL`: the key server, only outside the commercial and GovCloud partitions (optional).
 */

import type { ALBEvent, ALBResult } from 'aws-lambda';
import { createAlbJwtVerifier, isTokenRefusal } from 'lambda-authorizer-kit/jwt';

const verifier = createAlbJwtVerifier({
  albArn: process.env.ALB_ARN ?? '',
  issuer: process.env.OIDC_ISSUER ?? '',
  clientId: process.env.OIDC_CLIENT_ID ?? '',
  keyUrl: process.env.ALB_KEY_URL,
});

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  401: 'Unauthorized',
  404: 'Not Found',
  500: 'Internal Server Error',
};

/** An answer in the shape the target group expects: multi-value headers when its request had them. */
function answer(event: ALBEvent, statusCode: number, body: unknown): ALBResult {
  const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  return {
    statusCode,
    statusDescription: `${statusCode} ${STATUS_TEXT[statusCode]}`,
    ...(event.multiValueHeaders === undefined
      ? { headers }
      : {
          multiValueHeaders: Object.fromEntries(
            Object.entries(headers).map(([name, value]) => [name, [value]]),
          ),
        }),
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}

/** The one `x-amzn-oidc-data` value of the request; none when absent or sent more than once. */
function oidcData(event: ALBEvent): string | undefined {
  const values = event.multiValueHeaders?.['x-amzn-oidc-data'];
  if (values !== undefined) return values.length === 1 ? values[0] : undefined;
  return event.headers?.['x-amzn-oidc-data'];
}

export const handler = async (event: ALBEvent): Promise<ALBResult> => {
  let user: { sub: string | undefined; email: string | undefined };
  try {
    const { payload } = await verifier.verify(oidcData(event));
    user = { sub: payload.sub, email: payload.email };
  } catch (error) {
    if (isTokenRefusal(error)) return answer(event, 401, { message: 'Unauthorized' });
    console.error(
      JSON.stringify({ message: 'ALB token not verified', code: (error as { code?: unknown }).code }),
    );
    return answer(event, 500, { message: 'Internal Server Error' });
  }
  if (event.httpMethod === 'GET' && event.path === '/profile') return answer(event, 200, user);
  return answer(event, 404, { message: 'Not Found' });
};

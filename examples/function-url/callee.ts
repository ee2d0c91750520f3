/**
 * The function behind a function URL with auth type AWS_IAM ("my-function-with-url"): AWS has verified
 * the caller's SigV4 signature and IAM permissions before this runs, and tells who called in
 * `event.requestContext.authorizer.iam`. The guard is a second line behind the function's resource
 * policy: only the listed accounts (and, when set, principals) get past it; everyone else gets 403.
 *
 * Routes: `GET /book?page=N` and `POST /login` (JSON body).
 *
 * Environment:
 * - `ALLOWED_ACCOUNT_IDS`: comma-separated account ids that may call (required);
 * - `ALLOWED_PRINCIPALS`: comma-separated role or user ARNs, wildcards as in IAM (optional), e.g.
 *   `arn:aws:iam::111122223333:role/my-calling-function-role`.
 */

import type { LambdaFunctionURLEventWithIAMAuthorizer, LambdaFunctionURLResult } from 'aws-lambda';
import { createFunctionUrlCallerGuard } from 'lambda-authorizer-kit/authorizer';

const list = (value: string | undefined) => value?.split(',').map((entry) => entry.trim());

const guard = createFunctionUrlCallerGuard({
  accounts: list(process.env.ALLOWED_ACCOUNT_IDS) ?? [],
  principals: list(process.env.ALLOWED_PRINCIPALS),
});

function json(statusCode: number, body: unknown): LambdaFunctionURLResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function readBody(event: LambdaFunctionURLEventWithIAMAuthorizer): string {
  if (event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export const handler = guard.protect(async (event: LambdaFunctionURLEventWithIAMAuthorizer, caller) => {
  const userArn = caller.arn;

  const method = event.requestContext.http.method;
  if (method === 'GET' && event.rawPath === '/book') {
    const page = Number(event.queryStringParameters?.page ?? '1');
    return json(200, { title: 'The Book', page, caller: userArn });
  }
  if (method === 'POST' && event.rawPath === '/login') {
    let data: { user?: unknown };
    try {
      data = JSON.parse(readBody(event)) as { user?: unknown };
    } catch {
      return json(400, { message: 'the body must be JSON' });
    }
    if (typeof data.user !== 'string') return json(400, { message: 'user is required' });
    return json(200, { user: data.user, loggedInBy: userArn });
  }
  return json(404, { message: `no route for ${method} ${event.rawPath}` });
});

/**
 * The function behind a function URL with auth type AWS_IAM ("my-function-with-url"): AWS has verified
 * the caller's SigV4 signature and IAM permissions before this runs, and tells who called in
 * `event.requestContext.authorizer.iam`.
 *
 * Routes: `GET /book?page=N` and `POST /login` (JSON body). Set `ALLOWED_ACCOUNT_IDS` (comma-separated)
 * to also refuse callers from other accounts.
 */
import type { LambdaFunctionURLEventWithIAMAuthorizer, LambdaFunctionURLResult } from 'aws-lambda';

function json(statusCode: number, body: unknown): LambdaFunctionURLResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function readBody(event: LambdaFunctionURLEventWithIAMAuthorizer): string {
  if (event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export const handler = async (
  event: LambdaFunctionURLEventWithIAMAuthorizer,
): Promise<LambdaFunctionURLResult> => {
  const { accountId, userArn } = event.requestContext.authorizer.iam;
  const allowed = process.env.ALLOWED_ACCOUNT_IDS?.split(',').map((id) => id.trim());
  if (allowed && !allowed.includes(accountId)) {
    return json(403, { message: `account ${accountId} may not call this function` });
  }

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
};

/**
 * A function that calls another function's URL with auth type AWS_IAM ("my-calling-function").
 *
 * Environment:
 * - `FUNCTION_URL`: the callee's URL, `https://<url-id>.lambda-url.<region>.on.aws/`
 *   (`aws lambda get-function-url-config --function-name my-function-with-url --query FunctionUrl`);
 * - `FUNCTION_URL_REGION`: only when the URL's host does not name the region (a custom domain);
 * - `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`: set by Lambda for the
 *   function's execution role, which the callee's resource-based policy must allow
 *   (`lambda:InvokeFunctionUrl` and `lambda:InvokeFunction`; see docs/sigv4.md).
 *
 */
import { AuthorizerKitError, signedFetch } from 'lambda-authorizer-kit/sigv4';

interface CallerEvent {
  user: string;
  page?: number;
}

export const handler = async (event: CallerEvent) => {
  const functionUrl = process.env.FUNCTION_URL;
  if (!functionUrl) throw new Error('Set FUNCTION_URL to the URL of the function to call.');
  // Region and service ("lambda") come from the URL; credentials from the environment.
  const signing = { region: process.env.FUNCTION_URL_REGION, timeoutMs: 5000 };

  try {
    // GET: the query is signed sorted and encoded, and sent exactly as signed.
    const url = new URL('book', functionUrl);
    url.searchParams.set('page', String(event.page ?? 1));
    const bookResponse = await signedFetch(url, signing);
    if (!bookResponse.ok) throw new Error(`GET /book answered ${bookResponse.status}`);
    const book = (await bookResponse.json()) as { title: string; page: number };

    // POST: the JSON body is hashed and signed with the request.
    const loginResponse = await signedFetch(new URL('login', functionUrl), {
      ...signing,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: event.user }),
    });
    if (!loginResponse.ok) throw new Error(`POST /login answered ${loginResponse.status}`);
    const login = (await loginResponse.json()) as { user: string };

    return { statusCode: 200, body: JSON.stringify({ book, login }) };
  } catch (error) {
    // SigV4RejectedError (403 from AWS), SigV4RequestError (credentials, timeout), InvalidOptionError:
    // the code and the message say what to fix.
    if (error instanceof AuthorizerKitError) console.error(error.code, error.message);
    throw error;
  }
};

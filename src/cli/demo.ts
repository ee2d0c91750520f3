import { randomBytes } from 'node:crypto';
import { createHttpApiAuthorizer } from '../authorizer/http-api-authorizer.js';
import { createRequestAuthorizer } from '../authorizer/request-authorizer.js';
import { createTokenAuthorizer } from '../authorizer/token-authorizer.js';
import { createJwtVerifier } from '../jwt/verifier.js';
import { SigV4RejectedError } from '../sigv4/errors.js';
import { signedFetch } from '../sigv4/signed-fetch.js';
import { createCachingGateway } from '../testing/cache.js';
import { httpApiAuthorizerEvent, requestAuthorizerEvent, tokenAuthorizerEvent } from '../testing/events.js';
import { startFunctionUrlEmulator } from '../testing/function-url-emulator.js';
import { createTestIssuer } from '../testing/issuer.js';
import { type GatewayOutcome, simulateApiGateway } from '../testing/simulate.js';
import type { SignIo } from './sign.js';
import { type Style, styleFor } from './style.js';

/** The exit codes of `lambda-authorizer-kit demo`. */
export const DEMO_EXIT_CODES = { ok: 0, unexpected: 1 } as const;

export const DEMO_HELP = `Usage: lambda-authorizer-kit demo

Runs the whole flow on loopback, with no AWS account and no network: a test issuer
with a real JWKS server, a TOKEN authorizer (allowed, expired, wrong audience, denied
route from the cache), the REQUEST authorizer of the API Gateway docs, an HTTP API
simple response, and signed GET and POST calls to an IAM-protected function URL
emulator. Each step prints what API Gateway (or the function URL) would answer.

Exit codes: 0 every step answered as expected, 1 a step did not.
`;

const API = 'arn:aws:execute-api:us-east-1:123456789012:demoapi123/prod';

interface Step {
  title: string;
  expected: number;
  run: () => Promise<{ status: number; detail: string }>;
}

function fromOutcome(outcome: GatewayOutcome, extra = ''): { status: number; detail: string } {
  const who = outcome.principalId === undefined ? '' : ` principal=${JSON.stringify(outcome.principalId)}`;
  const context = outcome.context === undefined ? '' : ` context=${JSON.stringify(outcome.context)}`;
  return { status: outcome.statusCode, detail: `${outcome.reason}${who}${context}${extra}` };
}

function line(style: Style, step: Step, status: number, detail: string): string {
  const ok = status === step.expected;
  const mark = ok ? style.ok('✔') : style.fail('✘');
  const code = ok ? style.bold(String(status)) : style.fail(`${status} (expected ${step.expected})`);
  return `${mark} ${step.title} → ${code}\n    ${style.dim(detail)}\n`;
}

/**
 * Runs `lambda-authorizer-kit demo`: every building block end to end on loopback.
 *
 * @returns the exit code (see {@link DEMO_EXIT_CODES}).
 *
 * @example
 * ```ts
 * import { runDemo } from './demo.js';
 *
 * process.exitCode = await runDemo([], { env: process.env, stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function runDemo(argv: readonly string[], io: SignIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(DEMO_HELP);
    return DEMO_EXIT_CODES.ok;
  }
  const style = styleFor(io.stdout as SignIo['stdout'] & { isTTY?: boolean }, io.env);
  const issuer = await createTestIssuer({ audience: 'demo-client' });
  const caller = {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  const emulator = await startFunctionUrlEmulator({
    credentials: caller,
    region: 'eu-west-1',
    handler: (event) => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: event.requestContext.http.method,
        query: event.queryStringParameters ?? {},
        body:
          event.body === undefined
            ? null
            : JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body),
        caller: event.requestContext.authorizer.iam.userArn,
      }),
    }),
  });
  try {
    const verifier = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'demo-client',
      jwksUri: issuer.jwksUri,
    });
    const tokenAuthorizer = createTokenAuthorizer({
      verifier,
      context: (claims) => ({ sub: String(claims.sub), email: String(claims.email ?? '') }),
      policy: (builder, claims) => {
        builder.allow('GET', '/*');
        if (claims.admin === true) builder.allow('DELETE', '/*');
      },
    });
    const gateway = createCachingGateway(tokenAuthorizer);
    const now = Math.floor(Date.now() / 1000);
    const reader = `Bearer ${issuer.sign({ sub: 'ehrlich', email: 'ehrlich@piedpiper.com' })}`;
    const requestAuthorizer = createRequestAuthorizer({
      identitySource: [
        'method.request.header.HeaderAuth1',
        'method.request.querystring.QueryString1',
        'stageVariables.StageVar1',
      ],
      authorize: (request) =>
        request.header('HeaderAuth1') === 'headerValue1' &&
        request.query('QueryString1') === 'queryValue1' &&
        request.stageVariable('StageVar1') === 'stageValue1'
          ? {
              allow: true,
              principalId: 'me',
              context: { stringKey: 'stringval', numberKey: 123, booleanKey: true },
            }
          : { allow: false },
    });
    const docsEvent = (header: string) =>
      requestAuthorizerEvent({
        methodArn: `${API}/GET/`,
        headers: { HeaderAuth1: header },
        queryStringParameters: { QueryString1: 'queryValue1' },
        stageVariables: { StageVar1: 'stageValue1' },
      });
    const httpAuthorizer = createHttpApiAuthorizer({
      verifier,
      response: 'simple',
      context: (claims) => ({
        user: { id: claims.sub, roles: (claims.roles as string[] | undefined) ?? [] },
      }),
      authorize: (claims, request) => !request.methodArn.includes('/DELETE/') || claims.admin === true,
    });
    const routeArn = (verb: string) =>
      `arn:aws:execute-api:us-east-1:123456789012:demoapi123/$default/${verb}/pets`;
    const httpToken = `Bearer ${issuer.sign({ sub: 'gilfoyle', roles: ['reader'] })}`;
    const sign = { region: emulator.region, credentials: caller };

    const steps: [string, Step[]][] = [
      [
        'TOKEN authorizer (JWT from a JWKS-backed issuer, policy cached per token)',
        [
          {
            title: 'valid token, GET /pets',
            expected: 200,
            run: async () =>
              fromOutcome(
                await gateway.request(tokenAuthorizerEvent({ token: reader, methodArn: `${API}/GET/pets` })),
              ),
          },
          {
            title: 'same token, DELETE /pets/42 (reader, served from the cache)',
            expected: 403,
            run: async () =>
              fromOutcome(
                await gateway.request(
                  tokenAuthorizerEvent({ token: reader, methodArn: `${API}/DELETE/pets/42` }),
                ),
              ),
          },
          {
            title: 'expired token',
            expected: 401,
            run: async () =>
              fromOutcome(
                await simulateApiGateway(
                  tokenAuthorizer,
                  tokenAuthorizerEvent({
                    token: `Bearer ${issuer.sign({ exp: now - 300, iat: now - 3900 })}`,
                  }),
                ),
              ),
          },
          {
            title: 'token for another audience',
            expected: 401,
            run: async () =>
              fromOutcome(
                await simulateApiGateway(
                  tokenAuthorizer,
                  tokenAuthorizerEvent({ token: `Bearer ${issuer.sign({ aud: 'other-app' })}` }),
                ),
              ),
          },
        ],
      ],
      [
        'REQUEST authorizer of the API Gateway docs (HeaderAuth1, QueryString1, StageVar1)',
        [
          {
            title: 'all three values match',
            expected: 200,
            run: async () =>
              fromOutcome(await simulateApiGateway(requestAuthorizer, docsEvent('headerValue1'))),
          },
          {
            title: 'wrong header value',
            expected: 401,
            run: async () => fromOutcome(await simulateApiGateway(requestAuthorizer, docsEvent('nope'))),
          },
        ],
      ],
      [
        'HTTP API authorizer (payload 2.0, simple responses, JSON context)',
        [
          {
            title: 'valid token, GET /pets',
            expected: 200,
            run: async () =>
              fromOutcome(
                await simulateApiGateway(
                  httpAuthorizer,
                  httpApiAuthorizerEvent({
                    routeArn: routeArn('GET'),
                    headers: { authorization: httpToken },
                  }),
                ),
              ),
          },
          {
            title: 'same token, DELETE /pets (not an admin)',
            expected: 403,
            run: async () =>
              fromOutcome(
                await simulateApiGateway(
                  httpAuthorizer,
                  httpApiAuthorizerEvent({
                    routeArn: routeArn('DELETE'),
                    headers: { authorization: httpToken },
                  }),
                ),
              ),
          },
        ],
      ],
      [
        'Function URL with AWS_IAM auth (SigV4, emulated on loopback)',
        [
          {
            title: 'signed GET ?b=2&a=1&a=0',
            expected: 200,
            run: async () => {
              const response = await signedFetch(`${emulator.url}status?b=2&a=1&a=0`, sign);
              return { status: response.status, detail: await response.text() };
            },
          },
          {
            title: 'signed POST with a JSON body',
            expected: 200,
            run: async () => {
              const response = await signedFetch(`${emulator.url}login`, {
                ...sign,
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ user: 'my-user' }),
              });
              return { status: response.status, detail: await response.text() };
            },
          },
          {
            title: 'request signed with the wrong secret key',
            expected: 403,
            run: async () => {
              try {
                const response = await signedFetch(`${emulator.url}status`, {
                  region: emulator.region,
                  credentials: {
                    accessKeyId: caller.accessKeyId,
                    secretAccessKey: randomBytes(30).toString('base64'),
                  },
                });
                return { status: response.status, detail: 'the function URL did not refuse the signature' };
              } catch (error) {
                if (!(error instanceof SigV4RejectedError)) throw error;
                return { status: 403, detail: `${error.code}: ${error.message}` };
              }
            },
          },
        ],
      ],
    ];

    let failures = 0;
    io.stdout.write(
      `${style.bold('lambda-authorizer-kit demo')} ${style.dim(`(issuer ${issuer.issuer}, function URL ${emulator.url})`)}\n`,
    );
    for (const [section, list] of steps) {
      io.stdout.write(`\n${style.bold(section)}\n`);
      for (const step of list) {
        const { status, detail } = await step.run();
        if (status !== step.expected) failures++;
        io.stdout.write(line(style, step, status, detail));
      }
    }
    const total = steps.reduce((n, [, list]) => n + list.length, 0);
    io.stdout.write(
      `\n${failures === 0 ? style.ok(`${total} steps answered as API Gateway and Lambda would.`) : style.fail(`${failures} of ${total} steps did not answer as expected.`)}\n`,
    );
    return failures === 0 ? DEMO_EXIT_CODES.ok : DEMO_EXIT_CODES.unexpected;
  } finally {
    await emulator.close();
    await issuer.close();
  }
}

import { readFile } from 'node:fs/promises';
import {
  credentialsFromEnv,
  SigV4RejectedError,
  SigV4SigningError,
  SigV4TimeoutError,
  signedFetch,
} from '../sigv4/index.js';
import { parseSignArgs, UsageError } from './sign-args.js';
import { printable } from './style.js';

/** A writable stream as the CLI uses it (`process.stdout`, `process.stderr`, or a test double). */
export interface SignWritable {
  write(chunk: string | Uint8Array): unknown;
}

/** What `runSign` reads from and writes to. */
export interface SignIo {
  /** The environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN are read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Receives the response body (and, with `-i`, the status line and headers). */
  stdout: SignWritable;
  /** Receives the status line, `-v` details and errors. */
  stderr: SignWritable;
  /** The `fetch` to send with. Default: `globalThis.fetch`. */
  fetch?: typeof fetch | undefined;
}

/** The exit codes of `lambda-authorizer-kit sign`. */
export const SIGN_EXIT_CODES = {
  /** A response arrived with a status below 400. */
  ok: 0,
  /** A response arrived with a status of 400 or more (its body is printed). */
  httpError: 1,
  /** The command line is wrong. */
  usage: 2,
  /** The request could not be signed: no credentials, no region, bad URL, header or body. */
  cannotSign: 3,
  /** AWS refused the signature or the IAM authorization (403). */
  rejected: 4,
  /** No response: timeout or network failure. */
  noResponse: 5,
} as const;

export const SIGN_HELP = `Usage: lambda-authorizer-kit sign <url> [options]

Calls a SigV4-protected URL (a Lambda function URL with auth type AWS_IAM) like curl:
signs the request with the credentials in the environment, sends it, prints the status
line to stderr and the response body to stdout.

Options:
  -X, --request <METHOD>   HTTP method (default: GET, or POST with -d)
  -H, --header <'k: v'>    add a header (repeatable)
  -d, --data <BODY>        request body; @file reads it from a file
      --region <REGION>    region of the receiver (default: from the host
                           <url-id>.lambda-url.<region>.on.aws; required otherwise)
      --service <NAME>     signing name (default: lambda)
      --timeout <MS>       deadline for the whole exchange (default: 10000)
  -i, --include            print the status line and response headers to stdout
  -v, --verbose            print the signed request to stderr (secrets redacted)
  -h, --help               show this help

Credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and, for temporary
credentials, AWS_SESSION_TOKEN. They, the session token and the signature are
never printed.

Exit codes:
  0  response with status < 400      3  cannot sign (credentials, region, URL, body)
  1  response with status >= 400     4  AWS refused the signature or IAM (403)
  2  wrong command line              5  no response (timeout, network)

Example:
  lambda-authorizer-kit sign https://abc123.lambda-url.eu-central-1.on.aws/login \\
    -H 'content-type: application/json' -d '{"user":"my-user"}'
`;

/** An Authorization header with the access key id and the signature replaced. */
function redactAuthorization(value: string): string {
  return value
    .replace(/Credential=[^/,\s]+/, 'Credential=[redacted]')
    .replace(/Signature=[0-9a-fA-F]+/, 'Signature=[redacted]');
}

function describeRequest(url: string, init: RequestInit | undefined): string {
  const lines = [`> ${init?.method ?? 'GET'} ${url}`];
  const headers = new Headers(init?.headers);
  for (const [name, value] of headers) {
    let shown = value;
    if (name === 'authorization') shown = redactAuthorization(value);
    else if (name === 'x-amz-security-token') shown = '[redacted]';
    lines.push(`> ${name}: ${shown}`);
  }
  return `${lines.join('\n')}\n`;
}

async function body(data: string | undefined): Promise<string | Uint8Array | undefined> {
  if (data === undefined || !data.startsWith('@')) return data;
  try {
    return new Uint8Array(await readFile(data.slice(1)));
  } catch (error) {
    throw new UsageError(`Cannot read the body file ${data.slice(1)}: ${(error as Error).message}`);
  }
}

/**
 * Runs `lambda-authorizer-kit sign <url> [-X METHOD] [-H 'k: v'] [-d BODY] [--region R]
 * [--service S]`: signs the request with the credentials in `io.env`, sends it, writes the status line
 * to stderr and the body to stdout, and resolves to an exit code (see {@link SIGN_EXIT_CODES}).
 * Credentials, the session token and the signature are never written.
 *
 * @param argv - the arguments after `sign`.
 * @param io - the environment and the output streams.
 * @returns the exit code.
 *
 * @example
 * ```ts
 * import { runSign } from './sign.js';
 *
 * process.exitCode = await runSign(process.argv.slice(3), {
 *   env: process.env,
 *   stdout: process.stdout,
 *   stderr: process.stderr,
 * });
 * ```
 */
export async function runSign(argv: readonly string[], io: SignIo): Promise<number> {
  let args: ReturnType<typeof parseSignArgs>;
  try {
    args = parseSignArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`sign: ${printable(error.message)}\n`);
    return SIGN_EXIT_CODES.usage;
  }
  if (args.help) {
    io.stdout.write(SIGN_HELP);
    return SIGN_EXIT_CODES.ok;
  }
  const send = io.fetch ?? globalThis.fetch;
  try {
    const requestBody = await body(args.data);
    const credentials = credentialsFromEnv(io.env);
    const response = await signedFetch(args.url, {
      method: args.method ?? (requestBody === undefined ? 'GET' : 'POST'),
      headers: args.headers,
      body: requestBody,
      region: args.region,
      service: args.service,
      credentials,
      timeoutMs: args.timeoutMs,
      fetch: (input, init) => {
        if (args.verbose) io.stderr.write(describeRequest(String(input), init));
        return send(input, init);
      },
    });
    const statusLine = `HTTP ${response.status} ${response.statusText}`.trimEnd();
    if (args.include) {
      const lines = [statusLine];
      for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
      io.stdout.write(`${lines.join('\n')}\n\n`);
    } else {
      io.stderr.write(`${printable(statusLine)}\n`);
    }
    io.stdout.write(new Uint8Array(await response.arrayBuffer()));
    return response.status < 400 ? SIGN_EXIT_CODES.ok : SIGN_EXIT_CODES.httpError;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`sign: ${printable(error.message)}\n`);
      return SIGN_EXIT_CODES.usage;
    }
    if (error instanceof SigV4SigningError) {
      io.stderr.write(`sign: cannot sign the request (${error.code}): ${printable(error.message)}\n`);
      return SIGN_EXIT_CODES.cannotSign;
    }
    if (error instanceof SigV4RejectedError) {
      io.stderr.write(`sign: ${error.code}: ${printable(error.message)}\n`);
      return SIGN_EXIT_CODES.rejected;
    }
    if (error instanceof SigV4TimeoutError) {
      io.stderr.write(`sign: ${error.code}: ${printable(error.message)}\n`);
      return SIGN_EXIT_CODES.noResponse;
    }
    const cause = (error as { cause?: { message?: unknown } }).cause?.message;
    io.stderr.write(
      `sign: no response: ${printable(`${(error as Error).message}${typeof cause === 'string' ? ` (${cause})` : ''}`)}\n`,
    );
    return SIGN_EXIT_CODES.noResponse;
  }
}

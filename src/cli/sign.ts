import { readFile, writeFile } from 'node:fs/promises';
import { InvalidOptionError, SigV4RejectedError, SigV4RequestError, signedFetch } from '../sigv4/index.js';
import { CredentialsNotFoundError, findCredentials } from './aws-profile.js';
import { parseSignArgs, UsageError } from './sign-args.js';
import { printable } from './style.js';

/** The codes for credentials that cannot be used: the request was never sent. */
const isCredentialsCode = (code: string): boolean =>
  code.startsWith('ERR_SIGV4_') && code.includes('CREDENTIALS');

/** A writable stream as the CLI uses it (`process.stdout`, `process.stderr`, or a test double). */
export interface SignWritable {
  write(chunk: string | Uint8Array): unknown;
}

/** What `runSign` reads from and writes to. */
export interface SignIo {
  /**
   * The environment: AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
   * AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE and HOME are read.
   */
  env: Readonly<Record<string, string | undefined>>;
  /** Receives the response body (and, with `-i`, the status line and headers). */
  stdout: SignWritable;
  /** Receives the status line, `-v` details and errors. */
  stderr: SignWritable;
  /** The `fetch` to send with. Default: `globalThis.fetch`. */
  fetch?: typeof fetch | undefined;
}

/** The exit codes of `lambda-authorizer-kit sign` (curl's where curl has one). */
export const SIGN_EXIT_CODES = {
  /** A response arrived (with `-f`: with a status below 400). */
  ok: 0,
  /** The command line is wrong. */
  usage: 2,
  /** The request could not be signed: no credentials, no region, bad URL, header or body. */
  cannotSign: 3,
  /** AWS refused the signature or the IAM authorization (403). */
  rejected: 4,
  /** No response: timeout or network failure. */
  noResponse: 5,
  /** With `-f`: a response with a status of 400 or more (curl's code). */
  httpError: 22,
  /** The body could not be written to the `-o` file (curl's code). */
  writeError: 23,
} as const;

export const SIGN_HELP = `Usage: lambda-authorizer-kit sign <url> [options]

Calls a SigV4-protected URL (a Lambda function URL with auth type AWS_IAM) like curl:
signs the request, sends it, prints the status line to stderr and the response body
to stdout.

Options:
  -X, --request <METHOD>   HTTP method (default: GET, or POST with -d)
  -H, --header <'k: v'>    add a header (repeatable)
  -d, --data <BODY>        request body; @file reads it from a file
      --region <REGION>    region of the receiver (default: from the host
                           <url-id>.lambda-url.<region>.on.aws; required otherwise)
      --service <NAME>     signing name (default: lambda)
      --timeout <MS>       deadline for the whole exchange (default: 10000)
  -o, --output <FILE>      write the body to FILE instead of stdout
  -i, --include            print the status line and response headers with the body
  -f, --fail               an HTTP status >= 400 fails (exit 22) and its body is not written
  -s, --silent             no status line and no error messages
  -S, --show-error         with -s, still print error messages
  -v, --verbose            print the signed request to stderr (secrets redacted)
  -h, --help               show this help

Credentials, in the AWS CLI's order: with AWS_PROFILE set, that profile of
~/.aws/credentials or ~/.aws/config (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE);
else AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN; else the default
profile. Keys, the session token and the signature are never printed.

Exit codes:
  0  a response arrived (with -f: status < 400)
  2  wrong command line
  3  cannot sign (credentials, region, URL, body)
  4  AWS refused the signature or the IAM authorization (403)
  5  no response (timeout, network)
  22 with -f: a response with status >= 400
  23 the -o file cannot be written

Example:
  AWS_PROFILE=dev lambda-authorizer-kit sign https://abc123.lambda-url.eu-central-1.on.aws/login \\
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
 * Runs `lambda-authorizer-kit sign <url> [options]` (see {@link SIGN_HELP}): signs the request with
 * the credentials `io.env` leads to (a profile or the environment), sends it, writes the status line
 * to stderr and the body to stdout (or `-o`), and resolves to an exit code (see {@link SIGN_EXIT_CODES}).
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
  const complain = (message: string) => {
    if (!args.silent || args.showError) io.stderr.write(`sign: ${printable(message)}\n`);
  };
  try {
    const requestBody = await body(args.data);
    const { credentials } = findCredentials(io.env);
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
    if (args.fail && response.status >= 400) {
      // curl -f: no body, a one-line reason.
      await response.body?.cancel();
      complain(`The requested URL returned error: ${response.status}`);
      return SIGN_EXIT_CODES.httpError;
    }
    const head: string[] = [];
    if (args.include) {
      head.push(statusLine);
      for (const [name, value] of response.headers) head.push(`${name}: ${value}`);
    } else if (!args.silent) {
      io.stderr.write(`${printable(statusLine)}\n`);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    const out = head.length === 0 ? bytes : Buffer.concat([Buffer.from(`${head.join('\n')}\n\n`), bytes]);
    if (args.output === undefined) io.stdout.write(out);
    else {
      try {
        await writeFile(args.output, out);
      } catch (error) {
        complain(`cannot write ${args.output}: ${(error as NodeJS.ErrnoException).code ?? 'failed'}`);
        return SIGN_EXIT_CODES.writeError;
      }
    }
    return SIGN_EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      complain(error.message);
      return SIGN_EXIT_CODES.usage;
    }
    if (error instanceof CredentialsNotFoundError) {
      complain(`cannot sign the request: ${error.message}`);
      return SIGN_EXIT_CODES.cannotSign;
    }
    if (
      error instanceof InvalidOptionError ||
      (error instanceof SigV4RequestError && isCredentialsCode(error.code))
    ) {
      complain(`cannot sign the request (${error.code}): ${error.message}`);
      return SIGN_EXIT_CODES.cannotSign;
    }
    if (error instanceof SigV4RejectedError) {
      complain(`${error.code}: ${error.message}`);
      return SIGN_EXIT_CODES.rejected;
    }
    if (error instanceof SigV4RequestError && error.code === 'ERR_SIGV4_TIMEOUT') {
      complain(`${error.code}: ${error.message}`);
      return SIGN_EXIT_CODES.noResponse;
    }
    const cause = (error as { cause?: { message?: unknown } }).cause?.message;
    complain(`no response: ${(error as Error).message}${typeof cause === 'string' ? ` (${cause})` : ''}`);
    return SIGN_EXIT_CODES.noResponse;
  }
}

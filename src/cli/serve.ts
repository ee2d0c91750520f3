import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFunctionUrlEmulator } from '../testing/function-url-emulator.js';
import { createTestIssuer } from '../testing/issuer.js';
import type { DiagnoseIo } from './diagnose.js';
import { printable } from './style.js';

/** The exit codes of `lambda-authorizer-kit serve`. */
export const SERVE_EXIT_CODES = { stopped: 0, usage: 2 } as const;

export const SERVE_HELP = `Usage: lambda-authorizer-kit serve [--json]

Starts, on loopback, a test issuer (a JWKS and OIDC discovery server) and an
IAM-protected function URL emulator, and prints their URLs and the commands that try
them with "diagnose" and "sign". A sample token and the credentials the emulator
accepts are written to files readable by you only (paths printed; never the values).
Runs until Ctrl-C (SIGINT) or SIGTERM, then removes those files.

Options:
  --json       print the URLs and file paths as one JSON line
  -h, --help   show this help

Exit codes: 0 stopped by a signal, 2 wrong command line.
`;

/** The profile the written credentials file holds. */
export const SERVE_PROFILE = 'lambda-authorizer-kit-local';

/** What `serve` started, as `--json` prints it. */
export interface ServeInfo {
  issuer: string;
  jwksUri: string;
  audience: string;
  tokenFile: string;
  functionUrl: string;
  region: string;
  credentialsFile: string;
  profile: string;
}

/** A shell word, quoted when it needs to be. */
function shell(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs `lambda-authorizer-kit serve`: a test issuer and a function-URL emulator on loopback until
 * the promise `stop()` returns resolves (the CLI's resolves on SIGINT or SIGTERM).
 *
 * @param stop - called once the servers run; its promise resolves when they should stop.
 * @returns the exit code (see {@link SERVE_EXIT_CODES}).
 *
 * @example
 * ```ts
 * import { runServe } from './serve.js';
 *
 * const stop = () => new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
 * process.exitCode = await runServe([], { env: process.env, stdout: process.stdout, stderr: process.stderr }, stop);
 * ```
 */
export async function runServe(
  argv: readonly string[],
  io: DiagnoseIo,
  stop: () => Promise<void>,
): Promise<number> {
  let json = false;
  for (const arg of argv) {
    if (arg === '-h' || arg === '--help') {
      io.stdout.write(SERVE_HELP);
      return SERVE_EXIT_CODES.stopped;
    }
    if (arg === '--json') json = true;
    else {
      io.stderr.write(
        `serve: unknown argument ${printable(JSON.stringify(arg.slice(0, 40)))}\n\n${SERVE_HELP}`,
      );
      return SERVE_EXIT_CODES.usage;
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'lambda-authorizer-kit-serve-'));
  const audience = 'local-client';
  const region = 'us-east-1';
  // Made up here, for this emulator only; written to a file, never printed.
  const credentials = {
    accessKeyId: `AKIALOCAL${randomBytes(6).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
  const issuer = await createTestIssuer({ audience });
  try {
    const emulator = await startFunctionUrlEmulator({
      credentials,
      region,
      // Answers with who called, as Lambda puts it in the event.
      handler: (event) => ({
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          method: event.requestContext.http.method,
          path: event.rawPath,
          caller: event.requestContext.authorizer.iam,
        }),
      }),
    });
    try {
      const tokenFile = join(dir, 'token');
      const credentialsFile = join(dir, 'credentials');
      writeFileSync(tokenFile, `${issuer.sign({ sub: 'local-user', scope: 'orders:read' })}\n`, {
        mode: 0o600,
      });
      writeFileSync(
        credentialsFile,
        `[${SERVE_PROFILE}]\naws_access_key_id = ${credentials.accessKeyId}\naws_secret_access_key = ${credentials.secretAccessKey}\n`,
        { mode: 0o600 },
      );
      const info: ServeInfo = {
        issuer: issuer.issuer,
        jwksUri: issuer.jwksUri,
        audience,
        tokenFile,
        functionUrl: emulator.url,
        region,
        credentialsFile,
        profile: SERVE_PROFILE,
      };
      const stopped = stop();
      if (json) io.stdout.write(`${JSON.stringify(info)}\n`);
      else {
        io.stdout.write(
          [
            `test issuer    ${info.issuer} (JWKS ${info.jwksUri}, audience ${JSON.stringify(audience)})`,
            `sample token   ${tokenFile} (valid one hour)`,
            `function URL   ${info.functionUrl} (region ${region}; answers with the caller's IAM identity)`,
            `credentials    profile ${SERVE_PROFILE} in ${credentialsFile}`,
            '',
            'Try:',
            `  lambda-authorizer-kit diagnose --token - --issuer ${shell(info.issuer)} --audience ${audience} < ${shell(tokenFile)}`,
            `  AWS_SHARED_CREDENTIALS_FILE=${shell(credentialsFile)} AWS_PROFILE=${SERVE_PROFILE} \\`,
            `    lambda-authorizer-kit sign ${shell(info.functionUrl)} --region ${region}`,
            '',
            'Ctrl-C stops the servers.',
            '',
          ].join('\n'),
        );
      }
      await stopped;
    } finally {
      await emulator.close();
    }
  } finally {
    await issuer.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return SERVE_EXIT_CODES.stopped;
}

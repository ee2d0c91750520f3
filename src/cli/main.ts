import { DECODE_HELP, runDecode } from './decode.js';
import { DEMO_HELP, runDemo } from './demo.js';
import { DIAGNOSE_HELP, type DiagnoseIo, runDiagnose } from './diagnose.js';
import { runServe, SERVE_HELP } from './serve.js';
import { runSign, SIGN_HELP } from './sign.js';
import { printable } from './style.js';

export const MAIN_HELP = `Usage: lambda-authorizer-kit <command> [options]

Commands:
  demo       run the whole flow end to end on loopback (no AWS account needed)
  diagnose   explain, check by check, why a JWT is or is not accepted
  decode     print a JWT's header and claims (not verified, never the signature)
  sign       call a SigV4-protected URL (a Lambda function URL with AWS_IAM) like curl
  serve      start a test issuer and a function URL emulator on loopback to try them

Options:
  -V, --version   print the version
  -h, --help      show this help

Run "lambda-authorizer-kit <command> --help" for a command's options and exit codes.
Exit code 2: unknown command or wrong command line; 70: the command failed unexpectedly (a bug).
`;

/** What the command line reads and writes: the streams, and what the entry point knows. */
export interface MainIo extends DiagnoseIo {
  /** The package version, printed by `--version`. */
  version?: string | undefined;
  /**
   * Starts listening for the signals that end `serve` (SIGINT, SIGTERM) and resolves when one comes;
   * only `serve` calls it, so Ctrl-C keeps its usual effect on every other command.
   */
  stop?: (() => Promise<void>) | undefined;
}

/** The exit code of a command that failed unexpectedly (EX_SOFTWARE), distinct from every command's own codes. */
export const UNEXPECTED_FAILURE = 70;

const COMMANDS: Record<
  string,
  { run: (argv: readonly string[], io: MainIo) => Promise<number>; help: string }
> = {
  demo: { run: runDemo, help: DEMO_HELP },
  diagnose: { run: runDiagnose, help: DIAGNOSE_HELP },
  decode: { run: runDecode, help: DECODE_HELP },
  sign: { run: runSign, help: SIGN_HELP },
  serve: {
    run: (argv, io) => runServe(argv, io, io.stop ?? (() => new Promise<void>(() => undefined))),
    help: SERVE_HELP,
  },
};

/**
 * The `lambda-authorizer-kit` command line: dispatches to `demo`, `diagnose`, `decode`, `sign` or
 * `serve`, or prints the version.
 *
 * @param argv - the arguments after the program name.
 * @param io - the environment, the standard streams (stdin for `--token -`), the version and the
 *   stop signal.
 * @returns the exit code.
 *
 * @example
 * ```ts
 * import { main } from './main.js';
 *
 * process.exitCode = await main(process.argv.slice(2), {
 *   env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin,
 * });
 * ```
 */
export async function main(argv: readonly string[], io: MainIo): Promise<number> {
  if (!Array.isArray(argv) || !Array.from(argv).every((arg) => typeof arg === 'string')) {
    io.stderr.write(`lambda-authorizer-kit: the command line must be an array of strings.\n\n${MAIN_HELP}`);
    return 2;
  }
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-V') {
    io.stdout.write(`lambda-authorizer-kit ${io.version ?? 'unknown'}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(MAIN_HELP);
    return command === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (entry === undefined) {
    io.stderr.write(
      `lambda-authorizer-kit: unknown command ${printable(JSON.stringify(command.slice(0, 40)))}.\n\n${MAIN_HELP}`,
    );
    return 2;
  }
  try {
    return await entry.run(rest, io);
  } catch (error) {
    io.stderr.write(
      `lambda-authorizer-kit ${command}: ${error instanceof Error ? printable(`${error.name}: ${error.message}`) : 'failed'}\n`,
    );
    return UNEXPECTED_FAILURE;
  }
}

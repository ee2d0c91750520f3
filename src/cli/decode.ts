import { describeDuration, isoTime } from '../jwt/claims.js';
import { decodeCompactJwt } from '../jwt/decode.js';
import { JwtVerificationError } from '../jwt/errors.js';
import { DEFAULT_MAX_TOKEN_BYTES } from '../jwt/options.js';
import type { DiagnoseIo } from './diagnose.js';
import { readAll } from './diagnose.js';
import { printable } from './style.js';

/** The exit codes of `lambda-authorizer-kit decode`. */
export const DECODE_EXIT_CODES = { decoded: 0, notAJwt: 1, usage: 2 } as const;

export const DECODE_HELP = `Usage: lambda-authorizer-kit decode [--token] <JWT|-> [--json]

Prints a JWT's header and claims, decoded but NOT verified (diagnose verifies), with
its times (exp, nbf, iat, auth_time) as dates. The signature is never printed.

Options:
  --token <JWT|->   the token (with or without "Bearer "); "-" reads it from stdin
  --json            print {"header": ..., "claims": ...} as one JSON object
  -h, --help        show this help

Exit codes: 0 decoded, 1 not a compact JWT, 2 wrong command line.
`;

const TIMES = ['exp', 'nbf', 'iat', 'auth_time'] as const;

/**
 * Runs `lambda-authorizer-kit decode`: the header and claims of a compact JWT, decoded the way the
 * verifier decodes them, never its signature; resolves to an exit code (see {@link DECODE_EXIT_CODES}).
 *
 * @example
 * ```ts
 * import { runDecode } from './decode.js';
 *
 * process.exitCode = await runDecode(['--token', '-', '--json'], {
 *   env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin,
 * });
 * ```
 */
export async function runDecode(argv: readonly string[], io: DiagnoseIo): Promise<number> {
  let token: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') {
      io.stdout.write(DECODE_HELP);
      return DECODE_EXIT_CODES.decoded;
    }
    if (arg === '--json') json = true;
    else if (arg === '--token' || arg.startsWith('--token=')) {
      const value = arg === '--token' ? argv[++i] : arg.slice('--token='.length);
      if (value === undefined || token !== undefined) {
        io.stderr.write(`decode: give one token (--token <JWT|->)\n\n${DECODE_HELP}`);
        return DECODE_EXIT_CODES.usage;
      }
      token = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      io.stderr.write(
        `decode: unknown option ${printable(JSON.stringify(arg.split('=')[0]?.slice(0, 40)))}\n\n${DECODE_HELP}`,
      );
      return DECODE_EXIT_CODES.usage;
    } else if (token === undefined) token = arg;
    else {
      io.stderr.write(`decode: give one token\n\n${DECODE_HELP}`);
      return DECODE_EXIT_CODES.usage;
    }
  }
  if (token === '-') token = io.stdin === undefined ? undefined : await readAll(io.stdin);
  token = token?.trim().replace(/^bearer\s+/i, '');
  if (token === undefined || token === '') {
    io.stderr.write(`decode: a token is required\n\n${DECODE_HELP}`);
    return DECODE_EXIT_CODES.usage;
  }
  let decoded: ReturnType<typeof decodeCompactJwt>;
  try {
    decoded = decodeCompactJwt(token, DEFAULT_MAX_TOKEN_BYTES);
  } catch (error) {
    if (!(error instanceof JwtVerificationError)) throw error;
    io.stderr.write(`decode: ${error.code}: ${printable(error.message)}\n`);
    return DECODE_EXIT_CODES.notAJwt;
  }
  const { header, payload } = decoded;
  if (json) {
    io.stdout.write(`${JSON.stringify({ header, claims: payload })}\n`);
    return DECODE_EXIT_CODES.decoded;
  }
  const nowSeconds = Date.now() / 1000;
  const lines = [
    'header',
    printable(JSON.stringify(header, null, 2)),
    'claims (not verified)',
    printable(JSON.stringify(payload, null, 2)),
  ];
  for (const name of TIMES) {
    const value = payload[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const delta = value - nowSeconds;
    const when =
      Math.abs(delta) < 1
        ? 'now'
        : delta > 0
          ? `in ${describeDuration(delta)}`
          : `${describeDuration(-delta)} ago`;
    lines.push(`${name.padEnd(9)} ${isoTime(value)} (${when})`);
  }
  lines.push(`signature ${token.length - token.lastIndexOf('.') - 1} characters, not shown`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return DECODE_EXIT_CODES.decoded;
}

import { algorithmSpec, DEFAULT_ALGORITHMS } from '../jwt/algorithms.js';
import { describeDuration, isoTime } from '../jwt/claims.js';
import { type DecodedJwt, decodeCompactJwt } from '../jwt/decode.js';
import { discoverJwksUri, discoveryUrl } from '../jwt/discovery.js';
import { JwksUnavailableError, JwtVerificationError } from '../jwt/errors.js';
import { cachedKeySet } from '../jwt/jwks-cache.js';
import { DEFAULT_MAX_JWKS_BYTES, DEFAULT_MAX_TOKEN_BYTES } from '../jwt/options.js';
import { createJwtVerifier } from '../jwt/verifier.js';
import { InvalidOptionError } from '../lib/errors.js';
import { safeUrl } from '../lib/url.js';
import type { SignIo } from './sign.js';
import { printable, styleFor } from './style.js';

/** The exit codes of `lambda-authorizer-kit diagnose`. */
export const DIAGNOSE_EXIT_CODES = { accepted: 0, rejected: 1, usage: 2, undecided: 3 } as const;

export const DIAGNOSE_HELP = `Usage: lambda-authorizer-kit diagnose --token <JWT|-> --issuer <URL> [options]

Explains, check by check, why a JWT is or is not accepted by a verifier configured
with this issuer and audience, with a hint for each classic mistake (trailing slash
in the issuer, HS256 instead of RS256, expiry, JWKS unreachable, aud vs client_id,
unknown kid). The token's signature is never printed.

Options:
  --token <JWT|->      the token (with or without "Bearer "); "-" reads it from stdin
  --issuer <URL>       the issuer the verifier expects, exactly
  --audience <ID>      the audience (client id) the verifier expects
  --jwks-uri <URL>     the JWKS URL (default: from {issuer}/.well-known/openid-configuration)
  --timeout <MS>       per download (default: 5000)
  --json               print the checks and the verdict as one JSON object
  -h, --help           show this help

Exit codes: 0 accepted, 1 rejected, 2 wrong command line, 3 could not decide (JWKS unreachable).
`;

type Status = 'pass' | 'fail' | 'warn' | 'info';

/** One check of a diagnosis. */
export interface DiagnosisCheck {
  name: string;
  status: Status;
  detail: string;
  hint?: string;
}

/** What `diagnoseToken()` checks a token against. */
export interface DiagnoseInput {
  token: string;
  issuer: string;
  audience?: string | undefined;
  jwksUri?: string | undefined;
  timeoutMs?: number | undefined;
  now?: (() => number) | undefined;
}

/** The outcome of a diagnosis. */
export interface Diagnosis {
  checks: DiagnosisCheck[];
  verdict: 'accepted' | 'rejected' | 'undecided';
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** Refusals a verifier gives before it asks for any key: no download explains them. */
const BEFORE_KEYS: ReadonlySet<JwtVerificationError['code']> = new Set([
  'ERR_JWT_MALFORMED',
  'ERR_JWT_TOO_LARGE',
  'ERR_JWT_ISSUER',
  'ERR_JWT_ALGORITHM',
  'ERR_JWT_CRIT',
  'ERR_JWT_TYP',
]);

interface Outcome {
  readonly verdict: Diagnosis['verdict'];
  readonly check: DiagnosisCheck;
  /** Whether the verifier decided without the issuer's keys. */
  readonly beforeKeys: boolean;
  /** Why the verifier could not obtain the keys. */
  readonly unavailable?: JwksUnavailableError;
}

/** The verdict: what a verifier built from the same settings answers. */
async function verdictOf(
  token: string,
  input: DiagnoseInput,
  now: () => number,
  timeoutMs: number,
): Promise<Outcome> {
  try {
    await createJwtVerifier({
      issuer: input.issuer,
      audience: input.audience ?? null,
      ...(input.jwksUri === undefined ? {} : { jwksUri: input.jwksUri }),
      timeoutMs,
      now,
    }).verify(token);
    return {
      verdict: 'accepted',
      beforeKeys: false,
      check: {
        name: 'verification',
        status: 'pass',
        detail: 'signature and claims verified: the token is accepted',
      },
    };
  } catch (error) {
    if (error instanceof InvalidOptionError) {
      return {
        verdict: 'rejected',
        beforeKeys: true,
        check: {
          name: 'configuration',
          status: 'fail',
          detail: error.message,
          hint: 'A verifier cannot be built with these settings: fix --issuer, --audience or --jwks-uri (the JWKS needs https unless it is on loopback).',
        },
      };
    }
    if (error instanceof JwksUnavailableError) {
      return {
        verdict: 'undecided',
        beforeKeys: false,
        unavailable: error,
        check: {
          name: 'verification',
          status: 'fail',
          detail: `${error.code}: the issuer's keys could not be obtained, so the token is neither accepted nor refused`,
        },
      };
    }
    if (!(error instanceof JwtVerificationError)) throw error;
    return {
      verdict: 'rejected',
      beforeKeys: BEFORE_KEYS.has(error.code),
      check: { name: 'verification', status: 'fail', detail: `${error.code}: ${error.message}` },
    };
  }
}

/**
 * Checks a token the way a verifier configured with `issuer` and `audience` would, one readable
 * check at a time. The verdict is a real verifier's, built from the same settings; the checks
 * before it explain it. Never reports the signature.
 * @internal
 */
export async function diagnoseToken(input: DiagnoseInput): Promise<Diagnosis> {
  const checks: DiagnosisCheck[] = [];
  const add = (name: string, status: Status, detail: string, hint?: string) =>
    checks.push(hint === undefined ? { name, status, detail } : { name, status, detail, hint });
  const now = input.now ?? Date.now;
  const nowSeconds = now() / 1000;
  const timeoutMs = input.timeoutMs ?? 5000;
  const token = input.token.trim().replace(/^bearer\s+/i, '');
  const outcome = await verdictOf(token, input, now, timeoutMs);
  const finish = (): Diagnosis => {
    checks.push(outcome.check);
    return { checks, verdict: outcome.verdict };
  };

  let decoded: DecodedJwt;
  try {
    decoded = decodeCompactJwt(token, DEFAULT_MAX_TOKEN_BYTES);
  } catch (error) {
    if (!(error instanceof JwtVerificationError)) throw error;
    add(
      'format',
      'fail',
      token.split('.').length === 5
        ? 'five segments: an encrypted token (JWE), not a signed JWT'
        : error.message,
      'Pass the access or ID token itself (three base64url parts separated by dots), without quotes.',
    );
    return finish();
  }
  const { header, payload } = decoded;
  add('format', 'pass', `compact JWS, ${token.length} characters`);

  const alg = typeof header.alg === 'string' ? header.alg : '';
  if ((DEFAULT_ALGORITHMS as readonly string[]).includes(alg))
    add('algorithm', 'pass', `${alg} (asymmetric)`);
  else if (alg.startsWith('HS'))
    add(
      'algorithm',
      'fail',
      `${alg} is a shared-secret algorithm`,
      "A JWKS holds public keys: configure the provider to sign with RS256 or ES256 (FusionAuth: the application's JWT tab, an asymmetric signing key).",
    );
  else if (alg.toLowerCase() === 'none')
    add('algorithm', 'fail', 'alg "none": an unsigned token', 'Never accept unsigned tokens.');
  else
    add(
      'algorithm',
      'fail',
      `${show(header.alg)} is not accepted`,
      `Accepted: ${DEFAULT_ALGORITHMS.join(', ')}.`,
    );

  const iss = payload.iss;
  if (iss === input.issuer) add('issuer', 'pass', show(iss));
  else if (typeof iss === 'string' && iss.replace(/\/+$/, '') === input.issuer.replace(/\/+$/, ''))
    add(
      'issuer',
      'fail',
      `token ${show(iss)} vs expected ${show(input.issuer)}`,
      "They differ only by a trailing slash, and issuers are compared exactly: copy the issuer from the provider's discovery document.",
    );
  else if (typeof iss === 'string' && iss.trim() === input.issuer.trim())
    add(
      'issuer',
      'fail',
      `token ${show(iss)} vs expected ${show(input.issuer)}`,
      'They differ by white space: remove it from the configuration.',
    );
  else
    add(
      'issuer',
      'fail',
      `token ${show(iss)} vs expected ${show(input.issuer)}`,
      "Set the verifier's issuer to the provider's issuer (FusionAuth: Tenants → your tenant → Issuer).",
    );

  const aud = payload.aud;
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (input.audience === undefined)
    add(
      'audience',
      'info',
      `not checked (token aud ${show(aud)}, client_id ${show(payload.client_id)})`,
      'Pass --audience with your client id.',
    );
  else if (audiences.includes(input.audience)) add('audience', 'pass', show(aud));
  else if (aud === undefined && payload.client_id === input.audience)
    add(
      'audience',
      'fail',
      `no aud; client_id ${show(payload.client_id)} matches`,
      'A Cognito access token carries client_id instead of aud: use cognitoUserPool({ tokenUse: "access" }) or audienceClaims: ["aud", "client_id"].',
    );
  else
    add(
      'audience',
      'fail',
      `token aud ${show(aud)} vs expected ${show(input.audience)}`,
      'The audience is the client id of the application the token was issued for.',
    );

  if (typeof payload.exp !== 'number')
    add('expiry', 'warn', 'no exp claim', 'The verifier requires exp by default.');
  else if (payload.exp <= nowSeconds)
    add(
      'expiry',
      'fail',
      `expired ${describeDuration(nowSeconds - payload.exp)} ago (${isoTime(payload.exp)})`,
      'Get a new token; check the clock of the machine that issued it.',
    );
  else add('expiry', 'pass', `expires in ${describeDuration(payload.exp - nowSeconds)}`);
  if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds)
    add(
      'not before',
      'fail',
      `not valid for another ${describeDuration(payload.nbf - nowSeconds)}`,
      'Clocks differ: allow clockToleranceSeconds, or wait.',
    );
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + 60)
    add('issued at', 'warn', `issued ${describeDuration(payload.iat - nowSeconds)} in the future`);

  if (outcome.beforeKeys) return finish();
  /** The jwks_uri the verifier discovered (cached by then: no download), reported as a pass. */
  const discovered = async () => {
    const uri = await discoverJwksUri(input.issuer, { timeoutMs, maxBytes: DEFAULT_MAX_JWKS_BYTES });
    add('discovery', 'pass', `${discoveryUrl(input.issuer)} names jwks_uri ${show(uri)}`);
    return uri;
  };
  // The keys: what the verifier itself downloaded (or failed to), read from the process's caches,
  // so nothing is fetched twice.
  if (outcome.unavailable !== undefined) {
    const discovery =
      outcome.unavailable.code === 'ERR_JWKS_DISCOVERY' ||
      (input.jwksUri === undefined && outcome.unavailable.uri === safeUrl(discoveryUrl(input.issuer)));
    if (!discovery && input.jwksUri === undefined) {
      // Discovery worked (its answer is cached): only the JWKS failed.
      await discovered();
    }
    add(
      discovery ? 'discovery' : 'jwks',
      'fail',
      outcome.unavailable.message,
      discovery
        ? "Check the issuer: {issuer}/.well-known/openid-configuration must be the provider's discovery document, naming the same issuer. Unreachable from here? A function in a VPC needs a NAT gateway to reach it; or bundle the JWKS (jwks option) and pass jwksUri."
        : 'Unreachable from here: check the URL, the network path (VPC without NAT), or bundle the JWKS with the function.',
    );
    return finish();
  }
  let jwksUri = input.jwksUri;
  if (jwksUri === undefined) {
    jwksUri = await discovered();
  }
  const keys = cachedKeySet(jwksUri)?.keys ?? [];
  add('jwks', keys.length > 0 ? 'pass' : 'fail', `${jwksUri}: ${keys.length} usable key(s)`);
  const key =
    keys.find((k) => k.kid === header.kid) ??
    (header.kid === undefined && keys.length === 1 ? keys[0] : undefined);
  if (key === undefined)
    add(
      'key id',
      'fail',
      `kid ${show(header.kid)} is not in the JWKS (${keys.map((k) => show(k.kid)).join(', ') || 'none'})`,
      'The token was signed with a key this JWKS does not hold: another environment or tenant, or a rotated key (the verifier refetches once).',
    );
  else {
    add('key id', 'pass', `kid ${show(header.kid)}`);
    const kty = algorithmSpec(alg)?.kty ?? 'an asymmetric algorithm';
    if (key.kty === kty) add('key type', 'pass', `${key.kty} key for ${alg}`);
    else
      add(
        'key type',
        'fail',
        `${show(key.kty)} key for ${alg}, which needs ${kty}`,
        'The key and the algorithm disagree: a token crafted to confuse them is refused.',
      );
  }

  return finish();
}

interface DiagnoseArgs {
  token?: string;
  issuer?: string;
  audience?: string;
  jwksUri?: string;
  timeoutMs?: number;
  json: boolean;
  help: boolean;
}

function parseArgs(argv: readonly string[]): DiagnoseArgs | string {
  const args: DiagnoseArgs = { help: false, json: false };
  if (!Array.isArray(argv) || !Array.from(argv).every((arg) => typeof arg === 'string')) {
    return 'the command line must be an array of strings';
  }
  const names: Record<string, 'token' | 'issuer' | 'audience' | 'jwksUri' | 'timeout'> = {
    '--token': 'token',
    '--issuer': 'issuer',
    '--audience': 'audience',
    '--jwks-uri': 'jwksUri',
    '--timeout': 'timeout',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') {
      args.help = true;
      continue;
    }
    if (arg === '--json') {
      args.json = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const name = Object.hasOwn(names, flag) ? names[flag] : undefined;
    if (name === undefined) return `unknown option ${JSON.stringify(flag.slice(0, 40))}`;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (value === '' && name !== 'token')) return `${flag} needs a value`;
    if (name === 'timeout') {
      const ms = Number(value);
      if (!Number.isInteger(ms) || ms <= 0) return '--timeout needs a positive number of milliseconds';
      args.timeoutMs = ms;
    } else args[name] = value;
  }
  return args;
}

/** Standard input as text, at most 64 KiB (a token is far smaller). */
export async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.length > 64 * 1024) break;
  }
  return text;
}

/** What `runDiagnose` reads: the CLI streams, plus stdin for `--token -`. */
export interface DiagnoseIo extends SignIo {
  stdin?: AsyncIterable<Uint8Array | string> | undefined;
}

/**
 * Runs `lambda-authorizer-kit diagnose`: prints each check with pass/fail and a hint, and resolves to
 * an exit code (see {@link DIAGNOSE_EXIT_CODES}). The token and its signature are never printed.
 *
 * @example
 * ```ts
 * import { runDiagnose } from './diagnose.js';
 *
 * process.exitCode = await runDiagnose(['--token', '-', '--issuer', 'https://auth.example.com'], {
 *   env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin,
 * });
 * ```
 */
export async function runDiagnose(argv: readonly string[], io: DiagnoseIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr.write(`diagnose: ${printable(args)}\n\n${DIAGNOSE_HELP}`);
    return DIAGNOSE_EXIT_CODES.usage;
  }
  if (args.help) {
    io.stdout.write(DIAGNOSE_HELP);
    return DIAGNOSE_EXIT_CODES.accepted;
  }
  let token = args.token;
  if (token === '-') token = io.stdin === undefined ? undefined : (await readAll(io.stdin)).trim();
  if (token === undefined || token === '' || args.issuer === undefined) {
    io.stderr.write(`diagnose: --token and --issuer are required\n\n${DIAGNOSE_HELP}`);
    return DIAGNOSE_EXIT_CODES.usage;
  }
  const style = styleFor(io.stdout as SignIo['stdout'] & { isTTY?: boolean }, io.env);
  const { checks, verdict } = await diagnoseToken({
    token,
    issuer: args.issuer,
    audience: args.audience,
    jwksUri: args.jwksUri,
    timeoutMs: args.timeoutMs,
  });
  if (args.json) {
    io.stdout.write(`${JSON.stringify({ verdict, checks })}\n`);
    return DIAGNOSE_EXIT_CODES[verdict];
  }
  const mark = { pass: style.ok('✔'), fail: style.fail('✘'), warn: style.warn('!'), info: style.dim('·') };
  for (const check of checks) {
    io.stdout.write(`${mark[check.status]} ${check.name.padEnd(13)} ${printable(check.detail)}\n`);
    if (check.hint !== undefined && check.status !== 'pass')
      io.stdout.write(`  ${style.dim(`hint: ${printable(check.hint)}`)}\n`);
  }
  const summary = {
    accepted: style.ok('accepted'),
    rejected: style.fail('rejected'),
    undecided: style.warn('could not decide'),
  }[verdict];
  io.stdout.write(`\n${style.bold('verdict:')} ${summary}\n`);
  return DIAGNOSE_EXIT_CODES[verdict];
}

/** The parsed command line of `lambda-authorizer-kit sign`. */
export interface SignArgs {
  url: string;
  method: string | undefined;
  headers: Array<[string, string]>;
  data: string | undefined;
  region: string | undefined;
  service: string | undefined;
  timeoutMs: number | undefined;
  include: boolean;
  verbose: boolean;
  /** `-s`: no status line, no error messages (unless `-S`). */
  silent: boolean;
  /** `-S`: error messages even with `-s`. */
  showError: boolean;
  /** `-f`: an HTTP error status is a failure (exit 22, the body is not written). */
  fail: boolean;
  /** `-o FILE`: where the body goes instead of stdout. */
  output: string | undefined;
  help: boolean;
}

/** A command line that cannot be understood; the message says why. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const WITH_VALUE: Record<string, string> = {
  '-X': 'method',
  '--request': 'method',
  '-H': 'header',
  '--header': 'header',
  '-d': 'data',
  '--data': 'data',
  '--data-raw': 'data',
  '--region': 'region',
  '--service': 'service',
  '--timeout': 'timeout',
  '-o': 'output',
  '--output': 'output',
};

/** Flags without a value, curl's spelling; short ones may be grouped (`-sS`, `-fsS`). */
const FLAGS: Record<string, 'help' | 'include' | 'verbose' | 'silent' | 'showError' | 'fail'> = {
  '-h': 'help',
  '--help': 'help',
  '-i': 'include',
  '--include': 'include',
  '-v': 'verbose',
  '--verbose': 'verbose',
  '-s': 'silent',
  '--silent': 'silent',
  '-S': 'showError',
  '--show-error': 'showError',
  '-f': 'fail',
  '--fail': 'fail',
};

/** `-fsS` as `-f -s -S`, when every letter is a flag; `undefined` otherwise. */
function groupedFlags(arg: string): (typeof FLAGS)[string][] | undefined {
  if (!/^-[A-Za-z]{2,}$/.test(arg)) return undefined;
  const kinds = [...arg.slice(1)].map((letter) =>
    Object.hasOwn(FLAGS, `-${letter}`) ? FLAGS[`-${letter}`] : undefined,
  );
  return kinds.every((kind) => kind !== undefined) ? (kinds as (typeof FLAGS)[string][]) : undefined;
}

function header(text: string): [string, string] {
  const colon = text.indexOf(':');
  if (colon <= 0) {
    // The argument may hold a credential ("Authorization Bearer ..."): only a leading name is shown.
    const name = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}/.exec(text)?.[0];
    throw new UsageError(
      `-H expects "name: value", got ${name === undefined ? 'no header name' : JSON.stringify(name)} without a colon after it.`,
    );
  }
  return [text.slice(0, colon).trim(), text.slice(colon + 1).trim()];
}

/**
 * Parses `sign <url> [-X METHOD] [-H 'k: v']... [-d BODY] [--region R] [--service S] [--timeout MS]
 * [-o FILE] [-i] [-v] [-s] [-S] [-f] [-h]`. Options take their value as the next argument or after `=` (`--region=eu-west-1`).
 *
 * @throws {@link UsageError} for an unknown option, a missing value, no URL or two URLs.
 */
export function parseSignArgs(argv: readonly string[]): SignArgs {
  const args: SignArgs = {
    url: '',
    method: undefined,
    headers: [],
    data: undefined,
    region: undefined,
    service: undefined,
    timeoutMs: undefined,
    include: false,
    verbose: false,
    silent: false,
    showError: false,
    fail: false,
    output: undefined,
    help: false,
  };
  if (!Array.isArray(argv) || !Array.from(argv).every((arg) => typeof arg === 'string')) {
    throw new UsageError('The command line must be an array of strings.');
  }
  const urls: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const flags = Object.hasOwn(FLAGS, arg) ? [FLAGS[arg] as (typeof FLAGS)[string]] : groupedFlags(arg);
    if (flags !== undefined) {
      for (const flag of flags) args[flag] = true;
      continue;
    }
    if (arg === '--') {
      urls.push(...argv.slice(i + 1));
      break;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    // Own options only: an argument such as "constructor" is a URL, not an inherited option.
    const kind = Object.hasOwn(WITH_VALUE, flag) ? WITH_VALUE[flag] : undefined;
    if (kind === undefined) {
      if (arg.startsWith('-') && arg !== '-') {
        // Shown without any "=value" and cut short: the argument may be a mistyped credential.
        throw new UsageError(`Unknown option ${JSON.stringify(flag.slice(0, 32))}. See --help.`);
      }
      urls.push(arg);
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined) throw new UsageError(`${flag} needs a value. See --help.`);
    switch (kind) {
      case 'method':
        args.method = value;
        break;
      case 'header':
        args.headers.push(header(value));
        break;
      case 'data':
        if (args.data !== undefined) throw new UsageError('Give the body once (-d).');
        args.data = value;
        break;
      case 'region':
        args.region = value;
        break;
      case 'service':
        args.service = value;
        break;
      case 'output':
        if (value === '') throw new UsageError('-o needs a file name. See --help.');
        args.output = value;
        break;
      default: {
        const ms = Number(value);
        if (!Number.isFinite(ms) || ms <= 0) {
          throw new UsageError(
            `--timeout expects a positive number of milliseconds, got ${JSON.stringify(value)}.`,
          );
        }
        args.timeoutMs = ms;
      }
    }
  }
  if (args.help) return args;
  if (urls.length === 0) throw new UsageError('Missing the URL to call. See --help.');
  if (urls.length > 1) throw new UsageError(`One URL at a time, got ${urls.length}. See --help.`);
  args.url = urls[0] as string;
  return args;
}

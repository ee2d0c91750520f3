import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SigV4Credentials } from '../sigv4/index.js';

/** Where `sign` found its credentials, for messages (never the values). */
export interface FoundCredentials {
  readonly credentials: SigV4Credentials;
  readonly source: string;
}

/** No usable credentials were found; the message says where `sign` looked and what to do. */
export class CredentialsNotFoundError extends Error {
  override readonly name = 'CredentialsNotFoundError';
}

type Sections = Map<string, Map<string, string>>;

/** Reads an AWS shared config or credentials file (INI); `undefined` when it does not exist. */
function readIni(path: string): Sections | undefined {
  if (path === '') return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CredentialsNotFoundError(
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`,
    );
  }
  const sections: Sections = new Map();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header !== null) {
      current = new Map();
      sections.set(header[1] as string, current);
      continue;
    }
    const eq = line.indexOf('=');
    // Lines of nested settings (s3 = ... on the next lines) and garbage are passed over.
    if (eq <= 0 || current === undefined || /^\s/.test(raw)) continue;
    current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return sections;
}

/** What a profile uses instead of keys, when the CLI cannot follow it itself. */
const INDIRECT = [
  'role_arn',
  'sso_session',
  'sso_start_url',
  'credential_process',
  'web_identity_token_file',
];

/**
 * The credentials `sign` uses, in the AWS SDKs' order: with `AWS_PROFILE` set, that profile of the
 * shared files; else `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`); else the
 * `default` profile. The files are `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`) and
 * `AWS_CONFIG_FILE` (default `~/.aws/config`, with `~` the `HOME` of `env`); only keys written in
 * them are read.
 *
 * @throws {@link CredentialsNotFoundError} when none is found, or the profile gets its keys some other way (the
 *   message says how to export them); never with a key in it.
 */
export function findCredentials(env: Readonly<Record<string, string | undefined>>): FoundCredentials {
  const profile = env.AWS_PROFILE?.trim() || undefined;
  if (
    profile === undefined &&
    (env.AWS_ACCESS_KEY_ID ?? '') !== '' &&
    (env.AWS_SECRET_ACCESS_KEY ?? '') !== ''
  ) {
    return {
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID as string,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
        ...((env.AWS_SESSION_TOKEN ?? '') === '' ? {} : { sessionToken: env.AWS_SESSION_TOKEN as string }),
      },
      source: 'the environment (AWS_ACCESS_KEY_ID)',
    };
  }
  // The home directory of the environment given (never the process's own), so a caller's env decides.
  const home = env.HOME || env.USERPROFILE || '';
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || (home && join(home, '.aws', 'credentials'));
  const configFile = env.AWS_CONFIG_FILE || (home && join(home, '.aws', 'config'));
  const name = profile ?? 'default';
  const fromCredentials = readIni(credentialsFile)?.get(name);
  const config = readIni(configFile);
  const fromConfig = config?.get(name === 'default' ? 'default' : `profile ${name}`) ?? config?.get(name);
  const settings = new Map([...(fromConfig ?? []), ...(fromCredentials ?? [])]);
  const accessKeyId = settings.get('aws_access_key_id') ?? '';
  const secretAccessKey = settings.get('aws_secret_access_key') ?? '';
  if (accessKeyId !== '' && secretAccessKey !== '') {
    const sessionToken = settings.get('aws_session_token') ?? '';
    return {
      credentials: { accessKeyId, secretAccessKey, ...(sessionToken === '' ? {} : { sessionToken }) },
      source: `profile ${JSON.stringify(name)} of ${fromCredentials?.has('aws_access_key_id') ? credentialsFile : configFile}`,
    };
  }
  const indirect = INDIRECT.find((key) => settings.has(key));
  if (indirect !== undefined) {
    throw new CredentialsNotFoundError(
      `Profile ${JSON.stringify(name)} gets its credentials through ${indirect}, which sign does not follow. Export them first: eval "$(aws configure export-credentials --profile ${name} --format env)", then run sign without AWS_PROFILE.`,
    );
  }
  if (fromCredentials === undefined && fromConfig === undefined && profile !== undefined) {
    throw new CredentialsNotFoundError(
      `AWS_PROFILE is ${JSON.stringify(name)}, but neither ${credentialsFile} nor ${configFile} has that profile.`,
    );
  }
  throw new CredentialsNotFoundError(
    profile === undefined
      ? `No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or AWS_PROFILE naming a profile of ${credentialsFile} (a default profile there is used too).`
      : `Profile ${JSON.stringify(name)} has no aws_access_key_id and aws_secret_access_key in ${credentialsFile} or ${configFile}.`,
  );
}

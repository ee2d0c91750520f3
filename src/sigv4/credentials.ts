import { describeType } from '../lib/describe.js';
import { SigV4RequestError } from './errors.js';
import type { SigV4Credentials, SigV4CredentialsProvider } from './types.js';

let lastEnv:
  | { id: string; secret: string; token: string | undefined; credentials: SigV4Credentials }
  | undefined;

/**
 * The credentials Lambda gives the function (its execution role), read from the environment. The same
 * object is returned while the variables do not change, so per-credentials caches stay warm.
 */
function fromEnvironment(env: Readonly<Record<string, string | undefined>>): SigV4Credentials {
  const id = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  const token = env.AWS_SESSION_TOKEN || undefined;
  if (!id || !secret) {
    const missing = [!id && 'AWS_ACCESS_KEY_ID', !secret && 'AWS_SECRET_ACCESS_KEY'].filter(Boolean);
    throw new SigV4RequestError(
      'ERR_SIGV4_NO_CREDENTIALS',
      `No AWS credentials: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. Inside Lambda they are set for the function's execution role (with AWS_SESSION_TOKEN); elsewhere set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and, for temporary credentials, AWS_SESSION_TOKEN, or pass options.credentials (an object or a provider such as the AWS SDK's fromNodeProviderChain()).`,
    );
  }
  if (lastEnv && lastEnv.id === id && lastEnv.secret === secret && lastEnv.token === token) {
    return lastEnv.credentials;
  }
  const credentials: SigV4Credentials = Object.freeze(
    token === undefined
      ? { accessKeyId: id, secretAccessKey: secret }
      : { accessKeyId: id, secretAccessKey: secret, sessionToken: token },
  );
  check(credentials, 'the AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN variables');
  lastEnv = { id, secret, token, credentials };
  return credentials;
}

function invalid(detail: string, source: string | undefined): SigV4RequestError {
  return new SigV4RequestError(
    'ERR_SIGV4_INVALID_CREDENTIALS',
    source === undefined
      ? `Invalid credentials: ${detail}. Pass { accessKeyId, secretAccessKey, sessionToken? } or an async provider resolving to it.`
      : `Invalid credentials in ${source}: ${detail}. Check how they are set (a stray space or line break?).`,
  );
}

/** Checks the shape of resolved credentials without copying them (the object keys the signer cache). */
function check(credentials: unknown, source?: string): SigV4Credentials {
  if (typeof credentials !== 'object' || credentials === null) {
    throw invalid(`expected an object, got ${describeType(credentials)}`, source);
  }
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = credentials as Record<string, unknown>;
  if (typeof accessKeyId !== 'string' || accessKeyId === '') {
    throw invalid(`accessKeyId must be a non-empty string, got ${describeType(accessKeyId)}`, source);
  }
  if (!/^[A-Za-z0-9]+$/.test(accessKeyId)) {
    throw invalid('accessKeyId must contain only letters and digits', source);
  }
  if (typeof secretAccessKey !== 'string' || secretAccessKey === '') {
    throw invalid(`secretAccessKey must be a non-empty string, got ${describeType(secretAccessKey)}`, source);
  }
  if (sessionToken !== undefined && typeof sessionToken !== 'string') {
    throw invalid(`sessionToken must be a string when present, got ${describeType(sessionToken)}`, source);
  }
  if (typeof sessionToken === 'string' && /[^\x21-\x7e]/.test(sessionToken)) {
    throw invalid('sessionToken must be printable ASCII with no spaces', source);
  }
  if (expiration instanceof Date && expiration.getTime() <= Date.now()) {
    throw new SigV4RequestError(
      'ERR_SIGV4_CREDENTIALS_EXPIRED',
      `The credentials for access key ${accessKeyId} expired at ${expiration.toISOString()}. Use a provider that refreshes them (the AWS SDK's providers do) rather than a copy.`,
    );
  }
  return credentials as SigV4Credentials;
}

/**
 * Resolves the credentials to sign with: the option (object or async provider) or the environment.
 *
 * @throws {@link SigV4RequestError} `ERR_SIGV4_NO_CREDENTIALS`, `ERR_SIGV4_INVALID_CREDENTIALS`,
 * `ERR_SIGV4_CREDENTIALS_EXPIRED` or `ERR_SIGV4_CREDENTIALS_PROVIDER_FAILED`.
 */
export function resolveCredentials(
  option: SigV4Credentials | SigV4CredentialsProvider | undefined,
): SigV4Credentials | Promise<SigV4Credentials> {
  if (option === undefined) return fromEnvironment(process.env);
  if (typeof option === 'function') return resolveProvider(option);
  return check(option);
}

async function resolveProvider(option: SigV4CredentialsProvider): Promise<SigV4Credentials> {
  let resolved: unknown;
  try {
    resolved = await option();
  } catch (error) {
    throw new SigV4RequestError(
      'ERR_SIGV4_CREDENTIALS_PROVIDER_FAILED',
      'The credentials provider failed; see error.cause. Check the role or profile it reads.',
      { cause: error },
    );
  }
  return check(resolved);
}

/**
 * Reads credentials from an environment object: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, for
 * temporary credentials, `AWS_SESSION_TOKEN`. The same object comes back while they do not change.
 *
 * @param env - `process.env` or a copy of it.
 * @returns the credentials, to pass as `options.credentials`.
 * @throws {@link SigV4RequestError} `ERR_SIGV4_NO_CREDENTIALS`, naming the missing variables, or
 * `ERR_SIGV4_INVALID_CREDENTIALS` (e.g. a line break in the session token).
 *
 * @example
 * ```ts
 * import { credentialsFromEnv, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   const credentials = credentialsFromEnv(process.env);
 *   return (await signedFetch(process.env.ORDERS_URL ?? '', { credentials })).status;
 * };
 * ```
 */
export function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>): SigV4Credentials {
  return fromEnvironment(env);
}

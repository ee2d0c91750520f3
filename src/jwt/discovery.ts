import { describeType } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import { JwksUnavailableError } from './errors.js';
import { fetchJson, fetchUrlProblem } from './fetch-json.js';

/** Limits of a discovery download. */
export interface DiscoverySettings {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/** Discovered `jwks_uri` by issuer, shared by every verifier of the process (pending or done). */
const DISCOVERED = new Map<string, Promise<string>>();

/**
 * The OpenID Connect discovery URL of an issuer: `{issuer}/.well-known/openid-configuration` (a
 * trailing slash of the issuer is not doubled). The verifier fetches it when `jwksUri` is omitted.
 *
 * @param issuer - the issuer, e.g. `https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI`.
 * @returns the discovery URL.
 * @throws {@link InvalidOptionError} when `issuer` is not a string.
 *
 * @example
 * ```ts
 * import { discoveryUrl } from 'lambda-authorizer-kit/jwt';
 *
 * export const handler = async () => {
 *   const response = await fetch(discoveryUrl('https://auth.example.com'));
 *   return response.status; // 200 when the issuer supports discovery
 * };
 * ```
 */
export function discoveryUrl(issuer: string): string {
  if (typeof issuer !== 'string') {
    throw new InvalidOptionError(
      'issuer',
      `Invalid option issuer: expected the issuer URL as a string, got ${describeType(issuer)}.`,
    );
  }
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

function discoveryError(message: string, uri: string): JwksUnavailableError {
  return new JwksUnavailableError('ERR_JWKS_DISCOVERY', message, uri);
}

async function discover(issuer: string, settings: DiscoverySettings): Promise<string> {
  const uri = discoveryUrl(issuer);
  const document = await fetchJson(uri, {
    timeoutMs: settings.timeoutMs,
    maxBytes: settings.maxBytes,
    what: 'discovery document',
    invalidCode: 'ERR_JWKS_DISCOVERY',
  });
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw discoveryError(`The discovery document at ${uri} is not a JSON object.`, uri);
  }
  const { issuer: announced, jwks_uri: jwksUri } = document as { issuer?: unknown; jwks_uri?: unknown };
  if (announced !== issuer) {
    const slash =
      typeof announced === 'string' && announced.replace(/\/+$/, '') === issuer.replace(/\/+$/, '')
        ? ` They differ only by a trailing slash: set issuer to ${JSON.stringify(announced)}, exactly as the provider writes it.`
        : '';
    throw discoveryError(
      `The discovery document at ${uri} names issuer ${typeof announced === 'string' ? JSON.stringify(announced.slice(0, 200)) : 'nothing'}, but the verifier is configured for ${JSON.stringify(issuer)}.${slash}`,
      uri,
    );
  }
  const problem = fetchUrlProblem(jwksUri);
  if (problem !== undefined) {
    throw discoveryError(`The discovery document at ${uri} has no usable jwks_uri: ${problem}.`, uri);
  }
  return jwksUri as string;
}

/**
 * The `jwks_uri` of an issuer from its discovery document, fetched once per process (concurrent
 * callers share the request); a failure is not remembered, the next call tries again.
 */
export function discoverJwksUri(issuer: string, settings: DiscoverySettings): Promise<string> {
  const known = DISCOVERED.get(issuer);
  if (known !== undefined) return known;
  const pending = discover(issuer, settings);
  DISCOVERED.set(issuer, pending);
  pending.catch(() => {
    if (DISCOVERED.get(issuer) === pending) DISCOVERED.delete(issuer);
  });
  return pending;
}

/** Forgets discovered `jwks_uri`s (all, or one issuer's). */
export function clearDiscoveryCache(issuer?: string): void {
  if (issuer === undefined) DISCOVERED.clear();
  else DISCOVERED.delete(issuer);
}

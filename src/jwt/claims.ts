import { describeType, describeValue } from '../lib/describe.js';
import { JwtVerificationError } from './errors.js';
import type { JwtPayload } from './types.js';

/**
 * A value an `expectedClaims` entry compares with.
 *
 * See the example of {@link createJwtVerifier}.
 */
export type ExpectedClaimValue = string | number | boolean;

/**
 * One "the claim contains one of these values" rule of `claimIncludes`: the claim is named
 * exactly by a string (`'cognito:groups'`, `'https://example.com/roles'`: no splitting), or by the
 * path of names into nested objects (`['realm_access', 'roles']`). The claim must be an array
 * holding at least one of `anyOf` (a string claim counts as a one-element array).
 *
 * See the example of {@link createJwtVerifier}.
 */
export interface ClaimIncludes {
  /** The claim's name, or the path of names to it through nested objects. */
  readonly claim: string | readonly string[];
  /** The accepted values: the claim must contain at least one. */
  readonly anyOf: readonly ExpectedClaimValue[];
}

/** The claim rules of one issuer, resolved from the options. */
export interface ClaimRules {
  readonly audience: readonly string[] | null;
  readonly audienceClaims: readonly ('aud' | 'client_id')[];
  readonly clockToleranceSeconds: number;
  readonly maxTokenAgeSeconds: number | undefined;
  readonly requireExpiration: boolean;
  readonly requiredClaims: readonly string[];
  readonly requiredScopes: readonly string[];
  readonly anyOfScopes: readonly string[];
  readonly claimIncludes: readonly ClaimIncludes[];
  readonly expectedClaims: Readonly<Record<string, ExpectedClaimValue | readonly ExpectedClaimValue[]>>;
}

/** Checks a payload's claims (except `iss`, checked earlier) at `nowSeconds`; throws the first failure. */
export type ClaimChecker = (payload: JwtPayload, nowSeconds: number) => void;

/** `90` → `1 minute 30 seconds`-like, coarse: the largest sensible unit. */
export function describeDuration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  const unit = (value: number, name: string) => `${value} ${name}${value === 1 ? '' : 's'}`;
  if (s < 120) return unit(s, 'second');
  if (s < 120 * 60) return unit(Math.floor(s / 60), 'minute');
  if (s < 48 * 3600) return unit(Math.floor(s / 3600), 'hour');
  return unit(Math.floor(s / 86_400), 'day');
}

/** A NumericDate as ISO 8601 to the second, or the number itself when no Date can hold it. */
export function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString().replace('.000Z', 'Z');
}

function numericDate(payload: JwtPayload, claim: 'exp' | 'nbf' | 'iat'): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new JwtVerificationError(
      'ERR_JWT_CLAIM',
      `The token's "${claim}" claim must be a number of seconds since the epoch, got ${describeType(value)}.`,
      claim,
    );
  }
  return value;
}

/** The scopes a token grants: `scope` (space-separated) and `scp` (a string or an array). @internal */
export function tokenScopes(payload: JwtPayload): Set<string> {
  const scopes = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string') {
      for (const scope of value.split(' ')) if (scope !== '') scopes.add(scope);
    } else if (Array.isArray(value)) {
      for (const scope of value) if (typeof scope === 'string') scopes.add(scope);
    }
  };
  add(payload.scope);
  add(payload.scp);
  return scopes;
}

function listShown(values: Iterable<string>, max = 10): string {
  const all = [...values];
  const shown = all.slice(0, max).map((value) => JSON.stringify(value.slice(0, 80)));
  return all.length > max ? `${shown.join(', ')} and ${all.length - max} more` : shown.join(', ') || 'none';
}

/** `"a"`, or `one of "a", "b"`: the accepted values of a claim rule, for messages. */
function oneOf(values: readonly ExpectedClaimValue[]): string {
  return values.length === 1
    ? JSON.stringify(values[0])
    : `one of ${values.map((value) => JSON.stringify(value)).join(', ')}`;
}

/** The value at a claim path, own properties of plain objects only; `undefined` when absent. */
function claimAt(payload: JwtPayload, path: string | readonly string[]): unknown {
  let value: unknown = payload;
  for (const name of typeof path === 'string' ? [path] : path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, name)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

function pathName(path: string | readonly string[]): string {
  return typeof path === 'string' ? JSON.stringify(path) : `"${path.join('.')}"`;
}

function checkIncludes(payload: JwtPayload, rule: ClaimIncludes): void {
  const value = claimAt(payload, rule.claim);
  const name = pathName(rule.claim);
  const wanted = oneOf(rule.anyOf);
  const claim = typeof rule.claim === 'string' ? rule.claim : rule.claim.join('.');
  if (value === undefined) {
    throw new JwtVerificationError(
      'ERR_JWT_CLAIM',
      `The token has no ${name} claim; it must contain ${wanted}. Providers leave it out when the user holds none (Cognito: no group).`,
      claim,
    );
  }
  const values = Array.isArray(value) ? value : typeof value === 'object' ? undefined : [value];
  if (values === undefined) {
    throw new JwtVerificationError(
      'ERR_JWT_CLAIM',
      `The token's ${name} claim must be an array, got ${describeType(value)}.`,
      claim,
    );
  }
  if (!values.some((entry) => rule.anyOf.includes(entry as ExpectedClaimValue))) {
    throw new JwtVerificationError(
      'ERR_JWT_CLAIM',
      `The token's ${name} claim holds ${values.length} value${values.length === 1 ? '' : 's'}, none of them ${wanted}. Grant the user one of them at the issuer.`,
      claim,
    );
  }
}

function expectedAudience(audience: readonly string[]): string {
  return audience.length === 1 ? JSON.stringify(audience[0]) : `one of ${listShown(audience)}`;
}

function checkAudience(payload: JwtPayload, rules: ClaimRules, audience: readonly string[]): void {
  for (const claim of rules.audienceClaims) {
    const value = payload[claim];
    if (value === undefined) continue;
    if (typeof value === 'string' && audience.includes(value)) return;
    const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
    if (values?.some((entry) => typeof entry === 'string' && audience.includes(entry))) return;
    const expected = expectedAudience(audience);
    const actual =
      values === undefined
        ? describeType(value)
        : values.length === 1
          ? describeValue(values[0])
          : `[${listShown(values.map((entry) => (typeof entry === 'string' ? entry : describeType(entry))))}]`;
    throw new JwtVerificationError(
      'ERR_JWT_AUDIENCE',
      `The token's "${claim}" is ${actual}, expected ${expected}. The audience is the client id of the application an ID token was issued to, or the identifier of the API (resource) an access token was issued for.`,
      claim,
    );
  }
  const expected = expectedAudience(audience);
  const names = rules.audienceClaims.map((claim) => `"${claim}"`).join(' or ');
  const clientIdHint =
    !rules.audienceClaims.includes('client_id') && typeof payload.client_id === 'string'
      ? ' It carries "client_id" instead, like a Cognito access token: use cognitoUserPool({ tokenUse: "access" }) or set audienceClaims: ["aud", "client_id"].'
      : '';
  throw new JwtVerificationError(
    'ERR_JWT_AUDIENCE',
    `The token has no ${names} claim; expected ${expected}.${clientIdHint}`,
    rules.audienceClaims[0] ?? 'aud',
  );
}

function expectedClaimMessage(
  claim: string,
  actual: unknown,
  expected: readonly ExpectedClaimValue[],
): string {
  const wanted = oneOf(expected);
  const hint =
    claim === 'token_use'
      ? ' Cognito issues "id" and "access" tokens: send the kind the verifier expects, or change tokenUse.'
      : '';
  if (actual === undefined) return `The token has no "${claim}" claim; expected ${wanted}.${hint}`;
  return `The token's "${claim}" is ${describeValue(actual)}, expected ${wanted}.${hint}`;
}

/** Builds the claim checker of one issuer once, at construction. */
export function compileClaimChecker(rules: ClaimRules): ClaimChecker {
  const tolerance = rules.clockToleranceSeconds;
  const { audience, maxTokenAgeSeconds, requireExpiration, requiredClaims, requiredScopes, anyOfScopes } =
    rules;
  const expected = Object.entries(rules.expectedClaims).map(
    ([claim, value]) =>
      [claim, (Array.isArray(value) ? value : [value]) as readonly ExpectedClaimValue[]] as const,
  );
  const toleranceNote = tolerance > 0 ? `, clock tolerance ${tolerance} s` : '';

  return (payload, now) => {
    const exp = numericDate(payload, 'exp');
    const nbf = numericDate(payload, 'nbf');
    const iat = numericDate(payload, 'iat');
    if (exp === undefined) {
      if (requireExpiration) {
        throw new JwtVerificationError(
          'ERR_JWT_CLAIM',
          'The token has no "exp" claim, so it would never expire; it is refused (set requireExpiration: false to accept such tokens).',
          'exp',
        );
      }
    } else if (exp <= now - tolerance) {
      throw new JwtVerificationError(
        'ERR_JWT_EXPIRED',
        `The token expired ${now - exp < 1 ? 'just now' : `${describeDuration(now - exp)} ago`} (exp ${isoTime(exp)}, now ${isoTime(now)}${toleranceNote}). Get a new token from the issuer.`,
        'exp',
      );
    }
    if (nbf !== undefined && nbf > now + tolerance) {
      throw new JwtVerificationError(
        'ERR_JWT_NOT_YET_VALID',
        `The token is not valid before ${isoTime(nbf)}, ${describeDuration(nbf - now)} from now (now ${isoTime(now)}${toleranceNote}). If the issuer's clock runs ahead, set clockToleranceSeconds.`,
        'nbf',
      );
    }
    if (maxTokenAgeSeconds !== undefined) {
      if (iat === undefined) {
        throw new JwtVerificationError(
          'ERR_JWT_CLAIM',
          'The token has no "iat" claim, which maxTokenAgeSeconds requires.',
          'iat',
        );
      }
      const age = now - iat;
      if (age - tolerance > maxTokenAgeSeconds) {
        throw new JwtVerificationError(
          'ERR_JWT_TOO_OLD',
          `The token was issued ${describeDuration(age)} ago (iat ${isoTime(iat)}), more than maxTokenAgeSeconds (${maxTokenAgeSeconds}${toleranceNote}). Get a new token.`,
          'iat',
        );
      }
      if (age < -tolerance) {
        throw new JwtVerificationError(
          'ERR_JWT_NOT_YET_VALID',
          `The token's "iat" (${isoTime(iat)}) is ${describeDuration(-age)} in the future. If the issuer's clock runs ahead, set clockToleranceSeconds.`,
          'iat',
        );
      }
    }
    if (audience !== null) checkAudience(payload, rules, audience);
    for (const claim of requiredClaims) {
      if (!Object.hasOwn(payload, claim)) {
        throw new JwtVerificationError(
          'ERR_JWT_CLAIM',
          `The token lacks the required claim "${claim}".`,
          claim,
        );
      }
    }
    for (const [claim, values] of expected) {
      const actual = Object.hasOwn(payload, claim) ? payload[claim] : undefined;
      if (!values.includes(actual as ExpectedClaimValue)) {
        throw new JwtVerificationError('ERR_JWT_CLAIM', expectedClaimMessage(claim, actual, values), claim);
      }
    }
    for (const rule of rules.claimIncludes) checkIncludes(payload, rule);
    if (requiredScopes.length > 0 || anyOfScopes.length > 0) {
      const scopes = tokenScopes(payload);
      const missing = requiredScopes.filter((scope) => !scopes.has(scope));
      if (missing.length > 0) {
        throw new JwtVerificationError(
          'ERR_JWT_SCOPE',
          `The token lacks the scope${missing.length === 1 ? '' : 's'} ${listShown(missing)} (its scopes: ${listShown(scopes)}). Request ${missing.length === 1 ? 'it' : 'them'} when getting the token, or grant ${missing.length === 1 ? 'it' : 'them'} to the client.`,
          'scope',
        );
      }
      if (anyOfScopes.length > 0 && !anyOfScopes.some((scope) => scopes.has(scope))) {
        throw new JwtVerificationError(
          'ERR_JWT_SCOPE',
          `The token has none of the scopes ${listShown(anyOfScopes)} (its scopes: ${listShown(scopes)}), and needs one. Request one when getting the token, or grant one to the client.`,
          'scope',
        );
      }
    }
  };
}

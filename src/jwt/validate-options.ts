import { describeType, describeValue } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import { algorithmSpec, isSymmetricAlgorithm, type JwtAlgorithm } from './algorithms.js';
import type { ClaimIncludes, ExpectedClaimValue } from './claims.js';
import { fetchUrlProblem } from './fetch-json.js';
import type { JwtPayload } from './types.js';

function fail(option: string, message: string): never {
  throw new InvalidOptionError(option, `Invalid option ${option}: ${message}`);
}

/** A finite number ≥ `min`, or the default when `undefined`. */
export function numberOption(value: unknown, option: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    fail(option, `expected a number ≥ ${min}, got ${describeValue(value)}.`);
  }
  return value;
}

function stringList(value: unknown, option: string, allowEmpty: boolean): readonly string[] {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) {
    fail(
      option,
      `expected ${allowEmpty ? 'an' : 'a non-empty'} array of strings, got ${describeType(value)}.`,
    );
  }
  for (const entry of value) {
    if (typeof entry !== 'string' || entry === '')
      fail(option, `expected non-empty strings, got ${describeValue(entry)}.`);
  }
  return Object.freeze([...(value as string[])]);
}

/**
 * The `issuer` option: one name, a non-empty list of names (the same issuer spelt several ways, as
 * Google's `accounts.google.com` and `https://accounts.google.com`), or a function of the token's
 * `iss` and claims (multi-tenant issuers such as Entra ID's `https://login.microsoftonline.com/{tid}/v2.0`).
 */
export function checkIssuerOption(
  value: unknown,
  option: string,
): { names: readonly string[]; accepts: ((iss: string, claims: JwtPayload) => boolean) | undefined } {
  if (typeof value === 'function') {
    return { names: [], accepts: value as (iss: string, claims: JwtPayload) => boolean };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) fail(option, 'expected at least one issuer in the list.');
    return {
      names: Object.freeze(value.map((name, index) => checkIssuer(name, `${option}[${index}]`))),
      accepts: undefined,
    };
  }
  return { names: [checkIssuer(value, option)], accepts: undefined };
}

export function checkIssuer(value: unknown, option: string): string {
  if (typeof value !== 'string' || value === '') {
    fail(option, `expected the issuer URL as a non-empty string, got ${describeValue(value)}.`);
  }
  if (value.trim() !== value)
    fail(option, 'the issuer has leading or trailing whitespace; it must match "iss" exactly.');
  return value;
}

export function checkAudience(value: unknown, option: string): readonly string[] | null {
  if (value === null) return null;
  if (value === undefined) {
    fail(
      option,
      'it is required: pass the client id the tokens are issued for (FusionAuth, Cognito: the app client id), or null to skip the check.',
    );
  }
  if (typeof value === 'string') {
    if (value === '') fail(option, 'expected a non-empty string.');
    return Object.freeze([value]);
  }
  return stringList(value, option, false);
}

export function checkAudienceClaims(value: unknown, option: string): readonly ('aud' | 'client_id')[] {
  if (value === undefined) return ['aud'];
  const list = stringList(value, option, false);
  for (const claim of list) {
    if (claim !== 'aud' && claim !== 'client_id')
      fail(option, `expected "aud" and/or "client_id", got ${describeValue(claim)}.`);
  }
  return list as readonly ('aud' | 'client_id')[];
}

export function checkAlgorithms(value: unknown, option: string): ReadonlySet<JwtAlgorithm> | undefined {
  if (value === undefined) return undefined;
  const list = stringList(value, option, false);
  for (const alg of list) {
    if (alg === 'none') fail(option, '"none" (unsigned tokens) can never be accepted.');
    if (isSymmetricAlgorithm(alg)) {
      fail(
        option,
        `"${alg}" is a shared-secret algorithm; a JWKS holds public keys, so only asymmetric algorithms (RS256, PS256, ES256, EdDSA, ...) are accepted. Switch the issuer's signing key to RS256.`,
      );
    }
    if (algorithmSpec(alg) === undefined) fail(option, `unsupported algorithm ${describeValue(alg)}.`);
  }
  return new Set(list as JwtAlgorithm[]);
}

export function checkFetchUrl(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  const problem = fetchUrlProblem(value);
  if (problem !== undefined) fail(option, `${problem}.`);
  return value as string;
}

export function checkStrings(value: unknown, option: string): readonly string[] {
  return value === undefined ? [] : stringList(value, option, true);
}

export function checkScopes(value: unknown, option: string): readonly string[] {
  const scopes = checkStrings(value, option);
  for (const scope of scopes)
    if (/\s/.test(scope)) fail(option, `a scope cannot contain whitespace: ${describeValue(scope)}.`);
  return scopes;
}

/** A value a claim rule can compare with: a string, number or boolean. */
const isPrimitive = (entry: unknown) => ['string', 'number', 'boolean'].includes(typeof entry);

export function checkExpectedClaims(
  value: unknown,
  option: string,
): Readonly<Record<string, ExpectedClaimValue | readonly ExpectedClaimValue[]>> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(option, `expected an object of claim → value, got ${describeType(value)}.`);
  }
  for (const [claim, expected] of Object.entries(value)) {
    const ok = Array.isArray(expected)
      ? expected.length > 0 && Array.from(expected).every(isPrimitive)
      : isPrimitive(expected);
    if (!ok)
      fail(`${option}.${claim}`, 'expected a string, number or boolean, or a non-empty array of them.');
  }
  return value as Record<string, ExpectedClaimValue | readonly ExpectedClaimValue[]>;
}

export function checkClaimIncludes(value: unknown, option: string): readonly ClaimIncludes[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    fail(option, `expected an array of { claim, anyOf } rules, got ${describeType(value)}.`);
  }
  return Object.freeze(
    value.map((rule: unknown, index): ClaimIncludes => {
      const at = `${option}[${index}]`;
      checkObject(rule, at);
      const { claim, anyOf } = rule as { claim: unknown; anyOf: unknown };
      const path =
        typeof claim === 'string' && claim !== ''
          ? claim
          : Array.isArray(claim)
            ? stringList(claim, `${at}.claim`, false)
            : fail(
                `${at}.claim`,
                `expected the claim's name, or the path of names to it (e.g. ["realm_access", "roles"]), got ${describeType(claim)}.`,
              );
      if (!Array.isArray(anyOf) || anyOf.length === 0 || !anyOf.every(isPrimitive)) {
        fail(`${at}.anyOf`, 'expected a non-empty array of strings, numbers or booleans.');
      }
      return Object.freeze({ claim: path, anyOf: Object.freeze([...(anyOf as ExpectedClaimValue[])]) });
    }),
  );
}

export function checkOptionalString(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    fail(option, `expected a non-empty string, got ${describeValue(value)}.`);
  return value;
}

export function checkObject(value: unknown, option: string): void {
  if (value === null || typeof value !== 'object')
    fail(option, `expected an object, got ${describeType(value)}.`);
}

export { fail as invalidOption };

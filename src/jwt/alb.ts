import { type CryptoKey, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import { describeType, describeValue } from '../lib/describe.js';
import { AlbKeyCache, defaultAlbKeyUrl, isAlbKid } from './alb-keys.js';
import { checkTokenText, isCanonicalBase64url, malformed } from './decode.js';
import { JwtVerificationError } from './errors.js';
import {
  DEFAULT_CACHE_MAX_AGE_MS,
  DEFAULT_COOLDOWN_MS,
  DEFAULT_JWKS_TIMEOUT_MS,
  DEFAULT_MAX_TOKEN_BYTES,
  DEFAULT_STALE_IF_ERROR_MS,
} from './options.js';
import { checkFetchUrl, checkIssuer, checkObject, invalidOption, numberOption } from './validate-options.js';

/** Default of {@link AlbJwtVerifierOptions.maxKeyBytes}: 4 KiB (a P-256 key in PEM is about 180 bytes). */
const DEFAULT_MAX_KEY_BYTES = 4 * 1024;
/** Default of {@link AlbJwtVerifierOptions.maxCachedKeys}. */
const DEFAULT_MAX_CACHED_KEYS = 10;

/**
 * Options of {@link createAlbJwtVerifier}: which load balancers, which identity provider and which
 * client the tokens must come from, and how the load balancers' public keys are fetched and kept.
 */
export interface AlbJwtVerifierOptions {
  /**
   * The ARN of the Application Load Balancer whose tokens are accepted, or a list of them, e.g.
   * `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188`.
   * Compared exactly with the token's `signer` header. Required.
   */
  albArn: string | readonly string[];
  /**
   * The identity provider's issuer, compared exactly with the token's `iss` header (and its `iss`
   * claim, when the payload carries one): the `Issuer` of the rule's `authenticate-oidc` action, or
   * `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` for `authenticate-cognito`. A list takes
   * any of its names. Pass `null` to skip the check. Required, so that skipping it is a decision.
   */
  issuer: string | readonly string[] | null;
  /**
   * The OAuth client id(s) of the rule's authenticate action (`ClientId`, or the user pool's app
   * client id), compared with the token's `client` header. Pass `null` to skip the check. Required.
   */
  clientId: string | readonly string[] | null;
  /**
   * The region of the load balancers, e.g. `eu-west-1`: every `albArn` must be in it (a check
   * against a copied ARN of another region). Default: the region of each ARN.
   */
  region?: string;
  /**
   * The base URL of the key server, the key id being appended as a path segment (https; http only
   * for loopback addresses). Default: per load balancer, the server AWS documents for its region:
   * `https://public-keys.auth.elb.<region>.amazonaws.com`, or for AWS GovCloud (US)
   * `https://s3-us-gov-west-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-west-1` and
   * `https://s3-us-gov-east-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-east-1`. Required in
   * the partitions AWS documents no server for (China, ISO, European Sovereign Cloud).
   */
  keyUrl?: string;
  /** Seconds of clock skew tolerated on `exp` (header and claim), `nbf` and `iat`. Default: `0`. */
  clockToleranceSeconds?: number;
  /** Timeout of each key download, headers and body included, in ms. Default: `3000`. */
  timeoutMs?: number;
  /** How long a fetched key is used before it is fetched again, in ms. Default: `600000` (10 minutes). */
  cacheMaxAgeMs?: number;
  /**
   * After a failed refresh, or a key id the server does not know, how long before another attempt
   * (for unknown key ids: of any new key id), in ms. Default: `10000` (10 seconds).
   */
  cooldownMs?: number;
  /**
   * How long past `cacheMaxAgeMs` a key keeps being used while it cannot be fetched again, in ms;
   * beyond it verification fails with `JwksUnavailableError`. Default: `21600000` (6 hours).
   */
  staleIfErrorMs?: number;
  /** Longest token accepted, in characters (bytes), checked before any decoding. Default: `16384`. */
  maxTokenBytes?: number;
  /** Largest key server answer read; the download is aborted beyond it. Default: `4096` bytes. */
  maxKeyBytes?: number;
  /** Most public keys kept (one per key id), the least recently used dropped first. Default: `10`. */
  maxCachedKeys?: number;
  /** The clock, in milliseconds since the epoch, for `exp` and cache ages. Default: `Date.now`. */
  now?: () => number;
}

/**
 * The protected header of an ALB token: the load balancer puts its own data here, not in the
 * payload. See the example of {@link createAlbJwtVerifier}.
 */
export interface AlbJwtHeader {
  /** Always `ES256`. */
  readonly alg: 'ES256';
  /** The id of the load balancer's key, looked up on the key server. */
  readonly kid: string;
  /** The ARN of the load balancer that signed the token. */
  readonly signer: string;
  /** The identity provider's issuer. */
  readonly iss?: string;
  /** The OAuth client id of the authenticate action. */
  readonly client?: string;
  /** Expiration time, in seconds since the epoch. */
  readonly exp: number;
  /** `JWT`. */
  readonly typ?: string;
  readonly [parameter: string]: unknown;
}

/**
 * The payload of an ALB token: the user claims the identity provider's user info endpoint returned
 * (Cognito sends `email_verified` as the string `"true"`). Claims not listed are `unknown` until you
 * check them. See the example of {@link createAlbJwtVerifier}.
 */
export interface AlbJwtPayload {
  /** The user's subject at the identity provider (also in the `x-amzn-oidc-identity` header). */
  sub?: string;
  /** The user's email address. */
  email?: string;
  /** Whether the email address was verified (a string with Cognito). */
  email_verified?: string | boolean;
  /** The user's name. */
  name?: string;
  /** The user name (Cognito). */
  username?: string;
  /** The identity provider's issuer. */
  iss?: string;
  /** Expiration time, in seconds since the epoch. */
  exp?: number;
  [claim: string]: unknown;
}

/**
 * A verified ALB token: its header (signer, client, issuer) and its payload (the user claims).
 * See the example of {@link createAlbJwtVerifier}.
 */
export interface VerifiedAlbJwt<T extends AlbJwtPayload = AlbJwtPayload> {
  readonly header: AlbJwtHeader;
  readonly payload: T;
}

/**
 * A verifier of the `x-amzn-oidc-data` header. Create it once, at module scope: its key cache lives
 * in it and survives warm invocations. See the example of {@link createAlbJwtVerifier}.
 */
export interface AlbJwtVerifier {
  /**
   * Verifies an ALB token (the value of the `x-amzn-oidc-data` header) and resolves to its header
   * and payload.
   *
   * @throws {@link JwtVerificationError} when the token is refused (or absent): answer 401.
   * @throws {@link JwksUnavailableError} when the load balancer's key cannot be obtained: answer 500.
   */
  verify<T extends AlbJwtPayload = AlbJwtPayload>(token: string | undefined): Promise<VerifiedAlbJwt<T>>;
  /** The accepted load balancer ARNs. */
  readonly albArns: readonly string[];
}

/** An ALB ARN: partition, region, account, type, name and id. Regions as AWS names them. */
const ARN =
  /^arn:(aws(?:-[a-z]+)*):elasticloadbalancing:((?:[a-z]{2}|eusc)(?:-[a-z]+)+-\d+):(\d{12}):loadbalancer\/(app|net|gwy)\/([^/\s]+)\/([^/\s]+)$/;
const REGION = /^(?:[a-z]{2}|eusc)(?:-[a-z]+)+-\d+$/;

interface ParsedArn {
  readonly arn: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

function parseArn(value: string): (ParsedArn & { readonly type: string }) | undefined {
  const match = ARN.exec(value);
  if (match === null) return undefined;
  const [, partition = '', region = '', account = '', type = ''] = match;
  return { arn: value, partition, region, account, type };
}

function checkAlbArn(value: unknown, option: string): ParsedArn {
  if (typeof value !== 'string' || value === '') {
    invalidOption(option, `expected a load balancer ARN as a non-empty string, got ${describeValue(value)}.`);
  }
  const parsed = parseArn(value);
  if (parsed === undefined) {
    invalidOption(
      option,
      `expected an Application Load Balancer ARN such as "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188", got ${describeValue(value)}.`,
    );
  }
  if (parsed.type !== 'app') {
    invalidOption(
      option,
      `${describeValue(value)} is not an Application Load Balancer (loadbalancer/app/...): only those authenticate users and sign x-amzn-oidc-data.`,
    );
  }
  return parsed;
}

/** One name, a non-empty list, or `null`; `undefined` is refused with `required`. */
function checkNames(
  value: unknown,
  option: string,
  required: string,
  check: (entry: unknown, at: string) => string,
): ReadonlySet<string> | null {
  if (value === null) return null;
  if (value === undefined) invalidOption(option, required);
  if (Array.isArray(value)) {
    if (value.length === 0)
      invalidOption(option, 'expected at least one value in the list (or null to skip the check).');
    return new Set(value.map((entry, index) => check(entry, `${option}[${index}]`)));
  }
  return new Set([check(value, option)]);
}

function checkClientId(value: unknown, option: string): string {
  if (typeof value !== 'string' || value === '')
    invalidOption(option, `expected a client id as a non-empty string, got ${describeValue(value)}.`);
  return value;
}

/** How a configured list is shown in a message. */
function listed(names: Iterable<string>): string {
  const all = [...names].map((name) => JSON.stringify(name));
  return all.length > 3 ? `${all.slice(0, 3).join(', ')}, ...` : all.join(', ');
}

const SEGMENT = /^([A-Za-z0-9_-]*)(={0,2})$/;
const SEGMENT_NAMES = ['header', 'payload', 'signature'] as const;

/**
 * Whether `segment` is base64url as an ALB writes it, with `=` padding to a multiple of 4
 * characters, or without padding; either way canonical (zero unused bits), so one byte string has
 * one encoding.
 */
function isAlbSegment(segment: string): boolean {
  const match = SEGMENT.exec(segment);
  if (match === null) return false;
  const [, data = '', padding = ''] = match;
  if (data === '' || !isCanonicalBase64url(data)) return false;
  return padding === '' || (data.length + padding.length) % 4 === 0;
}

/** Refuses what is not an ALB token before any decoding: absent, too large, not 3 segments. */
function checkShape(token: unknown, maxTokenBytes: number): asserts token is string {
  if (token === undefined) {
    throw malformed(
      'There is no token: the request has no x-amzn-oidc-data header. Is an authenticate-oidc or authenticate-cognito action in front of this target (with OnUnauthenticatedRequest other than "allow")?',
    );
  }
  checkTokenText(token, maxTokenBytes);
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw malformed(
      `An ALB token has 3 dot-separated segments (header.payload.signature), this one has ${parts.length}. Pass the x-amzn-oidc-data header, not x-amzn-oidc-accesstoken (which a JWT verifier of the identity provider checks).`,
    );
  }
  for (const [index, part] of parts.entries()) {
    if (!isAlbSegment(part)) {
      throw malformed(
        `The token's ${SEGMENT_NAMES[index] as string} segment is not base64url (padded with "=" as the load balancer writes it, or unpadded).`,
      );
    }
  }
}

/** Why a token whose `signer` is not configured is refused, without repeating the signer. */
function signerError(signer: unknown, arns: readonly ParsedArn[]): JwtVerificationError {
  const expected = `expected ${arns.length === 1 ? '' : 'one of '}${listed(arns.map((arn) => arn.arn))}`;
  if (signer === undefined) {
    return new JwtVerificationError(
      'ERR_JWT_ISSUER',
      `The token has no "signer" header, so no Application Load Balancer signed it; ${expected}.`,
      'signer',
    );
  }
  const parsed = typeof signer === 'string' ? parseArn(signer) : undefined;
  let why = 'it is not a load balancer ARN';
  if (parsed !== undefined) {
    const near = (arn: ParsedArn) => arn.partition === parsed.partition && arn.region === parsed.region;
    why = !arns.some((arn) => arn.partition === parsed.partition)
      ? 'it names a load balancer of another partition'
      : !arns.some(near)
        ? 'it names a load balancer of another region'
        : !arns.some((arn) => near(arn) && arn.account === parsed.account)
          ? 'it names a load balancer of another account'
          : 'it names another load balancer of the same account and region';
  }
  return new JwtVerificationError(
    'ERR_JWT_ISSUER',
    `The token's "signer" header is not a configured load balancer (${why}); ${expected}. Add the load balancer's ARN to albArn if it should be trusted.`,
    'signer',
  );
}

function checkHeader(
  header: Readonly<Record<string, unknown>>,
  signers: ReadonlyMap<string, string>,
  arns: readonly ParsedArn[],
): { kid: string; base: string } {
  const { alg } = header;
  if (alg !== 'ES256') {
    const what =
      typeof alg !== 'string'
        ? `has no "alg" string (got ${describeType(alg)})`
        : alg.toLowerCase() === 'none'
          ? 'is unsigned (alg "none")'
          : /^HS\d+$/i.test(alg)
            ? 'uses a shared-secret algorithm'
            : 'uses another algorithm';
    throw new JwtVerificationError(
      'ERR_JWT_ALGORITHM',
      `The token ${what}; an Application Load Balancer signs with ES256 only.`,
      'alg',
    );
  }
  if (header.crit !== undefined) {
    throw new JwtVerificationError(
      'ERR_JWT_CRIT',
      'The token marks header parameters as critical ("crit"); an ALB token has none, and this verifier implements no extension, so it must refuse the token.',
      'crit',
    );
  }
  const { kid } = header;
  if (!isAlbKid(kid)) {
    throw malformed(
      kid === undefined
        ? 'The token has no "kid" header: the load balancer\'s key cannot be looked up.'
        : `The token's "kid" header is not an ALB key id (letters, digits and hyphens, at most 64; got ${typeof kid === 'string' ? `${kid.length} characters` : describeType(kid)}), so it is not looked up.`,
      'kid',
    );
  }
  const base = typeof header.signer === 'string' ? signers.get(header.signer) : undefined;
  if (base === undefined) throw signerError(header.signer, arns);
  return { kid, base };
}

/**
 * What jose refused, in this library's terms: the signature, the payload's time claims, the
 * structure; anything else goes on as it is (a 500).
 */
function refusalFrom(error: unknown, nowSeconds: number): unknown {
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new JwtVerificationError(
      'ERR_JWT_SIGNATURE',
      "The token's ES256 signature does not verify with the load balancer's public key: the token was altered or signed by someone else.",
    );
  }
  if (error instanceof joseErrors.JWTExpired) {
    const exp = (error.payload as { exp?: unknown }).exp;
    const ago = typeof exp === 'number' ? ` ${Math.max(0, nowSeconds - exp)} s ago` : '';
    return new JwtVerificationError(
      'ERR_JWT_EXPIRED',
      `The token's "exp" claim says it expired${ago}. The load balancer sends a fresh token with every request: is this one replayed?`,
      'exp',
    );
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    const notYet = error.claim === 'nbf' && error.reason === 'check_failed';
    return new JwtVerificationError(
      notYet ? 'ERR_JWT_NOT_YET_VALID' : 'ERR_JWT_CLAIM',
      `The token's "${error.claim}" claim is refused: ${error.message}.`,
      error.claim,
    );
  }
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) {
    return malformed(`The token is not a valid JWS: ${error.message}.`);
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) {
    return new JwtVerificationError('ERR_JWT_ALGORITHM', `The token is refused: ${error.message}.`, 'alg');
  }
  return error;
}

/**
 * Creates a verifier of the `x-amzn-oidc-data` header, the user claims an Application Load Balancer
 * passes to its targets after an `authenticate-oidc` or `authenticate-cognito` action: an ES256 JWT
 * whose segments carry base64 padding, its data (`signer`, `iss`, `client`, `exp`) in the header, its
 * key a PEM on the region's key server. Options are checked now; keys are fetched on first use.
 *
 * `verify()` refuses a token that is absent, not ES256, not signed by one of `albArn` (checked before
 * any download), whose key id is not an ALB key id (never put in a URL) or unknown to the key
 * server (404), whose signature does not verify (jose, with the key imported by `importSPKI`), that
 * expired (`exp` header and claim), or whose `iss` or `client` is not the configured one.
 *
 * @param options - see {@link AlbJwtVerifierOptions}.
 * @returns the verifier.
 * @throws {@link InvalidOptionError} when an option is invalid.
 *
 * @example
 * ```ts
 * import { createAlbJwtVerifier, isTokenRefusal } from 'lambda-authorizer-kit/jwt';
 * import type { ALBEvent, ALBResult } from 'aws-lambda';
 * const verifier = createAlbJwtVerifier({
 *   albArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188',
 *   issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI',
 *   clientId: '1example23456789',
 * });
 * export const handler = async (event: ALBEvent): Promise<ALBResult> =>
 *   verifier.verify(event.headers?.['x-amzn-oidc-data']).then(
 *     ({ payload }) => ({ statusCode: 200, body: `Hello ${payload.email ?? payload.sub}` }),
 *     (error: unknown) => {
 *       if (isTokenRefusal(error)) return { statusCode: 401, body: 'Unauthorized' };
 *       throw error; // JwksUnavailableError (key server unreachable) and bugs: 502 from the ALB
 *     },
 *   );
 * ```
 */
export function createAlbJwtVerifier(options: AlbJwtVerifierOptions): AlbJwtVerifier {
  checkObject(options, 'options');
  const rawArns: unknown = options.albArn;
  if (rawArns === undefined) {
    invalidOption(
      'albArn',
      'it is required: the ARN of the Application Load Balancer (or a list of them) whose authenticate action sends the tokens.',
    );
  }
  let arns: ParsedArn[];
  if (Array.isArray(rawArns)) {
    if (rawArns.length === 0) invalidOption('albArn', 'expected at least one load balancer ARN.');
    arns = rawArns.map((arn, index) => checkAlbArn(arn, `albArn[${index}]`));
  } else {
    arns = [checkAlbArn(rawArns, 'albArn')];
  }

  let region: string | undefined;
  if (options.region !== undefined) {
    if (typeof options.region !== 'string' || !REGION.test(options.region))
      invalidOption('region', `expected a region such as "eu-west-1", got ${describeValue(options.region)}.`);
    region = options.region;
    const other = arns.find((arn) => arn.region !== region);
    if (other !== undefined) {
      invalidOption(
        'region',
        `the load balancer ${JSON.stringify(other.arn)} is in ${other.region}, not ${region}; each load balancer signs with the keys of its own region.`,
      );
    }
  }

  let keyUrl = checkFetchUrl(options.keyUrl, 'keyUrl');
  if (keyUrl !== undefined) {
    const url = new URL(keyUrl);
    if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
      invalidOption(
        'keyUrl',
        'expected a base URL without query, fragment or credentials: the key id is appended to its path.',
      );
    }
    keyUrl = keyUrl.replace(/\/+$/, '');
  }
  // The key server of each accepted signer, looked up by the token's `signer` header.
  const signers = new Map<string, string>();
  for (const arn of arns) {
    const base = keyUrl ?? defaultAlbKeyUrl(arn.partition, arn.region);
    if (base === undefined) {
      invalidOption(
        'keyUrl',
        `required for ${JSON.stringify(arn.arn)}: AWS documents no key server for load balancers in ${arn.region} (partition ${arn.partition}). Give the base URL of the region's ALB public keys.`,
      );
    }
    signers.set(arn.arn, base);
  }

  const issuers = checkNames(
    options.issuer,
    'issuer',
    "it is required: the issuer of the identity provider (the authenticate-oidc action's Issuer, or https://cognito-idp.<region>.amazonaws.com/<userPoolId> for authenticate-cognito), or null to skip the check.",
    checkIssuer,
  );
  const clients = checkNames(
    options.clientId,
    'clientId',
    "it is required: the client id of the rule's authenticate action (its ClientId, or the user pool app client id), or null to skip the check.",
    checkClientId,
  );
  const clockToleranceSeconds = numberOption(options.clockToleranceSeconds, 'clockToleranceSeconds', 0);
  const maxTokenBytes = numberOption(options.maxTokenBytes, 'maxTokenBytes', DEFAULT_MAX_TOKEN_BYTES, 1);
  const now = options.now ?? Date.now;
  if (typeof now !== 'function')
    invalidOption('now', 'expected a function returning milliseconds since the epoch.');
  const keys = new AlbKeyCache({
    timeoutMs: numberOption(options.timeoutMs, 'timeoutMs', DEFAULT_JWKS_TIMEOUT_MS, 1),
    maxKeyBytes: numberOption(options.maxKeyBytes, 'maxKeyBytes', DEFAULT_MAX_KEY_BYTES, 1),
    maxCachedKeys: numberOption(options.maxCachedKeys, 'maxCachedKeys', DEFAULT_MAX_CACHED_KEYS, 1),
    cacheMaxAgeMs: numberOption(options.cacheMaxAgeMs, 'cacheMaxAgeMs', DEFAULT_CACHE_MAX_AGE_MS),
    cooldownMs: numberOption(options.cooldownMs, 'cooldownMs', DEFAULT_COOLDOWN_MS),
    staleIfErrorMs: numberOption(options.staleIfErrorMs, 'staleIfErrorMs', DEFAULT_STALE_IF_ERROR_MS),
    now,
  });

  /** The checks of the load balancer's own data, once the signature holds. */
  function checkSigned(
    header: Readonly<Record<string, unknown>>,
    payload: AlbJwtPayload,
    nowSeconds: number,
  ) {
    const { exp } = header;
    if (typeof exp !== 'number' || !Number.isFinite(exp)) {
      throw malformed(
        `The token's "exp" header must be a number of seconds since the epoch, got ${describeType(exp)}.`,
        'exp',
      );
    }
    if (exp <= nowSeconds - clockToleranceSeconds) {
      throw new JwtVerificationError(
        'ERR_JWT_EXPIRED',
        `The token expired ${nowSeconds - exp} s ago (its "exp" header)${clockToleranceSeconds > 0 ? `, beyond clockToleranceSeconds (${clockToleranceSeconds})` : ''}. The load balancer sends a fresh token with every request: is this one replayed?`,
        'exp',
      );
    }
    if (issuers !== null) {
      const expected = `expected ${issuers.size === 1 ? '' : 'one of '}${listed(issuers)}`;
      if (typeof header.iss !== 'string' || !issuers.has(header.iss)) {
        throw new JwtVerificationError(
          'ERR_JWT_ISSUER',
          `The token's "iss" header ${header.iss === undefined ? 'is missing' : 'is not the configured issuer'}; ${expected} (compared exactly: a trailing slash matters).`,
          'iss',
        );
      }
      if (payload.iss !== undefined && (typeof payload.iss !== 'string' || !issuers.has(payload.iss))) {
        throw new JwtVerificationError(
          'ERR_JWT_ISSUER',
          `The token's "iss" claim is not the configured issuer; ${expected}.`,
          'iss',
        );
      }
    }
    if (clients !== null && (typeof header.client !== 'string' || !clients.has(header.client))) {
      throw new JwtVerificationError(
        'ERR_JWT_AUDIENCE',
        `The token's "client" header ${header.client === undefined ? 'is missing' : 'is not the configured client id'}; expected ${clients.size === 1 ? '' : 'one of '}${listed(clients)}.`,
        'client',
      );
    }
  }

  async function verify<T extends AlbJwtPayload = AlbJwtPayload>(
    token: string | undefined,
  ): Promise<VerifiedAlbJwt<T>> {
    checkShape(token, maxTokenBytes);
    let decoded: Readonly<Record<string, unknown>>;
    try {
      decoded = decodeProtectedHeader(token) as Readonly<Record<string, unknown>>;
    } catch {
      throw malformed("The token's header is not a JSON object once base64url-decoded.");
    }
    // Before any download: only a configured load balancer's token makes the verifier fetch a key.
    const { kid, base } = checkHeader(decoded, signers, arns);
    const key: CryptoKey = await keys.getKey(base, kid);
    const nowMs = now();
    const nowSeconds = Math.floor(nowMs / 1000);
    let result: Awaited<ReturnType<typeof jwtVerify>>;
    try {
      // jose's: the JWS (the padded segments are the signing input, as the load balancer signed
      // them), the algorithm, the signature, and the payload's exp, nbf and iat.
      result = await jwtVerify(token, key, {
        algorithms: ['ES256'],
        clockTolerance: clockToleranceSeconds,
        currentDate: new Date(nowMs),
      });
    } catch (error) {
      throw refusalFrom(error, nowSeconds);
    }
    const header = result.protectedHeader as Readonly<Record<string, unknown>>;
    const payload = result.payload as T;
    checkSigned(header, payload, nowSeconds);
    return { header: header as AlbJwtHeader, payload };
  }

  return { verify, albArns: Object.freeze(arns.map((arn) => arn.arn)) };
}

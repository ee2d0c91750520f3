import { type JWTVerifyOptions, errors as joseErrors, jwtVerify } from 'jose';
import { describeType, describeValue } from '../lib/describe.js';
import {
  type AlgorithmSpec,
  algorithmSpec,
  DEFAULT_ALGORITHMS,
  isSymmetricAlgorithm,
  type JwtAlgorithm,
} from './algorithms.js';
import { type ClaimChecker, compileClaimChecker } from './claims.js';
import { checkCompactShape, decodeCompactJwt, decodePayload, headerCache } from './decode.js';
import { discoverJwksUri } from './discovery.js';
import { JwtVerificationError } from './errors.js';
import { fetchUrlProblem } from './fetch-json.js';
import {
  type JwksSettings,
  type KeySource,
  parseJwks,
  remoteKeySource,
  staticKeySource,
} from './jwks-cache.js';
import type { VerificationKey } from './keys.js';
import {
  DEFAULT_CACHE_MAX_AGE_MS,
  DEFAULT_COOLDOWN_MS,
  DEFAULT_JWKS_TIMEOUT_MS,
  DEFAULT_MAX_JWKS_BYTES,
  DEFAULT_MAX_JWKS_KEYS,
  DEFAULT_MAX_TOKEN_BYTES,
  DEFAULT_STALE_IF_ERROR_MS,
  type JwtIssuerOptions,
  type JwtVerifierOptions,
  type MultiIssuerJwtVerifierOptions,
} from './options.js';
import type { JwtHeader, JwtPayload } from './types.js';
import {
  checkAlgorithms,
  checkAudience,
  checkAudienceClaims,
  checkClaimIncludes,
  checkExpectedClaims,
  checkFetchUrl,
  checkIssuerOption,
  checkObject,
  checkOptionalString,
  checkScopes,
  checkStrings,
  invalidOption,
  numberOption,
} from './validate-options.js';

/**
 * A token verifier for one or several issuers. Create it once, at module scope, so its JWKS cache
 * survives warm invocations.
 *
 * See the example of {@link createJwtVerifier}.
 */
export interface JwtVerifier {
  /**
   * Verifies a compact JWS JWT (header, alg allowlist, `crit`, `typ`, key, signature, claims) and
   * resolves to its claims.
   *
   * @throws {@link JwtVerificationError} when the token is refused (its `code` says why): answer 401.
   * @throws {@link JwksUnavailableError} when the issuer's keys cannot be obtained: answer 500.
   */
  verify<T extends JwtPayload = JwtPayload>(token: string): Promise<T>;
  /**
   * Fetches every issuer's JWKS now (run discovery when needed), e.g. during the Lambda init phase
   * with a top-level `await`, so the first request does not wait for it.
   *
   * @throws {@link JwksUnavailableError} when a JWKS cannot be obtained.
   */
  warmUp(): Promise<void>;
  /** The configured issuers, in order. */
  readonly issuers: readonly string[];
}

interface IssuerConfig {
  /** The exact `iss` values this config takes; empty for a function issuer. */
  readonly names: readonly string[];
  /** For a function issuer: whether it takes a token's `iss` (read before any verification). */
  readonly accepts: ((iss: string, claims: JwtPayload) => boolean) | undefined;
  /** How messages name it. */
  readonly label: string;
  readonly issuer: string;
  readonly algorithms: ReadonlySet<JwtAlgorithm>;
  readonly algorithmList: string;
  readonly typ: string | undefined;
  /** The `typ` as configured, for messages. */
  readonly typLabel: string | undefined;
  readonly keys: KeySource;
  readonly checkClaims: ClaimChecker;
  readonly customCheck: JwtIssuerOptions['customCheck'];
  /** What jose checks of the token itself: algorithm, `typ`, issuer, audience, time claims. */
  readonly jose: Omit<JWTVerifyOptions, 'currentDate'>;
}

function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return typ.includes('/') ? lower : `application/${lower}`;
}

function compileIssuer(options: JwtIssuerOptions, prefix: string, settings: JwksSettings): IssuerConfig {
  checkObject(options, prefix === '' ? 'options' : prefix.slice(0, -1));
  const { names, accepts } = checkIssuerOption(options.issuer, `${prefix}issuer`);
  // The name discovery starts from: the first one that is a URL discovery can fetch.
  const issuer = names.find((name) => fetchUrlProblem(name) === undefined) ?? names[0] ?? '';
  const audience = checkAudience(options.audience, `${prefix}audience`);
  const algorithms =
    checkAlgorithms(options.algorithms, `${prefix}algorithms`) ?? new Set(DEFAULT_ALGORITHMS);
  const jwksUri = checkFetchUrl(options.jwksUri, `${prefix}jwksUri`);
  const typ = checkOptionalString(options.typ, `${prefix}typ`);
  const requireExpiration = options.requireExpiration ?? true;
  if (typeof requireExpiration !== 'boolean')
    invalidOption(`${prefix}requireExpiration`, 'expected a boolean.');

  let seed: ReturnType<typeof parseJwks> | undefined;
  if (options.jwks !== undefined) {
    try {
      seed = parseJwks(options.jwks, `option ${prefix}jwks`, settings.maxJwksKeys);
    } catch (error) {
      invalidOption(`${prefix}jwks`, error instanceof Error ? error.message : 'not a JWKS.');
    }
  }
  let keys: KeySource;
  if (jwksUri !== undefined) {
    keys = remoteKeySource(() => jwksUri, settings, seed);
  } else if (seed !== undefined) {
    keys = staticKeySource(seed);
  } else {
    if (accepts !== undefined) {
      invalidOption(
        `${prefix}jwksUri`,
        'required with a function issuer: the issuer is not known before a token arrives, so there is nothing to discover.',
      );
    }
    const problem = fetchUrlProblem(issuer);
    if (problem !== undefined) {
      invalidOption(
        `${prefix}jwksUri`,
        `required when the issuer cannot be used for OIDC discovery (${problem}). Give the JWKS URL, or a jwks.`,
      );
    }
    const discovery = { timeoutMs: settings.timeoutMs, maxBytes: settings.maxJwksBytes };
    keys = remoteKeySource(() => discoverJwksUri(issuer, discovery), settings);
  }

  const audienceClaims = checkAudienceClaims(options.audienceClaims, `${prefix}audienceClaims`);
  const clockToleranceSeconds = numberOption(
    options.clockToleranceSeconds,
    `${prefix}clockToleranceSeconds`,
    0,
  );
  const maxTokenAgeSeconds =
    options.maxTokenAgeSeconds === undefined
      ? undefined
      : numberOption(options.maxTokenAgeSeconds, `${prefix}maxTokenAgeSeconds`, 0);
  const requiredClaims = checkStrings(options.requiredClaims, `${prefix}requiredClaims`);
  const customCheck = options.customCheck;
  if (customCheck !== undefined && typeof customCheck !== 'function')
    invalidOption(`${prefix}customCheck`, `expected a function, got ${describeType(customCheck)}.`);
  const jose: Omit<JWTVerifyOptions, 'currentDate'> = {
    algorithms: [...algorithms],
    // A function issuer was asked before the key was chosen; the signature covers the same iss.
    ...(accepts === undefined ? { issuer: names.length === 1 ? (names[0] as string) : [...names] } : {}),
    clockTolerance: clockToleranceSeconds,
    requiredClaims: requireExpiration ? ['exp', ...requiredClaims] : [...requiredClaims],
    ...(typ === undefined ? {} : { typ }),
    ...(maxTokenAgeSeconds === undefined ? {} : { maxTokenAge: maxTokenAgeSeconds }),
    // Cognito access tokens carry client_id instead: that audience rule is this library's.
    ...(audience !== null && audienceClaims.length === 1 && audienceClaims[0] === 'aud'
      ? { audience: audience.length === 1 ? (audience[0] as string) : [...audience] }
      : {}),
  };
  return {
    issuer,
    names,
    accepts,
    label: accepts === undefined ? JSON.stringify(issuer) : 'the issuer function',
    algorithms,
    algorithmList: [...algorithms].join(', '),
    typ: typ === undefined ? undefined : normalizeTyp(typ),
    typLabel: typ,
    keys,
    jose,
    customCheck,
    checkClaims: compileClaimChecker({
      audience,
      audienceClaims,
      clockToleranceSeconds,
      maxTokenAgeSeconds,
      requireExpiration,
      requiredClaims,
      requiredScopes: checkScopes(options.requiredScopes, `${prefix}requiredScopes`),
      anyOfScopes: checkScopes(options.anyOfScopes, `${prefix}anyOfScopes`),
      claimIncludes: checkClaimIncludes(options.claimIncludes, `${prefix}claimIncludes`),
      expectedClaims: checkExpectedClaims(options.expectedClaims, `${prefix}expectedClaims`),
    }),
  };
}

function withoutTrailingSlash(value: string): string {
  return value.replace(/\/+$/, '');
}

function issuerError(iss: unknown, configs: readonly IssuerConfig[]): JwtVerificationError {
  if (iss === undefined) {
    const expected =
      configs.length === 1 ? (configs[0] as IssuerConfig).label : 'one of the configured issuers';
    return new JwtVerificationError(
      'ERR_JWT_ISSUER',
      `The token has no "iss" claim; expected ${expected}.`,
      'iss',
    );
  }
  if (typeof iss !== 'string') {
    return new JwtVerificationError(
      'ERR_JWT_ISSUER',
      `The token's "iss" must be a string, got ${describeType(iss)}.`,
      'iss',
    );
  }
  const slashTwin = configs
    .flatMap((config) => config.names)
    .find((name) => withoutTrailingSlash(name) === withoutTrailingSlash(iss));
  const slash =
    slashTwin === undefined
      ? ''
      : ` The only difference with ${JSON.stringify(slashTwin)} is a trailing slash: the issuer must match exactly, so configure ${describeValue(iss)} if that is what your provider issues (see its /.well-known/openid-configuration).`;
  const accepted = configs.flatMap((config) =>
    config.names.length === 0 ? [config.label] : config.names.map((name) => JSON.stringify(name)),
  );
  const expected =
    accepted.length === 1
      ? (configs[0] as IssuerConfig).label
      : `one of the ${accepted.length} configured issuers (${accepted.slice(0, 5).join(', ')}${accepted.length > 5 ? ', ...' : ''})`;
  return new JwtVerificationError(
    'ERR_JWT_ISSUER',
    `The token's issuer is ${describeValue(iss)}, expected ${expected}.${slash}`,
    'iss',
  );
}

function checkHeader(header: JwtHeader, config: IssuerConfig): AlgorithmSpec {
  const { alg } = header;
  if (typeof alg !== 'string') {
    throw new JwtVerificationError(
      'ERR_JWT_MALFORMED',
      `The token's header has no "alg" string (got ${describeType(alg)}).`,
      'alg',
    );
  }
  if (!config.algorithms.has(alg as JwtAlgorithm)) {
    let why = `Allowed: ${config.algorithmList}.`;
    if (alg.toLowerCase() === 'none') why = 'Unsigned tokens are never accepted.';
    else if (isSymmetricAlgorithm(alg)) {
      why = `A shared-secret algorithm is never verified against a JWKS (public keys). Configure the issuer to sign with RS256 (FusionAuth: the application's JWT signing key; Auth0: the API's signing algorithm).`;
    }
    throw new JwtVerificationError(
      'ERR_JWT_ALGORITHM',
      `The token is signed with alg ${describeValue(alg)}, which is refused. ${why}`,
      'alg',
    );
  }
  if (header.crit !== undefined) {
    const crit: unknown = header.crit;
    if (
      !Array.isArray(crit) ||
      crit.length === 0 ||
      !crit.every((name) => typeof name === 'string' && name !== '')
    ) {
      throw new JwtVerificationError(
        'ERR_JWT_MALFORMED',
        'The token\'s "crit" header must be a non-empty array of names.',
        'crit',
      );
    }
    throw new JwtVerificationError(
      'ERR_JWT_CRIT',
      `The token marks header parameter(s) ${crit
        .slice(0, 5)
        .map((name) => describeValue(name))
        .join(
          ', ',
        )} as critical; this verifier implements no critical extensions, so it must refuse the token.`,
      'crit',
    );
  }
  if (
    config.typ !== undefined &&
    (typeof header.typ !== 'string' || normalizeTyp(header.typ) !== config.typ)
  ) {
    throw new JwtVerificationError(
      'ERR_JWT_TYP',
      `The token's "typ" header is ${describeValue(header.typ)}, expected ${JSON.stringify((config.typLabel as string).replace(/^application\//i, ''))}.`,
      'typ',
    );
  }
  if (header.kid !== undefined && typeof header.kid !== 'string') {
    throw new JwtVerificationError(
      'ERR_JWT_MALFORMED',
      `The token's "kid" header must be a string, got ${describeType(header.kid)}.`,
      'kid',
    );
  }
  return algorithmSpec(alg) as AlgorithmSpec;
}

const signatureRefused = (alg: string) =>
  new JwtVerificationError(
    'ERR_JWT_SIGNATURE',
    `The token's ${alg} signature does not verify with the issuer's key: the token was altered or signed by someone else.`,
  );

/**
 * What jose refused, in this library's terms: the signature, the key, or a claim (whose message is
 * the claim checker's, which judges the same claims with the same clock). Anything else is not a
 * refusal and goes on as it is (a 500 in the authorizers).
 */
function refusalFrom(
  error: unknown,
  spec: AlgorithmSpec,
  config: IssuerConfig,
  payload: JwtPayload,
  nowSeconds: number,
): unknown {
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return signatureRefused(spec.alg);
  if (error instanceof joseErrors.JWTExpired || error instanceof joseErrors.JWTClaimValidationFailed) {
    // The checker gives the message; jose's decision stands even where it says nothing.
    config.checkClaims(payload, nowSeconds);
    return new JwtVerificationError(
      error.claim === 'exp' ? 'ERR_JWT_EXPIRED' : 'ERR_JWT_CLAIM',
      `The token's "${error.claim}" claim is refused: ${error.message}.`,
      error.claim,
    );
  }
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) {
    return new JwtVerificationError('ERR_JWT_MALFORMED', `The token is not a valid JWS: ${error.message}.`);
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) {
    return new JwtVerificationError('ERR_JWT_ALGORITHM', `The token is refused: ${error.message}.`, 'alg');
  }
  // jose's key checks (the public type, the RSA modulus length, the algorithm the key was imported for).
  if (error instanceof TypeError) {
    return new JwtVerificationError(
      'ERR_JWT_KEY_MISMATCH',
      `The issuer's key cannot verify this ${spec.alg} token: ${error.message}. Check the key published by the issuer.`,
      'kid',
    );
  }
  return error;
}

/** Awaits the user's check: a throw, a rejection or any answer but nothing refuses the token. */
async function runCustomCheck(
  check: NonNullable<JwtIssuerOptions['customCheck']>,
  header: JwtHeader,
  claims: JwtPayload,
): Promise<void> {
  let answer: unknown;
  try {
    answer = await check({ header, claims });
  } catch (error) {
    throw new JwtVerificationError(
      'ERR_JWT_CUSTOM_CHECK',
      "The token was refused by customCheck (what it threw is this error's cause).",
      undefined,
      { cause: error },
    );
  }
  if (answer !== undefined) {
    throw new JwtVerificationError(
      'ERR_JWT_CUSTOM_CHECK',
      `customCheck returned ${describeType(answer)}, so the token is refused: return nothing to let a token pass, and throw to refuse it.`,
    );
  }
}

/**
 * Creates a verifier for tokens of one issuer (`JwtVerifierOptions`) or several
 * (`MultiIssuerJwtVerifierOptions`). Options are checked now; keys are fetched on first use (or by
 * `warmUp()`) and cached at module scope per JWKS URL.
 *
 * Only asymmetric algorithms from the allowlist are accepted, `kty`/`crv`/`alg` of the key must fit
 * the token's `alg`, unknown `crit` parameters are refused, `jku`/`x5u`/`jwk` headers are ignored
 * (keys only ever come from the configured JWKS), and tokens over `maxTokenBytes` are refused
 * before decoding.
 *
 * @param options - see {@link JwtVerifierOptions} and {@link MultiIssuerJwtVerifierOptions}.
 * @returns the verifier.
 * @throws {@link InvalidOptionError} when an option is invalid.
 *
 * @example
 * ```ts
 * import { createJwtVerifier, extractBearerToken, JwtVerificationError } from 'lambda-authorizer-kit/jwt';
 * import { allow } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * const verifier = createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' });
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) => {
 *   try {
 *     const claims = await verifier.verify(extractBearerToken(event.authorizationToken));
 *     return allow(claims.sub ?? 'unknown', event.methodArn);
 *   } catch (error) {
 *     if (error instanceof JwtVerificationError) throw new Error('Unauthorized');
 *     throw error;
 *   }
 * };
 * ```
 */
export function createJwtVerifier(options: JwtVerifierOptions | MultiIssuerJwtVerifierOptions): JwtVerifier {
  checkObject(options, 'options');
  const now = options.now ?? Date.now;
  const ownClock = options.now === undefined;
  if (typeof now !== 'function')
    invalidOption('now', 'expected a function returning milliseconds since the epoch.');
  const settings: JwksSettings = {
    timeoutMs: numberOption(options.timeoutMs, 'timeoutMs', DEFAULT_JWKS_TIMEOUT_MS, 1),
    maxJwksBytes: numberOption(options.maxJwksBytes, 'maxJwksBytes', DEFAULT_MAX_JWKS_BYTES, 1),
    maxJwksKeys: numberOption(options.maxJwksKeys, 'maxJwksKeys', DEFAULT_MAX_JWKS_KEYS, 1),
    cacheMaxAgeMs: numberOption(options.cacheMaxAgeMs, 'cacheMaxAgeMs', DEFAULT_CACHE_MAX_AGE_MS),
    cooldownMs: numberOption(options.cooldownMs, 'cooldownMs', DEFAULT_COOLDOWN_MS),
    staleIfErrorMs: numberOption(options.staleIfErrorMs, 'staleIfErrorMs', DEFAULT_STALE_IF_ERROR_MS),
    now,
  };
  const maxTokenBytes = numberOption(options.maxTokenBytes, 'maxTokenBytes', DEFAULT_MAX_TOKEN_BYTES, 1);

  let configs: IssuerConfig[];
  if ('issuers' in options) {
    const list: unknown = options.issuers;
    if (!Array.isArray(list) || list.length === 0)
      invalidOption('issuers', 'expected a non-empty array of issuer options.');
    configs = list.map((entry: JwtIssuerOptions, index) =>
      compileIssuer(entry, `issuers[${index}].`, settings),
    );
  } else {
    configs = [compileIssuer(options, '', settings)];
  }
  const byIssuer = new Map<string, IssuerConfig>();
  for (const config of configs) {
    for (const name of config.names) {
      if (byIssuer.has(name)) invalidOption('issuers', `issuer ${JSON.stringify(name)} is listed twice.`);
      byIssuer.set(name, config);
    }
  }

  const functionConfigs = configs.filter((config) => config.accepts !== undefined);
  /** The first function issuer that takes `iss`; one that throws takes nothing (the claims are unverified). */
  function byFunction(iss: string, payload: JwtPayload): IssuerConfig | undefined {
    return functionConfigs.find((config) => {
      try {
        return (config.accepts as NonNullable<IssuerConfig['accepts']>)(iss, payload) === true;
      } catch {
        return false;
      }
    });
  }

  // One issuer named by strings: jose's own issuer check routes it, and `iss` is read before a
  // download only.
  const headers = headerCache();
  const single =
    configs.length === 1 && (configs[0] as IssuerConfig).accepts === undefined
      ? (configs[0] as IssuerConfig)
      : undefined;

  /** Whether `iss` names `config` itself (a single issuer's check before a download or on a refusal). */
  const names = (config: IssuerConfig, iss: unknown) =>
    typeof iss === 'string' && byIssuer.get(iss) === config;

  /**
   * Why a token is refused once something failed: this library's checks in their order (shape,
   * issuer, header) give the first refusal, as if they had all run before the key and jose; else
   * jose's refusal in this library's terms, or the key source's error as it is.
   */
  function refusal(
    error: unknown,
    fromJose: boolean,
    token: string,
    config: IssuerConfig,
    routed: boolean,
    nowMs: number,
  ): unknown {
    const { header, payload } = decodeCompactJwt(token, maxTokenBytes);
    const iss = payload.iss;
    if (!routed && !names(config, iss)) {
      return issuerError(iss, configs);
    }
    const spec = checkHeader(header, config);
    return fromJose ? refusalFrom(error, spec, config, payload, Math.floor(nowMs / 1000)) : error;
  }

  async function verify<T extends JwtPayload = JwtPayload>(token: string): Promise<T> {
    // This library's layers: size and shape first, then the issuer picked before any key is fetched.
    checkCompactShape(token, maxTokenBytes);
    let config = single;
    const routed = config === undefined;
    if (config === undefined) {
      let payload: JwtPayload;
      try {
        payload = decodePayload(token);
      } catch (error) {
        headers.read(token); // an unreadable header is named first
        throw error;
      }
      const iss = payload.iss;
      config = typeof iss === 'string' ? (byIssuer.get(iss) ?? byFunction(iss, payload)) : undefined;
      if (config === undefined) throw issuerError(iss, configs);
    }
    const chosen = config;
    const header = headers.read(token);
    let spec: AlgorithmSpec;
    let key: ReturnType<KeySource['ready']>;
    try {
      spec = checkHeader(header, chosen);
      key = chosen.keys.ready(header.kid, spec);
    } catch (error) {
      // The issuer is judged before the header and the key, as when every token was decoded first.
      throw refusal(error, false, token, chosen, routed, now());
    }
    if (key === undefined) {
      // A download is needed: only for a token of this issuer (jose checks `iss` again, signed).
      if (!routed) {
        const iss = decodePayload(token).iss;
        if (!names(chosen, iss)) throw issuerError(iss, configs);
      }
      key = chosen.keys.getKey(header.kid, spec);
    }
    let resolved: VerificationKey;
    try {
      resolved = key instanceof Promise ? await key : key;
    } catch (error) {
      throw refusal(error, false, token, chosen, routed, now());
    }
    // jose reads its own clock unless the verifier was given one.
    const givenMs = ownClock ? undefined : now();
    let result: Awaited<ReturnType<typeof jwtVerify>>;
    try {
      // jose's: the JWS, the algorithm against the key, the signature, the registered claims.
      result = await jwtVerify(
        token,
        resolved,
        givenMs === undefined ? chosen.jose : { ...chosen.jose, currentDate: new Date(givenMs) },
      );
    } catch (error) {
      throw refusal(error, true, token, chosen, routed, givenMs ?? now());
    }
    // And this library's again: Cognito client_id, scopes, expected claims, finite times.
    const verified = result.payload as JwtPayload;
    chosen.checkClaims(verified, Math.floor((givenMs ?? now()) / 1000));
    if (chosen.customCheck !== undefined) {
      await runCustomCheck(chosen.customCheck, result.protectedHeader as JwtHeader, verified);
    }
    return verified as T;
  }

  return {
    verify,
    async warmUp() {
      await Promise.all(configs.map((config) => config.keys.warmUp()));
    },
    issuers: Object.freeze(configs.flatMap((config) => config.names)),
  };
}

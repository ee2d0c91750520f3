import type { AlgorithmSpec } from './algorithms.js';
import { clearDiscoveryCache } from './discovery.js';
import { JwksUnavailableError, JwtVerificationError } from './errors.js';
import { fetchJson } from './fetch-json.js';
import {
  describeKid,
  importStoredKey,
  keyMismatch,
  privateMembers,
  readStoredKey,
  type StoredKey,
  type VerificationKey,
} from './keys.js';

/** How a key source fetches and keeps a JWKS; resolved from the verifier options. */
export interface JwksSettings {
  readonly timeoutMs: number;
  readonly maxJwksBytes: number;
  readonly maxJwksKeys: number;
  readonly cacheMaxAgeMs: number;
  readonly cooldownMs: number;
  readonly staleIfErrorMs: number;
  readonly now: () => number;
}

/** A parsed JWKS with the VerificationKeys imported from it so far. */
export class KeySet {
  readonly keys: readonly StoredKey[];
  /** `alg` (no kid) or `alg + ' ' + kid` → the imported key (or the pending import). */
  private readonly resolved = new Map<string, Promise<VerificationKey> | VerificationKey>();

  constructor(keys: readonly StoredKey[]) {
    this.keys = keys;
  }

  /**
   * The VerificationKey for a token's `kid` and `alg`, imported once and then served from memory.
   * `undefined` when no key has that kid (the caller may refetch).
   */
  resolve(
    kid: string | undefined,
    spec: AlgorithmSpec,
  ): Promise<VerificationKey> | VerificationKey | undefined {
    // A token without kid and one with kid "" must not share an entry: they select different keys
    // (an alg has no space, so "alg kid" is unambiguous).
    const cacheKey = kid === undefined ? spec.alg : `${spec.alg} ${kid}`;
    const cached = this.resolved.get(cacheKey);
    if (cached !== undefined) return cached;
    const named = kid === undefined ? this.keys : this.keys.filter((key) => key.kid === kid);
    if (named.length === 0) return undefined;
    const usable = named.filter((key) => keyMismatch(key, spec) === undefined);
    if (usable.length !== 1) {
      if (usable.length > 1) {
        throw new JwtVerificationError(
          'ERR_JWT_KEY_NOT_FOUND',
          `${usable.length} keys of the JWKS match a ${spec.alg} token ${describeKid(kid)}; the key to use is ambiguous. The issuer should give each key a distinct kid.`,
          'kid',
        );
      }
      const reason = keyMismatch(named[0] as StoredKey, spec);
      throw new JwtVerificationError(
        'ERR_JWT_KEY_MISMATCH',
        `The JWKS key ${describeKid(kid)} cannot verify a ${spec.alg} token: ${reason}. A token whose alg does not fit its key is refused.`,
        'alg',
      );
    }
    const pending = importStoredKey(usable[0] as StoredKey, spec).then((keyObject) => {
      this.resolved.set(cacheKey, keyObject);
      return keyObject;
    });
    // A failed import stays cached: the same key fails the same way until the JWKS changes.
    pending.catch(() => undefined);
    this.resolved.set(cacheKey, pending);
    return pending;
  }
}

/** Parses a JWKS document, keeping the keys this verifier can use. */
export function parseJwks(document: unknown, uri: string, maxKeys: number): KeySet {
  const keys = (document as { keys?: unknown } | null)?.keys;
  if (document === null || typeof document !== 'object' || !Array.isArray(keys)) {
    throw new JwksUnavailableError(
      'ERR_JWKS_INVALID',
      `The document at ${uri} is not a JWKS (a JSON object with a "keys" array). Is jwksUri the issuer's jwks_uri?`,
      uri,
    );
  }
  if (keys.length > maxKeys) {
    throw new JwksUnavailableError(
      'ERR_JWKS_TOO_MANY_KEYS',
      `The JWKS at ${uri} holds ${keys.length} keys, more than maxJwksKeys (${maxKeys}).`,
      uri,
    );
  }
  const stored: StoredKey[] = [];
  for (const entry of keys) {
    const secret = privateMembers(entry);
    if (secret.length > 0) {
      throw new JwksUnavailableError(
        'ERR_JWKS_INVALID',
        `The JWKS at ${uri} publishes private key material (${secret.map((m) => JSON.stringify(m)).join(', ')}) in key ${describeKid(typeof (entry as { kid?: unknown }).kid === 'string' ? (entry as { kid: string }).kid : undefined)}: a JWKS must hold public keys only, and none of it is used. The issuer's private key is exposed: tell its owner to rotate it.`,
        uri,
      );
    }
    const key = readStoredKey(entry);
    if (key !== undefined) stored.push(key);
  }
  return new KeySet(stored);
}

interface JwksEntry {
  keys: KeySet | undefined;
  /** When `keys` were loaded (the clock of the verifier that loaded them). */
  loadedAt: number;
  failedAt: number | undefined;
  lastError: JwksUnavailableError | undefined;
  inflight: Promise<KeySet> | undefined;
  unknownKidRefetchAt: number;
}

/** Every remote JWKS of the process, by URI: warm invocations and verifiers of one issuer share it. */
const CACHE = new Map<string, JwksEntry>();

/** The keys last loaded from `uri` in this process, if any; never fetches. */
export function cachedKeySet(uri: string): KeySet | undefined {
  return CACHE.get(uri)?.keys;
}

function entryFor(uri: string): JwksEntry {
  let entry = CACHE.get(uri);
  if (entry === undefined) {
    entry = {
      keys: undefined,
      loadedAt: Number.NEGATIVE_INFINITY,
      failedAt: undefined,
      lastError: undefined,
      inflight: undefined,
      unknownKidRefetchAt: Number.NEGATIVE_INFINITY,
    };
    CACHE.set(uri, entry);
  }
  return entry;
}

/**
 * Forgets cached JWKS: the one of `jwksUri`, or all of them (and every discovered `jwks_uri`).
 * Verifiers fetch again on their next verification. Useful in tests.
 *
 * @example
 * ```ts
 * import { clearJwksCache } from 'lambda-authorizer-kit/jwt';
 * import { afterEach } from 'vitest';
 *
 * afterEach(() => clearJwksCache());
 * export const handler = async () => undefined;
 * ```
 */
export function clearJwksCache(jwksUri?: string): void {
  if (jwksUri === undefined) {
    CACHE.clear();
    clearDiscoveryCache();
  } else {
    CACHE.delete(jwksUri);
  }
}

/** Where a verifier's keys come from: a remote JWKS (cached per URI) or a static one. */
export interface KeySource {
  /** The VerificationKey for the token's `kid` and `alg`, fetching or refetching the JWKS as needed. */
  getKey(kid: string | undefined, spec: AlgorithmSpec): Promise<VerificationKey> | VerificationKey;
  /**
   * The key when it can be had without any download (a fresh JWKS holding the kid), else
   * `undefined`: the verifier then checks the token's issuer before it lets `getKey` fetch.
   */
  ready(kid: string | undefined, spec: AlgorithmSpec): Promise<VerificationKey> | VerificationKey | undefined;
  /** Loads the keys now (at init), so the first verification does not wait. */
  warmUp(): Promise<void>;
}

/** A key source over a JWKS given in the options and never fetched. */
export function staticKeySource(keys: KeySet): KeySource {
  return {
    getKey(kid, spec) {
      const key = keys.resolve(kid, spec);
      if (key === undefined) throw keyNotFound(kid, spec, 'the JWKS given in the options');
      return key;
    },
    ready(kid, spec) {
      return this.getKey(kid, spec);
    },
    warmUp: async () => undefined,
  };
}

function keyNotFound(
  kid: string | undefined,
  spec: AlgorithmSpec,
  where: string,
  hint = '',
): JwtVerificationError {
  return new JwtVerificationError(
    'ERR_JWT_KEY_NOT_FOUND',
    `No key ${describeKid(kid)} for ${spec.alg} in ${where}.${hint}`,
    'kid',
  );
}

/**
 * A key source over the JWKS at `uri`, shared with every other verifier of the same URI.
 * `seed` (a JWKS bundled with the function) is used until the cache would refresh it.
 */
export function remoteKeySource(
  uri: () => Promise<string> | string,
  settings: JwksSettings,
  seed?: KeySet,
): KeySource {
  const load = (jwksUri: string, entry: JwksEntry): Promise<KeySet> => {
    if (entry.inflight !== undefined) return entry.inflight;
    const inflight = fetchJson(jwksUri, {
      timeoutMs: settings.timeoutMs,
      maxBytes: settings.maxJwksBytes,
      what: 'JWKS',
      invalidCode: 'ERR_JWKS_INVALID',
    })
      .then((document) => parseJwks(document, jwksUri, settings.maxJwksKeys))
      .then(
        (keys) => {
          entry.keys = keys;
          entry.loadedAt = settings.now();
          entry.failedAt = undefined;
          entry.lastError = undefined;
          return keys;
        },
        (error: unknown) => {
          entry.failedAt = settings.now();
          if (error instanceof JwksUnavailableError) entry.lastError = error;
          throw error;
        },
      )
      .finally(() => {
        entry.inflight = undefined;
      });
    entry.inflight = inflight;
    return inflight;
  };

  const freshKeys = async (jwksUri: string, entry: JwksEntry): Promise<KeySet> => {
    if (entry.keys === undefined && seed !== undefined) {
      entry.keys = seed;
      entry.loadedAt = settings.now();
    }
    const current = entry.keys;
    if (current === undefined) return load(jwksUri, entry);
    const now = settings.now();
    const age = now - entry.loadedAt;
    if (age <= settings.cacheMaxAgeMs) return current;
    const usableUntil = entry.loadedAt + settings.cacheMaxAgeMs + settings.staleIfErrorMs;
    const recentlyFailed = entry.failedAt !== undefined && now - entry.failedAt < settings.cooldownMs;
    if (!recentlyFailed || entry.inflight !== undefined) {
      try {
        return await load(jwksUri, entry);
      } catch (error) {
        if (!(error instanceof JwksUnavailableError)) throw error;
      }
    }
    if (settings.now() <= usableUntil) return current;
    throw new JwksUnavailableError(
      'ERR_JWKS_STALE',
      `The JWKS at ${jwksUri} could not be refreshed and the last good copy is ${Math.round(age / 1000)} s old, beyond cacheMaxAgeMs + staleIfErrorMs. Last error: ${entry.lastError?.message ?? 'unknown'}`,
      jwksUri,
      entry.lastError?.status,
      { cause: entry.lastError },
    );
  };

  const getKeyFrom = async (kid: string | undefined, spec: AlgorithmSpec): Promise<VerificationKey> => {
    const jwksUri = await uri();
    const entry = entryFor(jwksUri);
    let keys = await freshKeys(jwksUri, entry);
    let key = keys.resolve(kid, spec);
    if (key !== undefined) return key;
    // Unknown kid: the issuer may have rotated its keys. A download under way may bring the key.
    if (entry.inflight !== undefined) {
      keys = await entry.inflight;
      key = keys.resolve(kid, spec);
      if (key !== undefined) return key;
    }
    // Refetch once at once, then not again before cooldownMs, so a flood of made-up kids does not
    // hammer the endpoint.
    const now = settings.now();
    const sinceLast = now - entry.unknownKidRefetchAt;
    if (sinceLast < settings.cooldownMs) {
      const lastError = entry.failedAt === undefined ? undefined : entry.lastError;
      if (lastError !== undefined) {
        // The last download failed: the key may be new, so the token can be neither accepted nor refused.
        throw new JwksUnavailableError(
          lastError.code,
          `No key ${describeKid(kid)} for ${spec.alg} in the last good JWKS from ${jwksUri}, and it cannot be refetched (the key may be new). Last error: ${lastError.message}`,
          jwksUri,
          lastError.status,
          { cause: lastError },
        );
      }
      const wait = Math.ceil((settings.cooldownMs - sinceLast) / 1000);
      throw keyNotFound(
        kid,
        spec,
        `the JWKS at ${jwksUri}`,
        ` It was refetched for an unknown kid ${Math.round(sinceLast / 1000)} s ago; the next refetch is allowed in ${wait} s (cooldownMs).`,
      );
    }
    entry.unknownKidRefetchAt = now;
    keys = await load(jwksUri, entry);
    key = keys.resolve(kid, spec);
    if (key !== undefined) return key;
    throw keyNotFound(
      kid,
      spec,
      `the JWKS at ${jwksUri}`,
      ' The JWKS was refetched. Is the token from another issuer or environment?',
    );
  };

  let fast: { keys: KeySet; entry: JwksEntry; uri: string } | undefined;

  // Warm path: a fresh JWKS of this source, already loaded, answers without a download.
  const ready = (kid: string | undefined, spec: AlgorithmSpec) => {
    if (fast === undefined) return undefined;
    const entry = CACHE.get(fast.uri);
    if (
      entry !== fast.entry ||
      entry.keys !== fast.keys ||
      settings.now() - entry.loadedAt > settings.cacheMaxAgeMs
    ) {
      return undefined;
    }
    return fast.keys.resolve(kid, spec);
  };

  return {
    ready,
    getKey(kid, spec) {
      const key = ready(kid, spec);
      if (key !== undefined) return key;
      return getKeyFrom(kid, spec).then(async (key) => {
        const jwksUri = await uri();
        const entry = CACHE.get(jwksUri);
        if (entry?.keys !== undefined) fast = { keys: entry.keys, entry, uri: jwksUri };
        return key;
      });
    },
    async warmUp() {
      const jwksUri = await uri();
      await freshKeys(jwksUri, entryFor(jwksUri));
    },
  };
}

import { type CryptoKey, importSPKI } from 'jose';
import { JwksUnavailableError, JwtVerificationError } from './errors.js';
import { fetchBody } from './fetch-json.js';
import { describeKid } from './keys.js';

/** How an {@link AlbKeyCache} downloads and keeps keys; resolved from the verifier options. */
export interface AlbKeySettings {
  readonly timeoutMs: number;
  readonly maxKeyBytes: number;
  readonly maxCachedKeys: number;
  readonly cacheMaxAgeMs: number;
  readonly cooldownMs: number;
  readonly staleIfErrorMs: number;
  readonly now: () => number;
}

/**
 * A key id as ALB kids are written (`12345678-1234-1234-1234-123456789012`): letters, digits and
 * hyphens, 1 to 64 of them. Nothing else is ever put in a key URL: no `/`, `?`, `#`, `%`, `.`.
 */
const KID = /^[A-Za-z0-9-]{1,64}$/;

/** Whether `kid` may be looked up on a key server. */
export function isAlbKid(kid: unknown): kid is string {
  return typeof kid === 'string' && KID.test(kid);
}

/**
 * The key servers AWS documents, by partition, in "Authenticate users using an Application Load
 * Balancer", section "User claims encoding and signature verification"
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html):
 * `https://public-keys.auth.elb.{region}.amazonaws.com/{kid}`, and for AWS GovCloud (US) the S3
 * URLs below. No AWS document names one for another partition (China, ISO, European Sovereign Cloud):
 * there, `keyUrl` is required.
 */
const GOVCLOUD_KEY_URLS: Readonly<Record<string, string>> = {
  'us-gov-west-1': 'https://s3-us-gov-west-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-west-1',
  'us-gov-east-1': 'https://s3-us-gov-east-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-east-1',
};

/**
 * The base URL of the key server of the load balancers of `partition` and `region` (the key id is
 * appended as a path segment), or `undefined` when AWS documents none.
 * @internal
 */
export function defaultAlbKeyUrl(partition: string, region: string): string | undefined {
  if (partition === 'aws') return `https://public-keys.auth.elb.${region}.amazonaws.com`;
  if (partition === 'aws-us-gov') return GOVCLOUD_KEY_URLS[region];
  return undefined;
}

/** The URL of the key `kid` (checked by {@link isAlbKid}) on the server at `base`. */
export function albKeyUrl(base: string, kid: string): string {
  return `${base}/${encodeURIComponent(kid)}`;
}

interface KeyEntry {
  key: CryptoKey | undefined;
  /** When `key` was loaded (the verifier's clock). */
  loadedAt: number;
  failedAt: number | undefined;
  lastError: JwksUnavailableError | undefined;
  inflight: Promise<CryptoKey> | undefined;
}

function keyNotFound(kid: string, base: string, hint: string): JwtVerificationError {
  return new JwtVerificationError(
    'ERR_JWT_KEY_NOT_FOUND',
    `The ALB key server at ${base} has no public key ${describeKid(kid)}: the token was not signed by a load balancer of this region, or was forged.${hint}`,
    'kid',
  );
}

/**
 * The public keys of a verifier's load balancers, one PEM per key id, fetched from the key server
 * and imported by jose (`importSPKI`, ES256: a P-256 key or nothing). At most `maxCachedKeys` are
 * kept, the least recently used dropped first. A key is used for `cacheMaxAgeMs`, then fetched
 * again; while that fails (one attempt per `cooldownMs`), the old copy serves for `staleIfErrorMs`
 * more. Concurrent requests for one key share one download; a failed download is never kept.
 *
 * A 404 means the server does not know the key id: the token is refused, and for `cooldownMs` no
 * other unknown key id is looked up (a flood of made-up ids costs one request per cooldown).
 */
export class AlbKeyCache {
  private readonly settings: AlbKeySettings;
  /** By key URL, least recently used first. */
  private readonly entries = new Map<string, KeyEntry>();
  /** When the key server last answered 404 for a key id not cached. */
  private unknownKidAt = Number.NEGATIVE_INFINITY;

  constructor(settings: AlbKeySettings) {
    this.settings = settings;
  }

  /** The key `kid` of the server at `base` (a URL without trailing slash). */
  async getKey(base: string, kid: string): Promise<CryptoKey> {
    const url = albKeyUrl(base, kid);
    const { settings } = this;
    const entry = this.entries.get(url);
    if (entry !== undefined) {
      // Most recently used last.
      this.entries.delete(url);
      this.entries.set(url, entry);
    }
    const current = entry?.key;
    if (entry !== undefined && current !== undefined) {
      const now = settings.now();
      if (now - entry.loadedAt <= settings.cacheMaxAgeMs) return current;
      const recentlyFailed = entry.failedAt !== undefined && now - entry.failedAt < settings.cooldownMs;
      if (!recentlyFailed || entry.inflight !== undefined) {
        try {
          return await this.load(url, base, kid, entry);
        } catch (error) {
          // A refusal (the key was withdrawn) stands; an outage falls back on the copy held.
          if (!(error instanceof JwksUnavailableError)) throw error;
        }
      }
      const age = settings.now() - entry.loadedAt;
      if (age <= settings.cacheMaxAgeMs + settings.staleIfErrorMs) return current;
      throw new JwksUnavailableError(
        'ERR_JWKS_STALE',
        `The ALB public key ${describeKid(kid)} from ${base} could not be fetched again and the copy held is ${Math.round(age / 1000)} s old, beyond cacheMaxAgeMs + staleIfErrorMs. Last error: ${entry.lastError?.message ?? 'unknown'}`,
        url,
        entry.lastError?.status,
        { cause: entry.lastError },
      );
    }
    if (entry?.inflight !== undefined) return entry.inflight;
    const sinceUnknown = settings.now() - this.unknownKidAt;
    if (sinceUnknown < settings.cooldownMs) {
      const wait = Math.ceil((settings.cooldownMs - sinceUnknown) / 1000);
      throw keyNotFound(
        kid,
        base,
        ` It was not looked up: another unknown key id was refused ${Math.round(sinceUnknown / 1000)} s ago, and the next lookup of a new key id is allowed in ${wait} s (cooldownMs).`,
      );
    }
    const fresh: KeyEntry = {
      key: undefined,
      loadedAt: Number.NEGATIVE_INFINITY,
      failedAt: undefined,
      lastError: undefined,
      inflight: undefined,
    };
    if (this.entries.size >= settings.maxCachedKeys) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(url, fresh);
    return this.load(url, base, kid, fresh);
  }

  /** Downloads and imports the key into `entry`, or joins the download under way. */
  private load(url: string, base: string, kid: string, entry: KeyEntry): Promise<CryptoKey> {
    if (entry.inflight !== undefined) return entry.inflight;
    const { settings } = this;
    const label = `${base}/{kid} ${describeKid(kid)}`;
    const inflight = fetchBody(url, {
      timeoutMs: settings.timeoutMs,
      maxBytes: settings.maxKeyBytes,
      what: 'ALB public key',
      invalidCode: 'ERR_JWKS_INVALID',
      accept: 'application/x-pem-file, text/plain;q=0.9, */*;q=0.1',
      label,
    })
      .then(({ body, where }) => importPem(body, url, where))
      .then(
        (key) => {
          entry.key = key;
          entry.loadedAt = settings.now();
          entry.failedAt = undefined;
          entry.lastError = undefined;
          return key;
        },
        (error: unknown) => {
          const held = entry.key !== undefined;
          if (
            error instanceof JwksUnavailableError &&
            error.code === 'ERR_JWKS_HTTP_STATUS' &&
            error.status === 404
          ) {
            // The server does not know this key id: a refusal, not an outage.
            if (this.entries.get(url) === entry) this.entries.delete(url);
            if (!held) this.unknownKidAt = settings.now();
            throw keyNotFound(kid, base, held ? ' The key was withdrawn since it was fetched.' : '');
          }
          entry.failedAt = settings.now();
          if (error instanceof JwksUnavailableError) entry.lastError = error;
          // Nothing is kept of a download that failed: the next verification tries again.
          if (!held && this.entries.get(url) === entry) this.entries.delete(url);
          throw error;
        },
      )
      .finally(() => {
        entry.inflight = undefined;
      });
    entry.inflight = inflight;
    return inflight;
  }
}

/** The key in a key server's answer: a P-256 public key in PEM (SPKI), imported by jose for ES256. */
async function importPem(body: Buffer, url: string, where: string): Promise<CryptoKey> {
  try {
    return await importSPKI(body.toString('utf8').trim(), 'ES256');
  } catch (cause) {
    throw new JwksUnavailableError(
      'ERR_JWKS_INVALID',
      `The ALB public key at ${where} is not a P-256 public key in PEM (SPKI) form (${body.length} bytes received: ${
        cause instanceof Error ? cause.message : 'not a key'
      }). Is keyUrl the load balancers' key server?`,
      url,
      200,
      { cause },
    );
  }
}

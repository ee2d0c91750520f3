/**
 * AWS credentials, shaped like the AWS SDK's `AwsCredentialIdentity`. Lambda gives a function its
 * execution role's temporary credentials in `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
 * `AWS_SESSION_TOKEN`.
 *
 * See the example of {@link signRequest}.
 */
export interface SigV4Credentials {
  /** The access key id (`AKIA...` for users, `ASIA...` for temporary credentials). */
  readonly accessKeyId: string;
  /** The secret access key. Never logged, never put in an error message. */
  readonly secretAccessKey: string;
  /** The session token of temporary credentials; required with `ASIA...` keys. */
  readonly sessionToken?: string | undefined;
  /** When temporary credentials expire; expired credentials are refused before signing. */
  readonly expiration?: Date | undefined;
}

/**
 * An async credentials provider, such as the AWS SDK's `fromNodeProviderChain()` or
 * `fromTemporaryCredentials()`: called for each request, so it should cache (the SDK's do).
 *
 * See the example of {@link signRequest}.
 */
export type SigV4CredentialsProvider = () => Promise<SigV4Credentials>;

/**
 * Request headers: a plain object, a `Headers`, or an array of `[name, value]` pairs. Names are
 * case-insensitive; repeated names are joined with `, ` as `fetch` does.
 *
 * See the example of {@link signRequest}.
 */
export type HeadersInput =
  | Readonly<Record<string, string | number | readonly string[] | undefined>>
  | Headers
  | ReadonlyArray<readonly [string, string]>;

/**
 * A body that can be hashed and signed: a string (sent as UTF-8), a `Uint8Array` (a `Buffer`), an
 * `ArrayBuffer` or another `ArrayBufferView`. Streams, `Blob`, `FormData` and `URLSearchParams` are
 * refused: read them into a string or bytes first.
 *
 * See the example of {@link signRequest}.
 */
export type BodyInput = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * Options shared by {@link signRequest} and {@link signedFetch}: see their examples. A custom domain
 * names no region: pass `region` (of the receiver) and `service`.
 */
export interface SignRequestOptions {
  /**
   * The region of the receiver (not of the caller), e.g. `eu-central-1`.
   * Default: inferred from a function URL host (`<id>.lambda-url.<region>.on.aws`); required for
   * any other host. When the host names a region, a different `region` is refused.
   */
  region?: string | undefined;
  /**
   * The signing name of the receiving service.
   * Default: `lambda` (function URLs, and hosts fronting them); `execute-api` for
   * `<id>.execute-api.<region>.amazonaws.com`. A function URL host refuses any other service.
   */
  service?: string | undefined;
  /**
   * The credentials to sign with: an object or an async provider (the AWS SDK's providers fit).
   * Default: the Lambda environment, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
   * `AWS_SESSION_TOKEN`, read at each call.
   */
  credentials?: SigV4Credentials | SigV4CredentialsProvider | undefined;
  /**
   * The signing time, for tests and replays. AWS accepts a signature for 5 minutes either side of its
   * clock. Default: now.
   */
  date?: Date | undefined;
}

/**
 * AWS credentials, shaped like the AWS SDK's `AwsCredentialIdentity`. Lambda gives a function its
 * execution role's temporary credentials in `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
 * `AWS_SESSION_TOKEN`.
 *
 * @example
 * ```ts
 * import { signRequest, type SigV4Credentials } from 'lambda-authorizer-kit/sigv4';
 * import { expect, it } from 'vitest';
 *
 * const credentials: SigV4Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'test-secret' };
 *
 * it('signs with the given credentials', async () => {
 *   const signed = await signRequest({ url: 'https://abc123.lambda-url.eu-central-1.on.aws/' }, { credentials });
 *   expect(signed.headers.authorization).toContain('Credential=AKIDEXAMPLE/');
 * });
 * ```
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
 * @example
 * ```ts
 * import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
 * import { signedFetch, type SigV4CredentialsProvider } from 'lambda-authorizer-kit/sigv4';
 *
 * // A role of the receiving account; the provider caches and refreshes its credentials.
 * const credentials: SigV4CredentialsProvider = fromTemporaryCredentials({
 *   params: { RoleArn: process.env.CALLER_ROLE_ARN ?? '', RoleSessionName: 'orders-caller' },
 * });
 *
 * export const handler = async () => (await signedFetch(process.env.ORDERS_URL ?? '', { credentials })).status;
 * ```
 */
export type SigV4CredentialsProvider = () => Promise<SigV4Credentials>;

/**
 * Request headers: a plain object, a `Headers`, or an array of `[name, value]` pairs. Names are
 * case-insensitive; repeated names are joined with `, ` as `fetch` does.
 *
 * @example
 * ```ts
 * import { type HeadersInput, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async (event: { traceId: string }) => {
 *   const headers: HeadersInput = [
 *     ['accept', 'application/json'],
 *     ['x-trace-id', event.traceId],
 *   ];
 *   return (await signedFetch(process.env.ORDERS_URL ?? '', { headers })).json();
 * };
 * ```
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
 * @example
 * ```ts
 * import { type BodyInput, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async (event: { csv: string }) => {
 *   const body: BodyInput = new TextEncoder().encode(event.csv);
 *   const response = await signedFetch(`${process.env.IMPORT_URL}/import`, {
 *     method: 'POST',
 *     headers: { 'content-type': 'text/csv' },
 *     body,
 *   });
 *   return response.status;
 * };
 * ```
 */
export type BodyInput = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** Options shared by `signRequest()` and `signedFetch()`. *
 * @example
 * ```ts
 * import { type SignRequestOptions, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * // A custom domain names no region: say where the receiver is, and what it is.
 * const options: SignRequestOptions = { region: 'eu-central-1', service: 'execute-api' };
 *
 * export const handler = async () => (await signedFetch('https://api.example.com/orders', options)).json();
 * ```
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

import { AuthorizerKitError, type AuthorizerKitErrorOptions } from '../lib/errors.js';

/**
 * The `code` of every error `lambda-authorizer-kit/sigv4` throws: a {@link SigV4RequestError}'s (the
 * request could not be signed, sent or finished), a {@link SigV4RejectedError}'s (AWS answered 403)
 * or the {@link InvalidOptionError}'s `ERR_INVALID_OPTION` (a URL, method, header, body, region or
 * option that cannot be signed). See the example of {@link SigV4RequestError} and the table in
 * `docs/sigv4.md`.
 */
export type SigV4ErrorCode = SigV4RequestErrorCode | SigV4RejectedErrorCode | 'ERR_INVALID_OPTION';

/** The codes a {@link SigV4RequestError} carries. @internal */
export type SigV4RequestErrorCode =
  // Credentials
  | 'ERR_SIGV4_NO_CREDENTIALS'
  | 'ERR_SIGV4_INVALID_CREDENTIALS'
  | 'ERR_SIGV4_CREDENTIALS_EXPIRED'
  | 'ERR_SIGV4_CREDENTIALS_PROVIDER_FAILED'
  // The deadline
  | 'ERR_SIGV4_TIMEOUT'
  // Redirects refused with `redirect: 'follow'`
  | 'ERR_SIGV4_CROSS_ORIGIN_REDIRECT'
  | 'ERR_SIGV4_TOO_MANY_REDIRECTS'
  | 'ERR_SIGV4_INVALID_REDIRECT';

/** The codes a {@link SigV4RejectedError} carries. @internal */
export type SigV4RejectedErrorCode =
  | 'ERR_SIGV4_INVALID_SIGNATURE'
  | 'ERR_SIGV4_SIGNATURE_EXPIRED'
  | 'ERR_SIGV4_ACCESS_DENIED'
  | 'ERR_SIGV4_UNRECOGNIZED_CLIENT';

/**
 * Thrown by `signRequest()` and `signedFetch()` when the request could not be signed, sent or
 * finished, for a reason outside the calling code: no usable credentials (`ERR_SIGV4_NO_CREDENTIALS`,
 * `ERR_SIGV4_INVALID_CREDENTIALS`, `ERR_SIGV4_CREDENTIALS_EXPIRED`,
 * `ERR_SIGV4_CREDENTIALS_PROVIDER_FAILED`), no complete response within `timeoutMs`
 * (`ERR_SIGV4_TIMEOUT`, also from reading the body), or, with `redirect: 'follow'`, a redirect it
 * refused to follow: to another origin, past the fifth, or to an unusable `Location`
 * (`ERR_SIGV4_CROSS_ORIGIN_REDIRECT`, `ERR_SIGV4_TOO_MANY_REDIRECTS`, `ERR_SIGV4_INVALID_REDIRECT`;
 * nothing is sent to the refused target). Messages never contain the secret access key, the session
 * token or the signature.
 *
 * @example
 * ```ts
 * import { SigV4RequestError, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   try {
 *     return await (await signedFetch(process.env.ORDERS_URL ?? '', { timeoutMs: 2000 })).json();
 *   } catch (error) {
 *     if (error instanceof SigV4RequestError && error.code === 'ERR_SIGV4_TIMEOUT') return { statusCode: 504 };
 *     throw error;
 *   }
 * };
 * ```
 */
export class SigV4RequestError extends AuthorizerKitError<SigV4RequestErrorCode> {
  static override readonly errorName: string = 'SigV4RequestError';
  /** For `ERR_SIGV4_TIMEOUT`: the deadline that passed, in milliseconds. */
  readonly timeoutMs: number | undefined;
  /** For the redirect codes: the HTTP status of the redirect not followed (301, 302, 303, 307 or 308). */
  readonly status: number | undefined;

  constructor(
    code: SigV4RequestErrorCode,
    message: string,
    details?: AuthorizerKitErrorOptions & { timeoutMs?: number; status?: number },
  ) {
    super(code, message, details);
    this.timeoutMs = details?.timeoutMs;
    this.status = details?.status;
  }
}

/**
 * What AWS said when it refused a signed request, as carried by a {@link SigV4RejectedError}: see its
 * example.
 */
export interface SigV4RejectionDetails {
  /** The HTTP status, 403. */
  status: number;
  /** AWS's error type from the `x-amzn-ErrorType` header, e.g. `InvalidSignatureException`. */
  errorType: string;
  /** AWS's message, first sentences only, with anything secret removed; `''` when there was none. */
  awsMessage: string;
  /** The `x-amzn-RequestId` header, for AWS support; `undefined` when absent. */
  requestId: string | undefined;
  /** What to check or change to fix it. */
  hint: string;
}

/**
 * Thrown by `signedFetch()` when AWS refused the signed request with a 403 (unless
 * `throwOnRejection: false`): a signature that does not match (`ERR_SIGV4_INVALID_SIGNATURE`), a
 * stale or future date (`ERR_SIGV4_SIGNATURE_EXPIRED`), missing IAM permissions
 * (`ERR_SIGV4_ACCESS_DENIED`) or an unknown access key or session token
 * (`ERR_SIGV4_UNRECOGNIZED_CLIENT`). The message ends with a hint.
 *
 * @example
 * ```ts
 * import { SigV4RejectedError, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   try {
 *     return await (await signedFetch(process.env.ORDERS_URL ?? '')).json();
 *   } catch (error) {
 *     if (error instanceof SigV4RejectedError) console.error(error.code, error.errorType, error.requestId, error.hint);
 *     throw error;
 *   }
 * };
 * ```
 */
export class SigV4RejectedError
  extends AuthorizerKitError<SigV4RejectedErrorCode>
  implements SigV4RejectionDetails
{
  static override readonly errorName: string = 'SigV4RejectedError';
  readonly status: number;
  readonly errorType: string;
  readonly awsMessage: string;
  readonly requestId: string | undefined;
  readonly hint: string;

  constructor(
    code: SigV4RejectedErrorCode,
    message: string,
    details: SigV4RejectionDetails,
    options?: AuthorizerKitErrorOptions,
  ) {
    super(code, message, options);
    this.status = details.status;
    this.errorType = details.errorType;
    this.awsMessage = details.awsMessage;
    this.requestId = details.requestId;
    this.hint = details.hint;
  }
}

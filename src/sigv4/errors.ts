import { AuthorizerKitError, type AuthorizerKitErrorOptions } from '../lib/errors.js';

/**
 * The `code` values a {@link SigV4SigningError} can carry: the request was refused before it was sent.
 *
 * @example
 * ```ts
 * import { SigV4SigningError, type SigV4SigningErrorCode, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   try {
 *     return (await signedFetch(process.env.ORDERS_URL ?? '')).status;
 *   } catch (error) {
 *     if (!(error instanceof SigV4SigningError)) throw error;
 *     const code: SigV4SigningErrorCode = error.code;
 *     switch (code) {
 *       case 'ERR_SIGV4_NO_CREDENTIALS':
 *       case 'ERR_SIGV4_CREDENTIALS_EXPIRED':
 *         console.error('no usable credentials: check the execution role');
 *         break;
 *       case 'ERR_SIGV4_REGION_UNKNOWN':
 *         console.error('custom domain: pass the region of the receiving function');
 *         break;
 *       default:
 *         console.error(code, error.message);
 *     }
 *     throw error;
 *   }
 * };
 * ```
 */
export type SigV4SigningErrorCode =
  | 'ERR_SIGV4_NO_CREDENTIALS'
  | 'ERR_SIGV4_INVALID_CREDENTIALS'
  | 'ERR_SIGV4_CREDENTIALS_EXPIRED'
  | 'ERR_SIGV4_CREDENTIALS_PROVIDER_FAILED'
  | 'ERR_SIGV4_REGION_UNKNOWN'
  | 'ERR_SIGV4_REGION_MISMATCH'
  | 'ERR_SIGV4_SERVICE_MISMATCH'
  | 'ERR_SIGV4_INVALID_URL'
  | 'ERR_SIGV4_INVALID_METHOD'
  | 'ERR_SIGV4_INVALID_HEADER'
  | 'ERR_SIGV4_UNSUPPORTED_BODY'
  | 'ERR_SIGV4_INVALID_OPTION';

/**
 * The `code` values a {@link SigV4RejectedError} can carry: AWS answered 403 to a signed request.
 *
 * @example
 * ```ts
 * import { SigV4RejectedError, type SigV4RejectedErrorCode, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   try {
 *     return (await signedFetch(process.env.ORDERS_URL ?? '')).status;
 *   } catch (error) {
 *     if (!(error instanceof SigV4RejectedError)) throw error;
 *     const code: SigV4RejectedErrorCode = error.code;
 *     switch (code) {
 *       case 'ERR_SIGV4_ACCESS_DENIED':
 *         console.error('grant lambda:InvokeFunctionUrl to the execution role', error.requestId);
 *         break;
 *       case 'ERR_SIGV4_SIGNATURE_EXPIRED':
 *         console.error('clock skew over 5 minutes');
 *         break;
 *       case 'ERR_SIGV4_INVALID_SIGNATURE':
 *       case 'ERR_SIGV4_UNRECOGNIZED_CLIENT':
 *         console.error(code, error.hint);
 *         break;
 *     }
 *     throw error;
 *   }
 * };
 * ```
 */
export type SigV4RejectedErrorCode =
  | 'ERR_SIGV4_INVALID_SIGNATURE'
  | 'ERR_SIGV4_SIGNATURE_EXPIRED'
  | 'ERR_SIGV4_ACCESS_DENIED'
  | 'ERR_SIGV4_UNRECOGNIZED_CLIENT';

/**
 * The `code` value of a {@link SigV4TimeoutError}.
 *
 * @example
 * ```ts
 * import { SigV4Error, type SigV4TimeoutErrorCode, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * const timedOut: SigV4TimeoutErrorCode = 'ERR_SIGV4_TIMEOUT';
 *
 * export const handler = async () => {
 *   try {
 *     return await (await signedFetch(process.env.ORDERS_URL ?? '', { timeoutMs: 2000 })).json();
 *   } catch (error) {
 *     if (error instanceof SigV4Error && error.code === timedOut) return { statusCode: 504, body: 'orders timed out' };
 *     throw error;
 *   }
 * };
 * ```
 */
export type SigV4TimeoutErrorCode = 'ERR_SIGV4_TIMEOUT';

/**
 * The `code` values a {@link SigV4RedirectError} can carry: with `redirect: 'follow'`, a redirect that
 * `signedFetch()` refused to follow.
 *
 * @example
 * ```ts
 * import { SigV4RedirectError, type SigV4RedirectErrorCode, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   try {
 *     return (await signedFetch(process.env.ORDERS_URL ?? '', { redirect: 'follow' })).status;
 *   } catch (error) {
 *     if (!(error instanceof SigV4RedirectError)) throw error;
 *     const code: SigV4RedirectErrorCode = error.code;
 *     switch (code) {
 *       case 'ERR_SIGV4_CROSS_ORIGIN_REDIRECT':
 *         console.error('the receiver redirects to another origin: call that URL directly');
 *         break;
 *       case 'ERR_SIGV4_TOO_MANY_REDIRECTS':
 *       case 'ERR_SIGV4_INVALID_REDIRECT':
 *         console.error(code, error.status);
 *         break;
 *     }
 *     throw error;
 *   }
 * };
 * ```
 */
export type SigV4RedirectErrorCode =
  | 'ERR_SIGV4_CROSS_ORIGIN_REDIRECT'
  | 'ERR_SIGV4_TOO_MANY_REDIRECTS'
  | 'ERR_SIGV4_INVALID_REDIRECT';

/**
 * Every `code` a {@link SigV4Error} can carry.
 *
 * @example
 * ```ts
 * import { SigV4Error, type SigV4ErrorCode, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   try {
 *     const response = await signedFetch(process.env.ORDERS_URL ?? '');
 *     return { statusCode: response.status, body: await response.text() };
 *   } catch (error) {
 *     if (!(error instanceof SigV4Error)) throw error;
 *     const code: SigV4ErrorCode = error.code;
 *     switch (code) {
 *       case 'ERR_SIGV4_TIMEOUT':
 *         return { statusCode: 504, body: 'orders timed out' };
 *       case 'ERR_SIGV4_ACCESS_DENIED':
 *         return { statusCode: 502, body: 'not allowed to call orders' };
 *       default:
 *         console.error(code, error.message);
 *         throw error;
 *     }
 *   }
 * };
 * ```
 */
export type SigV4ErrorCode =
  | SigV4SigningErrorCode
  | SigV4RejectedErrorCode
  | SigV4TimeoutErrorCode
  | SigV4RedirectErrorCode;

/**
 * The base class of the errors thrown by `lambda-authorizer-kit/sigv4`: catch it to handle every
 * signing, timeout, redirect and rejection failure at once, then switch on `code`.
 *
 * Messages never contain the secret access key, the session token or the signature.
 *
 * @example
 * ```ts
 * import { SigV4Error, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   try {
 *     const response = await signedFetch(process.env.ORDERS_URL ?? '');
 *     return { statusCode: response.status, body: await response.text() };
 *   } catch (error) {
 *     if (error instanceof SigV4Error) console.error(error.code, error.message);
 *     throw error;
 *   }
 * };
 * ```
 */
export class SigV4Error extends AuthorizerKitError {
  static override readonly errorName: string = 'SigV4Error';
  declare readonly code: SigV4ErrorCode;

  constructor(code: SigV4ErrorCode, message: string, options?: AuthorizerKitErrorOptions) {
    super(code, message, options);
  }
}

/**
 * Thrown by `signRequest()` and `signedFetch()` when a request cannot be signed correctly, so it is
 * never sent: no credentials, a host with no inferable region, a region or service that contradicts
 * the host, a non-http(s) URL, an invalid method or header, or a body that cannot be hashed (a stream,
 * a `Blob`, a `FormData`...).
 *
 * @example
 * ```ts
 * import { SigV4SigningError, signRequest } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   try {
 *     return await signRequest({ url: 'https://example.com/orders' });
 *   } catch (error) {
 *     if (error instanceof SigV4SigningError) console.error(error.code); // 'ERR_SIGV4_REGION_UNKNOWN'
 *     throw error;
 *   }
 * };
 * ```
 */
export class SigV4SigningError extends SigV4Error {
  static override readonly errorName: string = 'SigV4SigningError';
  declare readonly code: SigV4SigningErrorCode;

  constructor(code: SigV4SigningErrorCode, message: string, options?: AuthorizerKitErrorOptions) {
    super(code, message, options);
  }
}

/**
 * Thrown by `signedFetch()` when no response arrived within `timeoutMs`, and by reading the body of
 * its response when the deadline passes while the body is still arriving.
 *
 * @example
 * ```ts
 * import { SigV4TimeoutError, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   try {
 *     return await (await signedFetch(process.env.ORDERS_URL ?? '', { timeoutMs: 2000 })).json();
 *   } catch (error) {
 *     if (error instanceof SigV4TimeoutError) return { statusCode: 504, body: 'orders timed out' };
 *     throw error;
 *   }
 * };
 * ```
 */
export class SigV4TimeoutError extends SigV4Error {
  static override readonly errorName: string = 'SigV4TimeoutError';
  declare readonly code: SigV4TimeoutErrorCode;
  /** The deadline that passed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number, message: string, options?: AuthorizerKitErrorOptions) {
    super('ERR_SIGV4_TIMEOUT', message, options);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Thrown by `signedFetch()` with `redirect: 'follow'` when it refuses to follow a redirect: one to
 * another origin (`ERR_SIGV4_CROSS_ORIGIN_REDIRECT`: the signed headers and the body would go there),
 * one past the fifth in a chain (`ERR_SIGV4_TOO_MANY_REDIRECTS`), or one whose `Location` is not a
 * usable URL (`ERR_SIGV4_INVALID_REDIRECT`). Nothing is sent to the refused target.
 *
 * @example
 * ```ts
 * import { SigV4RedirectError, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   try {
 *     return (await signedFetch(process.env.ORDERS_URL ?? '', { redirect: 'follow' })).status;
 *   } catch (error) {
 *     if (error instanceof SigV4RedirectError) console.error(error.code, error.status);
 *     throw error;
 *   }
 * };
 * ```
 */
export class SigV4RedirectError extends SigV4Error {
  static override readonly errorName: string = 'SigV4RedirectError';
  declare readonly code: SigV4RedirectErrorCode;
  /** The HTTP status of the redirect that was not followed (301, 302, 303, 307 or 308). */
  readonly status: number;

  constructor(
    code: SigV4RedirectErrorCode,
    message: string,
    status: number,
    options?: AuthorizerKitErrorOptions,
  ) {
    super(code, message, options);
    this.status = status;
  }
}

/**
 * What AWS said when it refused a signed request, as carried by a {@link SigV4RejectedError}.
 *
 * @example
 * ```ts
 * import { SigV4RejectedError, type SigV4RejectionDetails, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   try {
 *     return (await signedFetch(process.env.ORDERS_URL ?? '')).status;
 *   } catch (error) {
 *     if (error instanceof SigV4RejectedError) {
 *       const { status, errorType, awsMessage, requestId, hint }: SigV4RejectionDetails = error;
 *       console.error(JSON.stringify({ status, errorType, awsMessage, requestId, hint }));
 *     }
 *     throw error;
 *   }
 * };
 * ```
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
 *     if (error instanceof SigV4RejectedError) console.error(error.code, error.errorType, error.hint);
 *     throw error;
 *   }
 * };
 * ```
 */
export class SigV4RejectedError extends SigV4Error implements SigV4RejectionDetails {
  static override readonly errorName: string = 'SigV4RejectedError';
  declare readonly code: SigV4RejectedErrorCode;
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

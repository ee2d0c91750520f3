/**
 * AWS Signature Version 4 for Lambda function URLs with auth type `AWS_IAM` (and any SigV4 HTTP
 * endpoint): sign a request, or send it with `signedFetch()`, with the region and service taken from
 * the URL and the credentials from the Lambda environment.
 *
 * @packageDocumentation
 */
export { AuthorizerKitError, type AuthorizerKitErrorOptions, InvalidOptionError } from '../lib/errors.js';
export { credentialsFromEnv } from './credentials.js';
export {
  type SigV4ErrorCode,
  SigV4RejectedError,
  type SigV4RejectionDetails,
  SigV4RequestError,
} from './errors.js';
export { inferSigningScope, type SigningScope } from './scope.js';
export { type SignedRequest, type SignRequestInput, signRequest } from './sign-request.js';
export { DEFAULT_SIGNED_FETCH_TIMEOUT_MS, type SignedFetchInit, signedFetch } from './signed-fetch.js';
export type {
  BodyInput,
  HeadersInput,
  SignRequestOptions,
  SigV4Credentials,
  SigV4CredentialsProvider,
} from './types.js';

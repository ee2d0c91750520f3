import { JwtVerificationError } from './errors.js';

const BEARER = /^bearer(?:[ \t]+|$)/i;
const SCHEME_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,19}$/;

/**
 * Takes the token out of an `Authorization: Bearer <token>` header value. The scheme is matched
 * case-insensitively and surrounding whitespace is ignored.
 *
 * @param headerValue - the header value, e.g. `event.authorizationToken` (TOKEN authorizer) or
 * `event.headers.authorization` (REQUEST and HTTP API authorizers); `undefined` when absent.
 * @returns the token, without the scheme.
 * @throws {@link JwtVerificationError} `ERR_BEARER_MISSING` when there is no header,
 * `ERR_BEARER_EMPTY` when it is blank or `Bearer` has no token, `ERR_BEARER_SCHEME` for another
 * scheme (`Basic ...`) or none, `ERR_BEARER_MALFORMED` when the token contains whitespace.
 * Messages never contain the header value.
 *
 * @example
 * ```ts
 * import { createJwtVerifier, extractBearerToken } from 'lambda-authorizer-kit/jwt';
 * import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
 *
 * const verifier = createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' });
 *
 * export const handler = async (event: APIGatewayRequestAuthorizerEvent) => {
 *   const token = extractBearerToken(event.headers?.authorization ?? event.headers?.Authorization);
 *   return verifier.verify(token);
 * };
 * ```
 */
export function extractBearerToken(headerValue: string | null | undefined): string {
  if (headerValue === undefined || headerValue === null) {
    throw new JwtVerificationError(
      'ERR_BEARER_MISSING',
      'No Authorization header: expected "Bearer <token>". Check the identity source of the authorizer.',
    );
  }
  if (typeof headerValue !== 'string') {
    throw new JwtVerificationError('ERR_BEARER_MISSING', 'The Authorization header value is not a string.');
  }
  const value = headerValue.trim();
  if (value === '') throw new JwtVerificationError('ERR_BEARER_EMPTY', 'The Authorization header is empty.');
  const match = BEARER.exec(value);
  if (match === null) {
    const space = value.search(/[ \t]/);
    const scheme = space < 0 ? undefined : value.slice(0, space);
    throw new JwtVerificationError(
      'ERR_BEARER_SCHEME',
      scheme !== undefined && SCHEME_NAME.test(scheme)
        ? `The Authorization header uses the ${JSON.stringify(scheme)} scheme; expected "Bearer <token>".`
        : 'The Authorization header has no scheme; expected "Bearer <token>". Did the client send the bare token?',
    );
  }
  const token = value.slice(match[0].length);
  if (token === '') {
    throw new JwtVerificationError(
      'ERR_BEARER_EMPTY',
      'The Authorization header says "Bearer" but carries no token.',
    );
  }
  if (/\s/.test(token)) {
    throw new JwtVerificationError(
      'ERR_BEARER_MALFORMED',
      'The bearer token contains whitespace; expected "Bearer <token>" with a single token.',
    );
  }
  return token;
}

import type { JwtPayload } from '../jwt/types.js';
import type { AuthorizerContext } from '../policy/types.js';
import { AuthorizerFailedError } from './errors.js';

/**
 * The default context of the JWT handlers: every top-level claim of the token, flattened so API
 * Gateway accepts it: strings, numbers and booleans as they are, arrays and objects JSON-encoded
 * (`roles: '["admin"]'`), `null` dropped.
 * @internal
 */
export function flatClaims(claims: JwtPayload): AuthorizerContext {
  const entries: [string, string | number | boolean][] = [];
  for (const [key, value] of Object.entries(claims)) {
    if (
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    ) {
      entries.push([key, value]);
    } else if (typeof value === 'object' && value !== null) {
      entries.push([key, JSON.stringify(value)]);
    }
  }
  return Object.fromEntries(entries);
}

/** The default principal: `sub`, else `client_id` (machine-to-machine tokens). @internal */
export function defaultPrincipal(claims: JwtPayload): string {
  const principal = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : claims.client_id;
  if (typeof principal !== 'string' || principal === '') {
    throw new AuthorizerFailedError(
      'ERR_AUTHORIZER_FAILED',
      'The verified token has neither "sub" nor "client_id"; pass a principalId(claims) option to choose the principal.',
    );
  }
  return principal;
}

import type { JwtPayload } from '../jwt/types.js';
import type { AuthorizerContext } from '../policy/types.js';
import { AuthorizerFailedError } from './errors.js';

/**
 * The default context of the JWT handlers: the token's top-level claims whose values are strings,
 * numbers or booleans (what API Gateway can pass on); arrays and objects are left out.
 * @internal
 */
export function scalarClaims(claims: JwtPayload): AuthorizerContext {
  const entries: [string, string | number | boolean][] = [];
  for (const [key, value] of Object.entries(claims)) {
    if (
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    ) {
      entries.push([key, value]);
    }
  }
  return Object.fromEntries(entries);
}

/** The default principal: `sub`, else `client_id` (machine-to-machine tokens). @internal */
export function defaultPrincipal(claims: JwtPayload): string {
  const principal = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : claims.client_id;
  if (typeof principal !== 'string' || principal === '') {
    throw new AuthorizerFailedError(
      'The verified token has neither "sub" nor "client_id"; pass a principalId(claims) option to choose the principal.',
    );
  }
  return principal;
}

import type { JwtPayload } from '../jwt/types.js';
import type { AuthorizerLogger } from './failure.js';

/** How long a context enrichment call may take by default, in milliseconds (short: it adds to every cold path). */
export const DEFAULT_ENRICH_TIMEOUT_MS = 2000;

/**
 * Adds context from another system (e.g. an HTTP API call) once the token is verified. It gets the
 * claims and an `AbortSignal` that fires after `enrichTimeoutMs`; pass the signal to `fetch`.
 *
 * @example
 * ```ts
 * import type { EnrichContext } from 'lambda-authorizer-kit/authorizer';
 *
 * const status: EnrichContext = async (claims, signal) => {
 *   const response = await fetch(`https://api.example.com/api/status?${claims.sub}`, { signal });
 *   return response.status === 200 ? { status: ((await response.json()) as { status: string }).status } : { status: 'basic' };
 * };
 * ```
 */
export type EnrichContext<TClaims extends JwtPayload = JwtPayload> = (
  claims: TClaims,
  signal: AbortSignal,
) => Promise<Record<string, unknown>> | Record<string, unknown>;

/**
 * Runs an enrichment with a timeout; on failure or timeout, logs one line (no token data) and
 * returns the fallback, so the request is still decided.
 * @internal
 */
export async function runEnrichment<TClaims extends JwtPayload>(
  enrich: EnrichContext<TClaims>,
  claims: TClaims,
  timeoutMs: number,
  fallback: Record<string, unknown>,
  logger: AuthorizerLogger,
): Promise<Record<string, unknown>> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`context enrichment took longer than ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const added = await Promise.race([
      Promise.resolve().then(() => enrich(claims, controller.signal)),
      timeout,
    ]);
    if (typeof added !== 'object' || added === null || Array.isArray(added)) {
      throw new Error('context enrichment must resolve to an object');
    }
    return added;
  } catch (error) {
    try {
      logger.error('context enrichment failed; using the fallback context', {
        errorName: error instanceof Error ? error.name : typeof error,
        errorMessage:
          error instanceof Error && error.message.startsWith('context enrichment')
            ? error.message
            : undefined,
      });
    } catch {
      // The fallback stands whatever the logger does.
    }
    return fallback;
  } finally {
    clearTimeout(timer);
  }
}

import type { JwtPayload } from '../jwt/types.js';
import type { AuthorizerContextValue } from '../policy/types.js';
import { CallbackFailure, callBack } from './failure.js';

/** How long a context enrichment call may take by default, in milliseconds (short: it adds to every cold path). */
export const DEFAULT_ENRICH_TIMEOUT_MS = 2000;

/**
 * Adds context from another system (e.g. an HTTP API call) once the token is verified. It gets the
 * claims and an `AbortSignal` that fires after `enrichTimeoutMs`; pass the signal to `fetch`. It is
 * awaited; what it resolves to must be a context object (for IAM results: strings, numbers and
 * booleans).
 *
 * See the example of {@link createTokenAuthorizer}.
 */
export type EnrichContext<
  TClaims extends JwtPayload = JwtPayload,
  TContext extends Record<string, unknown> = Record<string, AuthorizerContextValue | undefined>,
> = (claims: TClaims, signal: AbortSignal) => Promise<TContext> | TContext;

/**
 * What a failing or late `enrich` leads to: `'fallback'` (the default) decides with
 * `enrichFallback` as the added context; `'deny'` answers 403 (an explicit Deny, which API Gateway
 * caches for the token like any result); `'fail'` answers 500 (not cached: the client may retry).
 *
 * See the example of {@link createTokenAuthorizer}.
 */
export type EnrichFailure = 'fallback' | 'deny' | 'fail';

/** The outcome of one enrichment: the context it added, or why it did not. @internal */
export type Enrichment = { ok: true; context: unknown } | { ok: false; failure: CallbackFailure };

/**
 * Runs an enrichment with a timeout. A throw, a rejection or the timeout is a failure, handed back for
 * the caller to apply `onEnrichFailure`; an answer that is not a context is the caller's to refuse.
 * @internal
 */
export async function runEnrichment<TClaims extends JwtPayload>(
  enrich: EnrichContext<TClaims, Record<string, unknown>>,
  claims: TClaims,
  timeoutMs: number,
): Promise<Enrichment> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new CallbackFailure('enrich', undefined, `took longer than enrichTimeoutMs (${timeoutMs} ms)`));
    }, timeoutMs);
  });
  try {
    const context = await Promise.race([callBack('enrich', enrich, claims, controller.signal), timeout]);
    return { ok: true, context };
  } catch (error) {
    return { ok: false, failure: error as CallbackFailure };
  } finally {
    clearTimeout(timer);
  }
}

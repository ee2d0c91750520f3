import type { AppSyncAuthorizerEvent } from 'aws-lambda';
import type { JwtPayload } from '../jwt/types.js';
import type { JwtVerifier } from '../jwt/verifier.js';
import { describeType, describeValue } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import { REFUSAL } from '../lib/refusal.js';
import {
  type AppSyncAuthorizerAnswer,
  type AppSyncContextValue,
  appSyncAnswer,
  checkTtl,
} from './appsync-result.js';
import { flatClaims } from './claims.js';
import { AuthorizerFailedError, UnauthorizedError } from './errors.js';
import {
  type AuthorizerLogger,
  badAnswer,
  callBack,
  consoleLogger,
  type GuardWording,
  RequestGuard,
} from './failure.js';
import { type TokenScheme, tokenOf, verifyToken } from './jwt-handler.js';

/**
 * The resolver context an AppSync authorizer's callbacks may answer: flat values; `undefined` is dropped.
 *
 * See the example of {@link createAppSyncAuthorizer}.
 */
export type AppSyncResolverContext = Record<string, AppSyncContextValue | undefined>;

/**
 * What `authorize` decides: `true` or `{ allow: true, ... }` allows (with `deniedFields` nulled by
 * AppSync, `resolverContext` merged over the default, a `ttlOverride` of its own); `false` or
 * `{ allow: false }` refuses.
 *
 * See the example of {@link createAppSyncAuthorizer}.
 */
export type AppSyncDecision =
  | boolean
  | {
      allow: true;
      deniedFields?: readonly string[];
      resolverContext?: AppSyncResolverContext;
      ttlOverride?: number;
    }
  | { allow: false; ttlOverride?: number };

/**
 * Options of {@link createAppSyncAuthorizer}.
 */
export interface AppSyncAuthorizerOptions<TClaims extends JwtPayload = JwtPayload> {
  /** The verifier from `createJwtVerifier()` (created once, at module scope). */
  verifier: Pick<JwtVerifier, 'verify'>;
  /**
   * How the token sits in `authorizationToken` (AppSync passes the `Authorization` header as sent;
   * AppSync clients usually send the JWT without a scheme). Default: `'bearer-or-raw'`.
   */
  tokenScheme?: TokenScheme;
  /**
   * Decides for a verified token; awaited. Only `true` or `{ allow: true }` allows; `false` or
   * `{ allow: false }` refuses; anything else, a throw or a rejection fails closed
   * (`isAuthorized: false`, not cached), `unauthorized()` refuses. AppSync caches the answer for
   * the token, whatever the operation: decide from the claims, or answer `ttlOverride: 0` for a
   * verdict on the operation. Default: every verified token is allowed.
   */
  authorize?: (claims: TClaims, event: AppSyncAuthorizerEvent) => AppSyncDecision | Promise<AppSyncDecision>;
  /** The resolver context of an allowed token; awaited. Default: the token's claims, flattened. */
  resolverContext?: (claims: TClaims) => AppSyncResolverContext | Promise<AppSyncResolverContext>;
  /** The `ttlOverride` of allowed answers, 0 to 3600 s. Default: none (the API's configured TTL). */
  ttlSeconds?: number;
  /** The `ttlOverride` of refusals, 0 to 3600 s. Default: `0`, so a refusal is never cached. */
  refusalTtlSeconds?: number;
  /** Where the handler writes its lines. Default: JSON lines on the console. */
  logger?: AuthorizerLogger;
}

/**
 * An AppSync Lambda authorizer handler.
 *
 * See the example of {@link createAppSyncAuthorizer}.
 */
export type AppSyncAuthorizerHandler = (event: AppSyncAuthorizerEvent) => Promise<AppSyncAuthorizerAnswer>;

const WORDING: GuardWording = {
  refused: 'AppSync answers UnauthorizedException',
  denied: 'AppSync answers UnauthorizedException',
  failed: 'AppSync answers UnauthorizedException (not cached)',
};

/**
 * Creates an AppSync (GraphQL API, `AWS_LAMBDA` authorization) Lambda authorizer that verifies the
 * JWT in `authorizationToken` and answers `{ isAuthorized, resolverContext, deniedFields, ttlOverride }`.
 *
 * - a missing or refused token, `authorize` answering `false`, `unauthorized()` → `isAuthorized:
 *   false` with `ttlOverride: refusalTtlSeconds` (0: not cached); the reason code is logged at debug;
 * - a verified token → `isAuthorized: true` with the claims (flattened) as `resolverContext`;
 * - the JWKS unreachable, a callback that throws or answers something not understood, an answer that
 *   breaks AppSync's limits → logged, then `isAuthorized: false, ttlOverride: 0`, never allow.
 *
 * @throws {@link InvalidOptionError} at creation when the verifier or an option is missing or wrong.
 *
 * @example
 * ```ts
 * import { createAppSyncAuthorizer } from 'lambda-authorizer-kit/authorizer';
 * import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';
 *
 * const verifier = createJwtVerifier({ issuer: process.env.ISSUER!, audience: process.env.AUDIENCE! });
 *
 * export const handler = createAppSyncAuthorizer({
 *   verifier,
 *   authorize: (claims) => ({ allow: true, deniedFields: claims.admin === true ? [] : ['Mutation.deletePost'] }),
 * });
 * ```
 */
export function createAppSyncAuthorizer<TClaims extends JwtPayload = JwtPayload>(
  options: AppSyncAuthorizerOptions<TClaims>,
): AppSyncAuthorizerHandler {
  checkOptions(options);
  const logger = options.logger ?? consoleLogger;
  const refusalTtl = options.refusalTtlSeconds ?? 0;
  return async (event) => {
    const guard = new RequestGuard(event, logger, WORDING);
    try {
      const header = typeof event?.authorizationToken === 'string' ? event.authorizationToken : undefined;
      const claims = await verifyToken<TClaims>(
        options.verifier,
        tokenOf(header, options.tokenScheme ?? 'bearer-or-raw'),
      );
      const decision =
        options.authorize === undefined
          ? true
          : await callBack('authorize', options.authorize, claims, event);
      const allow =
        typeof decision === 'boolean' ? decision : (decision as { allow?: unknown } | null)?.allow;
      if (typeof allow !== 'boolean') {
        badAnswer(
          'authorize',
          `returned ${describeType(decision)}; it must return true, false or { allow: boolean, ... }`,
        );
      }
      const d = typeof decision === 'object' ? (decision as Exclude<AppSyncDecision, boolean>) : undefined;
      if (!allow) {
        const ttl =
          d?.ttlOverride === undefined ? refusalTtl : checked(() => checkTtl(d.ttlOverride, 'ttlOverride'));
        return mark(
          appSyncAnswer(false, { ttlOverride: ttl }),
          guard,
          'ERR_AUTHORIZER_DENIED',
          'authorize() refused',
        );
      }
      const base =
        options.resolverContext === undefined
          ? flatClaims(claims)
          : await callBack('resolverContext', options.resolverContext, claims);
      const extra = d?.allow === true ? d.resolverContext : undefined;
      const source =
        d?.allow === true
          ? 'authorize'
          : options.resolverContext === undefined
            ? undefined
            : 'resolverContext';
      // Built and checked now: an answer AppSync would refuse is never sent as isAuthorized: true.
      const build = () =>
        appSyncAnswer(true, {
          resolverContext: extra === undefined ? base : { ...(base as object), ...extra },
          ...(d?.allow === true && d.deniedFields !== undefined ? { deniedFields: d.deniedFields } : {}),
          ...(d?.ttlOverride !== undefined
            ? { ttlOverride: d.ttlOverride }
            : options.ttlSeconds === undefined
              ? {}
              : { ttlOverride: options.ttlSeconds }),
        });
      if (source === undefined) return build();
      try {
        return build();
      } catch (error) {
        badAnswer(source, `returned an answer AppSync would refuse: ${(error as Error).message}`);
      }
    } catch (error) {
      return settle(guard, error, refusalTtl);
    }
  };
}

function checked<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    badAnswer('authorize', `returned an answer AppSync would refuse: ${(error as Error).message}`);
  }
}

function mark<T extends object>(
  answer: T,
  guard: RequestGuard,
  code: 'ERR_AUTHORIZER_DENIED',
  reason: string,
): T {
  return guard.deny(answer, code, reason);
}

/**
 * Why refusals and failures answer rather than throw. AppSync ("Configuring authorization and
 * authentication to secure your GraphQL APIs", AWS_LAMBDA authorization) gives the client
 * `UnauthorizedException` for `isAuthorized: false`, and caches an answer for `ttlOverride` seconds
 * (0: not cached). A refusal therefore answers `isAuthorized: false` with `refusalTtlSeconds`
 * (default 0: a token refused during a key rotation or for a clock skew is not locked out); a
 * failure (JWKS unreachable, a callback's throw or unusable answer) answers `isAuthorized: false,
 * ttlOverride: 0`, so an outage is never cached, and is logged at error level. What AppSync does
 * with a function that throws is not documented as precisely (neither whether nor how long it is
 * cached), so the handler never throws.
 */
function settle(guard: RequestGuard, error: unknown, refusalTtl: number): AppSyncAuthorizerAnswer {
  try {
    guard.settle(error);
  } catch (settled) {
    const answer: AppSyncAuthorizerAnswer = { isAuthorized: false, ttlOverride: 0 };
    if (settled instanceof UnauthorizedError) {
      answer.ttlOverride = refusalTtl;
      Object.defineProperty(answer, REFUSAL, {
        value: { code: settled.code, reason: settled.reason },
        enumerable: false,
      });
    } else {
      const code = settled instanceof AuthorizerFailedError ? settled.code : 'ERR_AUTHORIZER_FAILED';
      const reason = settled instanceof Error ? settled.message : 'the authorizer could not decide';
      Object.defineProperty(answer, REFUSAL, { value: { code, reason }, enumerable: false });
    }
    return answer;
  }
  return { isAuthorized: false, ttlOverride: 0 };
}

function checkOptions(options: AppSyncAuthorizerOptions<never> | undefined): void {
  if (typeof options?.verifier?.verify !== 'function') {
    throw new InvalidOptionError(
      'verifier',
      'createAppSyncAuthorizer() needs a verifier: createJwtVerifier({ issuer, audience }).',
    );
  }
  for (const name of ['authorize', 'resolverContext'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new InvalidOptionError(name, `createAppSyncAuthorizer() option ${name} must be a function.`);
    }
  }
  const schemes: unknown[] = ['bearer', 'raw', 'bearer-or-raw'];
  if (options.tokenScheme !== undefined && !schemes.includes(options.tokenScheme)) {
    throw new InvalidOptionError(
      'tokenScheme',
      `createAppSyncAuthorizer() option tokenScheme must be 'bearer', 'raw' or 'bearer-or-raw', got ${describeValue(options.tokenScheme)}.`,
    );
  }
  for (const name of ['ttlSeconds', 'refusalTtlSeconds'] as const) {
    if (options[name] === undefined) continue;
    try {
      checkTtl(options[name], name);
    } catch (cause) {
      throw new InvalidOptionError(name, `createAppSyncAuthorizer() option ${(cause as Error).message}`, {
        cause,
      });
    }
  }
}

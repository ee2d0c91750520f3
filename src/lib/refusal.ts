/**
 * The registered symbol under which the authorizer factories mark a Deny (or `isAuthorized: false`)
 * result with why they refused. Not enumerable, so the JSON that Lambda sends to API Gateway never
 * carries it; registered, so the testing kit of any copy of the package reads it.
 * @internal
 */
export const REFUSAL: unique symbol = Symbol.for('lambda-authorizer-kit.refusal') as never;

/** The reason a factory marked a result with, if any. @internal */
export function refusalOf(result: unknown): { code: string; reason: string } | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  try {
    const found = (result as { [REFUSAL]?: unknown })[REFUSAL] as
      | { code?: unknown; reason?: unknown }
      | undefined;
    return typeof found?.code === 'string' && typeof found.reason === 'string'
      ? { code: found.code, reason: found.reason }
      : undefined;
  } catch {
    return undefined;
  }
}

import { describeValue } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import type { AuthorizerRequest } from './request.js';

type Reader = (request: AuthorizerRequest) => string | undefined;

const FORMS: [RegExp, (name: string) => Reader | undefined][] = [
  [/^(?:method\.request|route\.request|\$request)\.header\.(.+)$/, (name) => (r) => r.header(name)],
  [/^(?:method\.request|route\.request|\$request)\.querystring\.(.+)$/, (name) => (r) => r.query(name)],
  [/^\$?stageVariables\.(.+)$/, (name) => (r) => r.stageVariable(name)],
  [/^\$?context\.(.+)$/, () => undefined],
];

/**
 * Compiles identity source expressions into a function returning their values for a request
 * (`context.*` sources are skipped: the event does not carry them).
 * @internal
 */
export function compileIdentityValues(
  sources: readonly string[],
): (request: AuthorizerRequest) => (string | undefined)[] {
  const readers = compileReaders(sources);
  return (request) => readers.map(([, read]) => read(request));
}

/**
 * Compiles identity source expressions (`method.request.header.Auth`, `route.request.querystring.token`,
 * `$request.querystring.token`, `stageVariables.Env`, ...) into a check that every one is present and
 * non-empty, as API Gateway requires before it calls an authorizer with caching on: the check answers
 * the first expression without a value, or `undefined` when all have one. `context.*` sources are
 * accepted but not checked (the event does not carry them).
 * @internal
 */
export function compileIdentitySources(
  sources: readonly string[] | undefined,
): (request: AuthorizerRequest) => string | undefined {
  if (sources === undefined) return () => undefined;
  const readers = compileReaders(sources);
  return (request) => readers.find(([, read]) => (read(request) ?? '') === '')?.[0];
}

function compileReaders(sources: readonly string[]): [string, Reader][] {
  if (!Array.isArray(sources)) {
    throw new InvalidOptionError(
      'identitySource',
      `identitySource must be an array of expressions, got ${describeValue(sources)}.`,
    );
  }
  const readers: [string, Reader][] = [];
  for (const source of sources as unknown[]) {
    let known = false;
    for (const [pattern, make] of FORMS) {
      const match = typeof source === 'string' ? pattern.exec(source) : null;
      if (match?.[1] === undefined) continue;
      const reader = make(match[1]);
      if (reader !== undefined) readers.push([source as string, reader]);
      known = true;
      break;
    }
    if (known) continue;
    throw new InvalidOptionError(
      'identitySource',
      `identitySource ${describeValue(source)} is not an API Gateway identity source. Use method.request.header.Name, method.request.querystring.Name, stageVariables.Name (REST), route.request.header.Name, route.request.querystring.Name (WebSocket) or $request.header.Name, $request.querystring.Name (HTTP API).`,
    );
  }
  return readers;
}

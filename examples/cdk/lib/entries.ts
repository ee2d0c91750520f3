import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the examples import the package by name, resolved there to its source. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/**
 * The handler files this app deploys, relative to the repository root. Every function is bundled
 * from one of these; nothing else in the app names a handler path.
 */
export const EXAMPLE_ENTRIES = {
  tokenAuthorizer: 'examples/token-authorizer/handler.ts',
  requestAuthorizer: 'examples/request-authorizer/handler.ts',
  httpApiAuthorizer: 'examples/http-api-authorizer/handler.ts',
  websocketAuthorizer: 'examples/websocket-authorizer/handler.ts',
  functionUrlCallee: 'examples/function-url/callee.ts',
  functionUrlCaller: 'examples/function-url/caller.ts',
} as const;

export type ExampleName = keyof typeof EXAMPLE_ENTRIES;

export const EXAMPLE_NAMES = Object.keys(EXAMPLE_ENTRIES) as ExampleName[];

/** Absolute path of one example's handler under `root`. */
export function entryPath(name: ExampleName, root: string = REPO_ROOT): string {
  return join(root, EXAMPLE_ENTRIES[name]);
}

/** The examples whose handler file is not (yet) under `root`. */
export function missingEntries(root: string = REPO_ROOT): ExampleName[] {
  return EXAMPLE_NAMES.filter((name) => !existsSync(entryPath(name, root)));
}

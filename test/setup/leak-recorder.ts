import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { format } from 'node:util';
import { afterAll, expect, inject } from 'vitest';
import { findLeaks, type LeakFinding } from './leak-rules.js';

/**
 * Runs before every test file (vitest `setupFiles`): records everything written through `console.*`,
 * `process.stdout.write` and `process.stderr.write`, and the message (and causes) of every
 * `AuthorizerKitError` constructed, and scans it for tokens and credentials. Findings are appended,
 * per worker, to the directory given by the global setup (`leak-scan.ts`), whose teardown fails the
 * run when there are any.
 */

interface RecorderState {
  /** The test file being run, relative to the root. */
  file: string;
  findings: Map<string, LeakFinding & { where: string; count: number }>;
}

const STATE = Symbol.for('lambda-authorizer-kit.leak-recorder');
type WithState = typeof globalThis & { [STATE]?: RecorderState };

function record(state: RecorderState, where: string, text: string): void {
  if (text.length < 16) return;
  for (const finding of findLeaks(text)) {
    const key = `${where} ${finding.rule} ${finding.excerpt}`;
    const known = state.findings.get(key);
    if (known === undefined) state.findings.set(key, { ...finding, where, count: 1 });
    else known.count += 1;
  }
}

function chunkText(chunk: unknown): string {
  if (typeof chunk === 'string') return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk).toString('utf8');
  return String(chunk);
}

/** Installs the wrappers once per process; later test files in the same process reuse them. */
function install(state: RecorderState): void {
  // console.*: accessors, so a test that replaces a method is recorded through its replacement too.
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'] as const) {
    // biome-ignore lint/suspicious/noConsole: wrapped, not used.
    let inner = console[method] as (...args: unknown[]) => void;
    const wrapper = (...args: unknown[]) => {
      try {
        record(state, `console.${method}`, format(...args));
      } catch {
        // Recording must never change what a test sees.
      }
      return inner.apply(console, args);
    };
    Object.defineProperty(console, method, {
      configurable: true,
      enumerable: true,
      get: () => wrapper,
      set: (next: (...args: unknown[]) => void) => {
        inner = next;
      },
    });
  }
  for (const [name, stream] of [
    ['process.stdout', process.stdout],
    ['process.stderr', process.stderr],
  ] as const) {
    const write = stream.write;
    stream.write = function recordedWrite(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      try {
        record(state, name, chunkText(chunk));
      } catch {
        // idem
      }
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof stream.write;
  }
  // Every AuthorizerKitError sets its `name` with Object.defineProperty once `message` and `cause`
  // are set: the one place all of them pass through, without touching the library.
  const define = Object.defineProperty;
  Object.defineProperty = function recordedDefine<T>(
    target: T,
    key: PropertyKey,
    descriptor: PropertyDescriptor & ThisType<unknown>,
  ): T {
    const result = define(target, key, descriptor);
    if (key === 'name') {
      try {
        // Inside the try: a hostile target (a Proxy) may throw from any trap.
        const errorName =
          target instanceof Error ? (target.constructor as { errorName?: unknown }).errorName : undefined;
        if (typeof errorName === 'string' && typeof (target as { code?: unknown }).code === 'string') {
          let current: unknown = target;
          for (let depth = 0; current instanceof Error && depth < 4; depth += 1) {
            record(
              state,
              depth === 0 ? `${errorName} message` : `${errorName} cause (${current.name})`,
              current.message,
            );
            current = current.cause;
          }
        }
      } catch {
        // Recording must never change what a test sees.
      }
    }
    return result;
  } as typeof Object.defineProperty;
}

const global = globalThis as WithState;
let state = global[STATE];
if (state === undefined) {
  state = { file: '', findings: new Map() };
  global[STATE] = state;
  install(state);
}
const current = state;
current.file = relative(process.cwd(), expect.getState().testPath ?? 'unknown test file');
current.findings.clear();

afterAll(() => {
  const findings = [...current.findings.values()];
  current.findings.clear();
  if (findings.length === 0) return;
  const dir = inject('leakScanDir');
  if (typeof dir !== 'string' || dir === '') {
    throw new Error(
      `Secret leak in ${current.file}: ${findings.map((f) => `${f.rule} in ${f.where} (${f.excerpt})`).join('; ')}`,
    );
  }
  appendFileSync(
    `${dir}/findings-${process.pid}.jsonl`,
    `${JSON.stringify({ file: current.file, findings })}\n`,
  );
});

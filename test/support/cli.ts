import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** What a run of the command line gave. */
export interface BinaryRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI's own entry point, run as the installed binary runs (through tsx, from the sources). */
export const BIN = resolve(import.meta.dirname, '../../src/cli/bin.ts');

/** Runs the CLI's entry point as a process, with `input` on its stdin and `env` added to the environment. */
export function runBinary(
  argv: readonly string[],
  input = '',
  env: Record<string, string | undefined> = {},
): Promise<BinaryRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...argv], {
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

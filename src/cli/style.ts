import type { SignWritable } from './sign.js';

/** Colours for terminal output: ANSI codes when writing to a TTY without NO_COLOR, plain text otherwise. */
export interface Style {
  ok(text: string): string;
  fail(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** Picks a {@link Style} for a stream: colour only on a TTY, and never with `NO_COLOR` set. */
export function styleFor(
  stream: SignWritable & { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): Style {
  const colour = stream.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  const paint = (code: number) => (text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { ok: paint(32), fail: paint(31), warn: paint(33), dim: paint(2), bold: paint(1) };
}

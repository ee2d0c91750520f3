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

// C0 controls but tab and line feed, DEL, C1 controls (8-bit CSI), the line and paragraph
// separators, and bidi overrides and isolates (which reorder what the reader sees).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is escaped.
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text for a terminal: control characters, C1 codes, line separators and bidi overrides are shown as
 * `\u{…}` escapes, so a token, a document or a URL cannot move the cursor, clear the screen, recolour
 * or reorder the output. Line feeds and tabs are kept.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}

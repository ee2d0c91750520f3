import type { AuthorizerLogger } from '../../src/authorizer/index.js';

/** An authorizer logger that keeps each line (the message, then the details as JSON) in `lines`. */
export function recordingLogger(): { readonly lines: string[]; readonly logger: AuthorizerLogger } {
  const lines: string[] = [];
  const record = (message: string, details: unknown) => lines.push(`${message} ${JSON.stringify(details)}`);
  return { lines, logger: { error: record, debug: record } };
}

/**
 * The 500 path under hostile input: a REQUEST authorizer whose callback throws an error quoting a
 * header of N characters, so the failure line and the error's cause must be redacted. Redaction is
 * linear in the caller values and the text; past 64 Ki characters of caller values the message is
 * withheld whole. Run by bench/run.ts; `tsx bench/redaction.ts` runs it alone.
 */
import { randomBytes } from 'node:crypto';
import { createRequestAuthorizer } from '../src/authorizer/index.js';
import { requestAuthorizerEvent } from '../src/testing/events.js';
import { interleaved } from './measure.js';

export const HEADER_SIZES = [13_000, 50_000, 100_000] as const;

/** Milliseconds per failing request for each header size. */
export async function measureRedaction(rounds: number): Promise<Map<number, number>> {
  const handler = createRequestAuthorizer({
    logger: { error: () => undefined },
    authorize: (request) => {
      throw new Error(`upstream refused ${request.header('x-blob')}`);
    },
  });
  const candidates = HEADER_SIZES.map((size) => {
    // Distinct windows everywhere: the worst case for an index of caller values.
    const blob = randomBytes(size).toString('base64url').slice(0, size);
    const event = requestAuthorizerEvent({
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/pets',
      headers: { 'x-blob': blob },
    });
    return {
      name: String(size),
      run: async () => {
        const error = await handler(event).catch((e: unknown) => e);
        if ((error as Error).name !== 'AuthorizerFailedError') throw new Error('expected a 500');
      },
    };
  });
  const micros = await interleaved(candidates, { rounds, batch: 5, warmup: 3 });
  return new Map(HEADER_SIZES.map((size) => [size, (micros.get(String(size)) as number) / 1000]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ms = await measureRedaction(15);
  for (const [size, value] of ms) console.log(`${size} characters: ${value.toFixed(2)} ms per request`);
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError, signRequest } from '../../../src/sigv4/index.js';
import { SESSION } from '../../support/credentials.js';
import { useFunctionUrlEmulator } from '../../support/function-url.js';

const emulator = useFunctionUrlEmulator({
  region: 'us-east-1',
  handler: (event) => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      rawQueryString: event.rawQueryString,
      body:
        event.body === undefined
          ? ''
          : event.isBase64Encoded
            ? event.body
            : Buffer.from(event.body).toString('base64'),
    }),
  }),
});

const tricky = [
  'a',
  'Z',
  '0',
  '-',
  '_',
  '.',
  '~',
  ' ',
  '%',
  '%2F',
  '%41',
  '!',
  '$',
  '&',
  "'",
  '(',
  ')',
  '*',
  '+',
  ',',
  ';',
  '=',
  ':',
  '@',
  'é',
  '東',
  '😀',
  '?',
  '#',
  '"',
  '<',
  '>',
  '`',
  '{',
  '}',
  '|',
  '\\',
  '^',
  '[',
  ']',
  '/',
  '//',
  '..',
  '\t',
  '\u0001',
];
const trickyString = fc.array(fc.constantFrom(...tricky), { maxLength: 6 }).map((parts) => parts.join(''));
const anyText = fc.oneof(
  trickyString,
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

const headerName = fc.oneof(
  { arbitrary: fc.stringMatching(/^x-[a-z0-9!#$%&'*+.^_`|~-]{1,10}$/), weight: 4 },
  fc.constantFrom(
    'x-a',
    'X-A',
    'content-type',
    'Accept',
    'user-agent',
    'cookie',
    'x-amz-date',
    'Authorization',
    'host',
    'content-length',
    'connection',
    'te',
    'x-amz-meta-id',
    'sec-fetch-x',
    'proxy-foo',
    'x-amzn-trace-id',
    'date',
    'x-forwarded-for',
    'bad name',
  ),
  fc.stringMatching(/^[a-z0-9!#$%&'*+.^_`|~-]{1,12}$/),
);
const printable = fc.string({
  unit: fc.constantFrom(' ', '\t', 'a', 'Z', '9', '=', ';', ',', '"', '/', '+', '%'),
  maxLength: 10,
});
const headerValue = fc.oneof(
  { arbitrary: printable, weight: 6 },
  { arbitrary: fc.constantFrom('', ' padded ', 'a  \t  b', 'application/json', 'text/plain'), weight: 3 },
  { arbitrary: anyText, weight: 1 },
);
const mostly = (weight: number) =>
  fc.oneof({ arbitrary: fc.constant(true), weight }, { arbitrary: fc.constant(false), weight: 1 });

const request = fc.record({
  method: fc.oneof(
    { arbitrary: fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'post'), weight: 6 },
    { arbitrary: fc.constantFrom('GET', 'get', 'HEAD', 'BAD METHOD'), weight: 2 },
  ),
  segments: fc.array(anyText, { maxLength: 4 }),
  params: fc.array(fc.tuple(anyText, anyText), { maxLength: 5 }),
  rawSearch: fc.option(trickyString, { nil: undefined }),
  headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }),
  headerForm: fc.constantFrom('object', 'pairs', 'Headers'),
  body: fc.option(fc.oneof(anyText, fc.uint8Array({ maxLength: 64 })), { nil: undefined }),
  withRegion: mostly(12),
});

function headersIn(form: string, pairs: Array<[string, string]>): unknown {
  if (form === 'pairs') return pairs;
  if (form === 'Headers') {
    try {
      return new Headers(pairs);
    } catch {
      return pairs; // Headers refuses what signRequest must refuse too: give it the pairs.
    }
  }
  return Object.fromEntries(pairs);
}

const outcomes = { accepted: 0, refused: new Map<string, number>() };

describe('signRequest × emulator (property)', () => {
  it('random requests are refused with a typed error or signed so that the emulator accepts them', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const url = new URL(emulator.url);
        url.pathname = `/${r.segments.join('/')}`;
        if (r.rawSearch !== undefined) url.search = r.rawSearch;
        for (const [key, value] of r.params) url.searchParams.append(key, value);
        let signed: Awaited<ReturnType<typeof signRequest>>;
        try {
          signed = await signRequest(
            { url, method: r.method, headers: headersIn(r.headerForm, r.headers) as never, body: r.body },
            { credentials: SESSION, ...(r.withRegion ? { region: 'us-east-1' } : {}) },
          );
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidOptionError);
          // Kinds of refusal: the option and the rule (the message's first words), as the codes were.
          const { option, message } = error as InvalidOptionError;
          const kind = `${option}: ${message.split(' ').slice(0, 3).join(' ')}`;
          outcomes.refused.set(kind, (outcomes.refused.get(kind) ?? 0) + 1);
          return;
        }
        const response = await fetch(signed.url, {
          method: signed.method,
          headers: signed.headers,
          body: signed.body ?? null,
        });
        const text = await response.text();
        expect(response.status, text).toBe(200);
        outcomes.accepted++;
        if (signed.method === 'HEAD') return;
        const echoed = JSON.parse(text) as { rawQueryString: string; body: string };
        expect(echoed.rawQueryString).toBe(new URL(signed.url).search.slice(1));
        const sent = signed.body === undefined ? Buffer.alloc(0) : Buffer.from(signed.body as never);
        // A text content type makes Lambda pass the body as a string: bytes that are not UTF-8 are lost
        // there, as they would be in AWS, after the signature was verified over the exact bytes.
        const asText = Buffer.from(sent.toString('utf8'), 'utf8').toString('base64');
        expect([sent.toString('base64'), asText]).toContain(echoed.body);
      }),
      { numRuns: 400 },
    );
    // The generators must exercise both sides: many accepted requests, and refusals.
    expect(outcomes.accepted).toBeGreaterThan(150);
    expect(outcomes.refused.size).toBeGreaterThan(2);
  });
});

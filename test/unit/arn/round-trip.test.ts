import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyRouteInApi,
  anyRouteInStage,
  formatMethodArn,
  InvalidArnError,
  type MethodArn,
  parseMethodArn,
  routeInStage,
} from '../../../src/arn/index.js';
import {
  account,
  partition,
  region,
  requestPath,
  requestStage,
  routeKey,
  apiId as shortApiId,
  verb,
} from '../../support/arn-arbitraries.js';

// Every ARN the package builds must parse back: formatMethodArn(parseMethodArn(out)) === out.

const lower = 'abcdefghijklmnopqrstuvwxyz';
const digits = '0123456789';
// Policy resources also name every stage (*) and the longest ids and stages API Gateway allows.
const apiId = fc.oneof(shortApiId, fc.constant('a'.repeat(64)));
const stage = fc.oneof(fc.constantFrom('*', 'a'.repeat(128)), requestStage);

const restParts = fc.record({
  partition,
  region,
  accountId: account,
  apiId,
  stage,
  method: verb,
  path: requestPath,
});
const webSocketParts = fc.record({
  partition,
  region,
  accountId: account,
  apiId,
  stage,
  method: routeKey,
  path: fc.constant(''),
});
const anyParts: fc.Arbitrary<MethodArn> = fc.oneof(restParts, webSocketParts);

/** What routeInStage() accepts as a path pattern: RFC 3986 path characters, "{}", "*" and "?". */
const pathPattern = fc.string({
  unit: fc.constantFrom(...`${lower}${digits}/-._~!$&'()*+,;=:@%{}?`.split('')),
  maxLength: 40,
});

/** The ARN string of some parts, written out independently of the code under test. */
const join = (p: MethodArn): string =>
  `arn:${p.partition}:execute-api:${p.region}:${p.accountId}:${p.apiId}/${p.stage}/${p.method}${p.path}`;

/** `out` parses, and formatting the parsed value gives `out` back. */
function expectRoundTrip(out: string): MethodArn {
  const parsed = parseMethodArn(out);
  expect(formatMethodArn(parsed)).toBe(out);
  return parsed;
}

/** Runs `build`: a result must round-trip; a refusal must be ERR_ARN_TOO_LONG, and only over 1600 bytes. */
function expectRoundTripOrTooLong(build: () => string, expected: string): void {
  const bytes = Buffer.byteLength(expected);
  let out: string;
  try {
    out = build();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArnError);
    expect((error as InvalidArnError).code).toBe('ERR_ARN_TOO_LONG');
    expect((error as InvalidArnError).message).toContain(`${bytes} bytes`);
    expect(bytes).toBeGreaterThan(1600);
    return;
  }
  expect(bytes).toBeLessThanOrEqual(1600);
  expect(out).toBe(expected);
  expectRoundTrip(out);
}

describe('every ARN the package builds parses back', () => {
  it('formatMethodArn, anyRouteInStage, anyRouteInApi and routeInStage (property)', () => {
    fc.assert(
      fc.property(anyParts, fc.boolean(), verb, pathPattern, (parts, asString, method, pattern) => {
        const input: string | MethodArn = asString ? formatMethodArn(parts) : parts;
        const webSocket = parts.path === '';

        expect(expectRoundTrip(formatMethodArn(parts))).toEqual(parts);

        expect(expectRoundTrip(anyRouteInStage(input))).toEqual({
          ...parts,
          method: '*',
          path: webSocket ? '' : '/*',
        });

        expect(expectRoundTrip(anyRouteInApi(input))).toEqual({
          ...parts,
          stage: '*',
          method: '*',
          path: webSocket ? '' : '/*',
        });

        expect(expectRoundTrip(routeInStage(input, method, pattern))).toEqual({
          ...parts,
          method,
          path: pattern.startsWith('/') ? pattern : `/${pattern}`,
        });
      }),
      { numRuns: 500 },
    );
  });

  it('near the 1600-byte limit: a result parses back, or the builder refuses with ERR_ARN_TOO_LONG (property)', () => {
    // Parts whose ARN is 1600 - slack bytes long, padded in the partition (unbounded, like the region
    // and the path), so the builders cross the limit from either side. "*" + "/" grows to "*" + "/*".
    const base = fc.oneof(
      anyParts,
      restParts.map((parts) => ({ ...parts, method: '*', path: '/' })),
    );
    const atLimit = fc.tuple(base, fc.integer({ min: -4, max: 8 })).map(([parts, slack]) => {
      const room = 1600 - slack - Buffer.byteLength(join(parts));
      return room < 2 ? parts : { ...parts, partition: `${parts.partition}-${'x'.repeat(room - 1)}` };
    });
    const longPattern = fc.oneof(
      pathPattern,
      fc
        .tuple(fc.integer({ min: 1500, max: 1620 }), fc.constantFrom('a', '*', '%', '{'))
        .map(([n, unit]) => `/${unit.repeat(n)}`),
    );
    fc.assert(
      fc.property(atLimit, verb, longPattern, (parts, method, pattern) => {
        const webSocket = parts.path === '';
        const wide = webSocket ? { method: '*', path: '' } : { method: '*', path: '/*' };
        const normalized = pattern.startsWith('/') ? pattern : `/${pattern}`;
        expectRoundTripOrTooLong(() => formatMethodArn(parts), join(parts));
        expectRoundTripOrTooLong(() => anyRouteInStage(parts), join({ ...parts, ...wide }));
        expectRoundTripOrTooLong(() => anyRouteInApi(parts), join({ ...parts, ...wide, stage: '*' }));
        expectRoundTripOrTooLong(
          () => routeInStage(parts, method, pattern),
          join({ ...parts, method, path: normalized }),
        );
      }),
      { numRuns: 300 },
    );
  });
});

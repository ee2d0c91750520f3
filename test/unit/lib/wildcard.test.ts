import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesWildcard } from '../../../src/lib/wildcard.js';

function reference(pattern: string, value: string, ignoreCase = false): boolean {
  const source = Array.from(pattern)
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'isu' : 'su').test(value);
}

describe('matchesWildcard', () => {
  it('handles the edge cases', () => {
    expect(matchesWildcard('', '')).toBe(true);
    expect(matchesWildcard('*', '')).toBe(true);
    expect(matchesWildcard('?', '')).toBe(false);
    expect(matchesWildcard('a*b*c', 'a/b:c')).toBe(true);
    expect(matchesWildcard('a*b*c', 'a/b:d')).toBe(false);
    expect(matchesWildcard('?', '😀')).toBe(true);
    expect(matchesWildcard('??', '😀')).toBe(false);
    expect(matchesWildcard('ABC', 'abc')).toBe(false);
    expect(matchesWildcard('ABC', 'abc', true)).toBe(true);
  });

  it('stays fast on hostile patterns', () => {
    const pattern = `${'*a'.repeat(200)}b`;
    const value = 'a'.repeat(1500);
    expect(matchesWildcard(pattern, value)).toBe(false);
  });

  it('agrees with a regular-expression reference (property)', () => {
    const unit = fc.constantFrom('a', 'b', 'A', '/', ':', '*', '?', 'é', '😀');
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 10 }),
        fc.string({ unit, maxLength: 14 }),
        fc.boolean(),
        (p, v, ic) => {
          expect(matchesWildcard(p, v, ic)).toBe(reference(p, v, ic));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

import { BlockList, isIP } from 'node:net';
import { describeValue } from '../lib/describe.js';
import { matchesWildcard } from '../lib/wildcard.js';
import { InvalidPolicyError } from './errors.js';

/**
 * The request values condition keys resolve to, e.g. `{ 'aws:SourceIp': '203.0.113.7' }`.
 * Keys are compared case-insensitively, as IAM does.
 *
 * See the example of {@link evaluatePolicy}.
 */
export type ConditionContext = Record<string, string | number | boolean | readonly string[]>;

type Test = (actual: string, expected: string) => boolean;

const STRING_TESTS: Record<string, { test: Test; negated: boolean }> = {
  StringEquals: { test: (a, e) => a === e, negated: false },
  StringNotEquals: { test: (a, e) => a === e, negated: true },
  StringEqualsIgnoreCase: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: true },
  StringLike: { test: (a, e) => matchesWildcard(e, a), negated: false },
  StringNotLike: { test: (a, e) => matchesWildcard(e, a), negated: true },
  Bool: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
  NumericEquals: { test: numeric((a, e) => a === e), negated: false },
  NumericNotEquals: { test: numeric((a, e) => a === e), negated: true },
  NumericLessThan: { test: numeric((a, e) => a < e), negated: false },
  NumericLessThanEquals: { test: numeric((a, e) => a <= e), negated: false },
  NumericGreaterThan: { test: numeric((a, e) => a > e), negated: false },
  NumericGreaterThanEquals: { test: numeric((a, e) => a >= e), negated: false },
  IpAddress: { test: inCidr, negated: false },
  NotIpAddress: { test: inCidr, negated: true },
};

/** An integer or decimal value, as IAM's numeric operators compare: not `0x10`, not ` 5`. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function numeric(compare: (a: number, e: number) => boolean): Test {
  return (a, e) => {
    const x = Number(a);
    const y = Number(e);
    return DECIMAL.test(a) && DECIMAL.test(e) && Number.isFinite(x) && Number.isFinite(y) && compare(x, y);
  };
}

function inCidr(actual: string, cidr: string): boolean {
  const family = isIP(actual);
  if (family === 0) return false;
  const slash = cidr.indexOf('/');
  const network = slash < 0 ? cidr : cidr.slice(0, slash);
  const netFamily = isIP(network);
  if (netFamily !== family) return false;
  const max = family === 4 ? 32 : 128;
  // The prefix length is decimal digits: `Number('')` would read "203.0.113.0/" as /0 (every address).
  const prefixText = slash < 0 ? String(max) : cidr.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return false;
  const prefix = Number(prefixText);
  if (prefix > max) return false;
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(network, prefix, type);
  return list.check(actual, type);
}

function lookup(context: ConditionContext, key: string): string[] | undefined {
  const wanted = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) {
    if (k.toLowerCase() === wanted) return Array.isArray(v) ? [...v] : [String(v)];
  }
  return undefined;
}

/**
 * Evaluates one statement's condition block against the request values; `true` when every operator
 * and key in it holds (IAM: AND across operators and keys, OR across a key's values).
 * @internal
 */
export function conditionHolds(
  condition: Record<string, Record<string, string | string[]>>,
  context: ConditionContext,
  where: string,
): boolean {
  for (const [rawOperator, keys] of Object.entries(condition)) {
    const ifExists = rawOperator.endsWith('IfExists');
    const operator = ifExists ? rawOperator.slice(0, -'IfExists'.length) : rawOperator;
    for (const [key, expectedRaw] of Object.entries(keys)) {
      const expected = Array.isArray(expectedRaw) ? expectedRaw : [expectedRaw];
      const actual = lookup(context, key);
      if (operator === 'Null') {
        const wantsMissing = expected.some((e) => e.toLowerCase() === 'true');
        if ((actual === undefined) !== wantsMissing) return false;
        continue;
      }
      const rule = STRING_TESTS[operator];
      if (rule === undefined) {
        throw new InvalidPolicyError(
          'ERR_POLICY_UNSUPPORTED_CONDITION',
          `${where}: condition operator ${describeValue(rawOperator)} is not supported by the evaluator. Supported: ${Object.keys(STRING_TESTS).join(', ')}, Null, and their IfExists forms.`,
        );
      }
      if (actual === undefined) {
        // IAM: a missing key fails the condition, except with IfExists or a negated operator.
        if (ifExists || rule.negated) continue;
        return false;
      }
      const anyMatch = actual.some((a) => expected.some((e) => rule.test(a, e)));
      if (rule.negated ? anyMatch : !anyMatch) return false;
    }
  }
  return true;
}

/**
 * How API Gateway judges the IAM policy of an authorizer result, read from AWS's documentation and
 * written for the testing kit alone: it shares no code with `src/policy`, so a misreading of AWS's
 * rules in one of them shows up as a disagreement between the two (see
 * `test/unit/testing/differential.test.ts`) instead of passing both.
 *
 * Sources:
 * - result shape: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 * - grammar (a single statement or a list, a string or a list, condition values string, number or
 *   Boolean): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * - Action (case-insensitive, `*` and `?`): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * - Resource (`*` any run of characters, `?` one): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * - explicit Deny first, then an Allow is needed: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * - condition operators, missing keys, IfExists, Null: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 *
 * @internal
 */

/** What the policy decides for one request. */
export type GatewayDecision = 'Allow' | 'Deny' | 'ImplicitDeny';

/** The request values condition keys resolve to (`aws:SourceIp`, ...); key names are case-insensitive. */
export type RequestValues = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** The policy's verdict: a decision, or why API Gateway would answer 500 instead. */
export type PolicyVerdict =
  | { readonly decision: GatewayDecision }
  | { readonly rejected: string; readonly malformed: boolean };

const INVOKE = 'execute-api:invoke';
const VERSIONS = ['2012-10-17', '2008-10-17'];

class Malformed extends Error {
  constructor(readonly problem: string) {
    super(problem);
  }
}

/**
 * IAM wildcard matching by dynamic programming over code points: `*` stands for any run of
 * characters (`/` and `:` included, possibly none), `?` for exactly one, anything else for itself.
 * Case-sensitive; O(pattern × value) time, no regular expression.
 */
export function iamWildcardMatch(pattern: string, value: string): boolean {
  const p = Array.from(pattern);
  const v = Array.from(value);
  // row[j]: the pattern read so far matches the first j characters of the value.
  let row: boolean[] = new Array<boolean>(v.length + 1).fill(false);
  row[0] = true;
  for (const pc of p) {
    const next: boolean[] = new Array<boolean>(v.length + 1).fill(false);
    let any = false;
    if (pc === '*') {
      let reached = false;
      for (let j = 0; j <= v.length; j++) {
        reached = reached || (row[j] as boolean);
        next[j] = reached;
        any = any || reached;
      }
    } else {
      for (let j = 1; j <= v.length; j++) {
        const ok = (row[j - 1] as boolean) && (pc === '?' || pc === v[j - 1]);
        next[j] = ok;
        any = any || ok;
      }
    }
    if (!any) return false;
    row = next;
  }
  return row[v.length] as boolean;
}

function kind(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A policy element that is one string or a non-empty list of strings (holes count as missing). */
function stringsOf(value: unknown, where: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0) {
    const out: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'string') break;
      out.push(item);
    }
    if (out.length === value.length) return out;
  }
  throw new Malformed(`${where} must be a string or a non-empty list of strings, not ${kind(value)}`);
}

/** Condition values: strings, numbers or Booleans (IAM's grammar), one or a non-empty list. */
function conditionValuesOf(value: unknown, where: string): string[] {
  const scalar = (v: unknown) =>
    typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
  if (scalar(value)) return [String(value)];
  if (Array.isArray(value) && value.length > 0) {
    const out: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (!scalar(item)) break;
      out.push(String(item));
    }
    if (out.length === value.length) return out;
  }
  throw new Malformed(
    `${where} must be a string, number or Boolean, or a non-empty list of them, not ${kind(value)}`,
  );
}

interface ConditionTest {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

interface ReadStatement {
  readonly effect: 'Allow' | 'Deny';
  /** The statement's Action/NotAction and Resource/NotResource cover the request. */
  readonly covers: boolean;
  readonly conditions: readonly ConditionTest[];
}

/** Exactly one of `positive` / `negative` (`Action`/`NotAction`, `Resource`/`NotResource`). */
function coverage(
  s: Record<string, unknown>,
  positive: string,
  negative: string,
  where: string,
  matches: (pattern: string) => boolean,
): boolean {
  const hasPositive = Object.hasOwn(s, positive) && s[positive] !== undefined;
  const hasNegative = Object.hasOwn(s, negative) && s[negative] !== undefined;
  if (hasPositive && hasNegative)
    throw new Malformed(`${where} has both ${positive} and ${negative}; IAM takes one`);
  if (!hasPositive && !hasNegative) throw new Malformed(`${where} needs ${positive} (or ${negative})`);
  return hasPositive
    ? stringsOf(s[positive], `${where}.${positive}`).some(matches)
    : !stringsOf(s[negative], `${where}.${negative}`).some(matches);
}

function readStatement(statement: unknown, where: string, arn: string): ReadStatement {
  if (!isRecord(statement)) throw new Malformed(`${where} must be an object, not ${kind(statement)}`);
  const effect = statement.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    throw new Malformed(
      `${where}.Effect must be "Allow" or "Deny", got ${JSON.stringify(effect) ?? kind(effect)}`,
    );
  }
  const action = coverage(statement, 'Action', 'NotAction', where, (p) =>
    iamWildcardMatch(p.toLowerCase(), INVOKE),
  );
  const resource = coverage(statement, 'Resource', 'NotResource', where, (p) => iamWildcardMatch(p, arn));
  const conditions: ConditionTest[] = [];
  if (Object.hasOwn(statement, 'Condition') && statement.Condition !== undefined) {
    const block = statement.Condition;
    if (!isRecord(block)) throw new Malformed(`${where}.Condition must be an object, not ${kind(block)}`);
    for (const operator of Object.keys(block)) {
      const keys = block[operator];
      if (!isRecord(keys)) {
        throw new Malformed(
          `${where}.Condition.${operator} must map condition keys to values, not ${kind(keys)}`,
        );
      }
      for (const key of Object.keys(keys)) {
        conditions.push({
          operator,
          key,
          values: conditionValuesOf(keys[key], `${where}.Condition.${operator}.${key}`),
        });
      }
    }
  }
  return { effect, covers: action && resource, conditions };
}

/**
 * Decides an authorizer result's policy for `arn`, as API Gateway does: the whole document must
 * parse (a malformed statement anywhere is a 500, even after a matching Deny); then an explicit
 * Deny that applies wins, an Allow that applies allows, and nothing applying is an implicit deny.
 */
export function decidePolicy(
  result: Record<string, unknown>,
  arn: string,
  values: RequestValues,
): PolicyVerdict {
  let statements: ReadStatement[];
  try {
    if (typeof result.principalId !== 'string') {
      throw new Malformed(`principalId must be a string, not ${kind(result.principalId)}`);
    }
    const document = result.policyDocument;
    if (!isRecord(document)) throw new Malformed(`policyDocument must be an object, not ${kind(document)}`);
    if (typeof document.Version !== 'string' || !VERSIONS.includes(document.Version)) {
      throw new Malformed('policyDocument.Version must be "2012-10-17"');
    }
    const list: unknown = document.Statement;
    const raw: unknown[] = Array.isArray(list) ? Array.from(list) : [list];
    statements = raw.map((s, i) => readStatement(s, `policyDocument.Statement[${i}]`, arn));
  } catch (error) {
    if (error instanceof Malformed) return { rejected: error.problem, malformed: true };
    throw error;
  }
  let allowed = false;
  let undecided: string | undefined;
  for (const statement of statements) {
    if (!statement.covers) continue;
    const holds = conditionsHold(statement.conditions, values);
    if (typeof holds === 'string') {
      undecided ??= holds;
      continue;
    }
    if (!holds) continue;
    if (statement.effect === 'Deny') return { decision: 'Deny' };
    allowed = true;
  }
  if (undecided !== undefined) return { rejected: undecided, malformed: false };
  return { decision: allowed ? 'Allow' : 'ImplicitDeny' };
}

// ---- conditions -------------------------------------------------------------------------------

type Compare = (actual: string, expected: string) => boolean;

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function numeric(compare: (a: number, e: number) => boolean): Compare {
  return (a, e) => {
    if (!DECIMAL.test(a) || !DECIMAL.test(e)) return false;
    const x = Number(a);
    const y = Number(e);
    return Number.isFinite(x) && Number.isFinite(y) && compare(x, y);
  };
}

function booleanOf(s: string): boolean | undefined {
  const lower = s.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** Operator → (test, negated). Negated operators hold when no value matches, and when the key is absent. */
const OPERATORS: Record<string, [Compare, boolean]> = {
  StringEquals: [(a, e) => a === e, false],
  StringNotEquals: [(a, e) => a === e, true],
  StringEqualsIgnoreCase: [(a, e) => a.toLowerCase() === e.toLowerCase(), false],
  StringNotEqualsIgnoreCase: [(a, e) => a.toLowerCase() === e.toLowerCase(), true],
  StringLike: [(a, e) => iamWildcardMatch(e, a), false],
  StringNotLike: [(a, e) => iamWildcardMatch(e, a), true],
  NumericEquals: [numeric((a, e) => a === e), false],
  NumericNotEquals: [numeric((a, e) => a === e), true],
  NumericLessThan: [numeric((a, e) => a < e), false],
  NumericLessThanEquals: [numeric((a, e) => a <= e), false],
  NumericGreaterThan: [numeric((a, e) => a > e), false],
  NumericGreaterThanEquals: [numeric((a, e) => a >= e), false],
  Bool: [(a, e) => booleanOf(a) !== undefined && booleanOf(a) === booleanOf(e), false],
  IpAddress: [inRange, false],
  NotIpAddress: [inRange, true],
};

function requestValue(values: RequestValues, key: string): string[] | undefined {
  const wanted = key.toLowerCase();
  for (const name of Object.keys(values)) {
    if (name.toLowerCase() !== wanted) continue;
    const value = values[name];
    return Array.isArray(value) ? value.map(String) : [String(value)];
  }
  return undefined;
}

/** `true`/`false`, or the reason the simulator cannot evaluate the block. */
function conditionsHold(conditions: readonly ConditionTest[], values: RequestValues): boolean | string {
  let result: boolean | string = true;
  for (const { operator, key, values: expected } of conditions) {
    const actual = requestValue(values, key);
    if (operator === 'Null') {
      // "true": the key must be absent; "false": present.
      const absent = actual === undefined;
      if (!expected.some((e) => booleanOf(e) === absent)) return false;
      continue;
    }
    const ifExists = operator.endsWith('IfExists');
    const rule = OPERATORS[ifExists ? operator.slice(0, -'IfExists'.length) : operator];
    if (rule === undefined) {
      // A later test may still fail the block; otherwise it cannot be decided here.
      if (result === true) {
        result = `condition operator ${JSON.stringify(operator)} is not one the simulator evaluates (String*, Numeric*, Bool, IpAddress, NotIpAddress, Null and their IfExists forms)`;
      }
      continue;
    }
    const [test, negated] = rule;
    if (actual === undefined) {
      if (ifExists || negated) continue;
      return false;
    }
    const match = actual.some((a) => expected.some((e) => test(a, e)));
    if (match === negated) return false;
  }
  return result;
}

// ---- IP ranges ----------------------------------------------------------------------------------

const OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;

function ipv4Bytes(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.map(Number);
}

function ipv6Bytes(s: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(s)) return undefined;
  let head = s;
  let tailV4: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    const v4 = ipv4Bytes(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tailV4 = v4;
    // Keep a trailing `::` (`::ffff:192.0.2.1`), drop a single separating `:`.
    head = s.slice(0, lastColon + 1);
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(halves[0] as string);
  const right = halves.length === 2 ? groups(halves[1] as string) : [];
  const wanted = 8 - tailV4.length / 2;
  const given = left.length + right.length;
  if (halves.length === 1 ? given !== wanted : given >= wanted) return undefined;
  const filled = [...left, ...new Array<string>(wanted - given).fill('0'), ...right];
  const bytes: number[] = [];
  for (const group of filled) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return undefined;
    const n = Number.parseInt(group, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  return [...bytes, ...tailV4];
}

function ipBytes(s: string): number[] | undefined {
  return s.includes(':') ? ipv6Bytes(s) : ipv4Bytes(s);
}

/** `actual` (an address) lies in `range` (an address, or address/prefix with 0 to 32 or 128 bits). */
function inRange(actual: string, range: string): boolean {
  const address = ipBytes(actual);
  const slash = range.indexOf('/');
  const network = ipBytes(slash < 0 ? range : range.slice(0, slash));
  if (address === undefined || network === undefined || address.length !== network.length) return false;
  const bits = address.length * 8;
  const prefixText = slash < 0 ? String(bits) : range.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return false;
  const prefix = Number(prefixText);
  if (prefix > bits) return false;
  for (let i = 0; i < prefix; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if (((address[byte] as number) & mask) !== ((network[byte] as number) & mask)) return false;
  }
  return true;
}

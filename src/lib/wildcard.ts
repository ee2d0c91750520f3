/**
 * IAM-style wildcard matching: `*` matches any run of characters (`/` and `:` included, possibly
 * empty), `?` exactly one character, everything else itself. Runs in O(pattern × value) at worst,
 * with no regular expression and no recursion, so hostile patterns cannot blow up.
 */
export function matchesWildcard(pattern: string, value: string, ignoreCase = false): boolean {
  let p: ArrayLike<string> = pattern;
  let v: ArrayLike<string> = value;
  if (ignoreCase) {
    p = pattern.toLowerCase();
    v = value.toLowerCase();
  }
  // `?` is one character: compare code points, not UTF-16 units, when astral characters are present.
  if (hasSurrogate(p as string) || hasSurrogate(v as string)) {
    p = Array.from(p as string);
    v = Array.from(v as string);
  }
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    const pc = pi < p.length ? p[pi] : undefined;
    if (pc === '*') {
      star = pi++;
      mark = vi;
    } else if (pc !== undefined && (pc === '?' || pc === v[vi])) {
      pi++;
      vi++;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

function hasSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/**
 * IAM wildcard matching: `*` is any run of characters (including none, including `:` and `/`), `?` is exactly one.
 * Actions compare case-insensitively (`S3:getobject` is `s3:GetObject`); resources and ARNs case-sensitively.
 */

// One cache per case mode, keyed by the pattern itself: a `${mode}${pattern}` key cost a string concatenation,
// flattening and hashing on every match of every statement.
const caseSensitive = new Map<string, RegExp>();
const caseInsensitive = new Map<string, RegExp>();

function compile(pattern: string, ignoreCase: boolean): RegExp {
  const cache = ignoreCase ? caseInsensitive : caseSensitive;
  let re = cache.get(pattern);
  if (!re) {
    let src = '';
    for (const ch of pattern) {
      if (ch === '*') src += '.*';
      else if (ch === '?') src += '.';
      else src += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    re = new RegExp(`^${src}$`, ignoreCase ? 'is' : 's');
    // The caches are bounded: patterns come from policies, but a huge account must not grow them without end.
    if (cache.size > 50_000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/** True when `value` matches the IAM wildcard `pattern`. */
export function matchesWildcard(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  return compile(pattern, ignoreCase).test(value);
}

/** True when the action (`service:Name`) matches an action pattern; case-insensitive as IAM compares actions. */
export function matchesAction(pattern: string, action: string): boolean {
  // Most patterns of an account name another service (`logs:PutLogEvents` against `sts:AssumeRole`): when both
  // first characters are ASCII, neither wildcard nor equal case aside, the answer is no without lower-casing both
  // strings or running a regex. (Non-ASCII first characters take the full path: their case folding is not one bit.)
  const p = pattern.charCodeAt(0);
  const a = action.charCodeAt(0);
  if (p < 128 && a < 128 && p !== 42 && p !== 63 && (p | 0x20) !== (a | 0x20)) return false;
  return matchesWildcard(pattern, action, true);
}

/**
 * True when a resource ARN matches a Resource pattern. IAM matches each of the six ARN fields on its own,
 * so `*` in a pattern's region field does not swallow the `:` separators of a value with fewer fields;
 * a bare `*` matches everything.
 */
export function matchesResource(pattern: string, resource: string): boolean {
  if (pattern === '*') return true;
  const p = pattern.split(':');
  const r = resource.split(':');
  if (p.length < 6 || r.length < 6) return matchesWildcard(pattern, resource);
  for (let i = 0; i < 5; i++) if (!matchesWildcard(p[i]!, r[i]!)) return false;
  return matchesWildcard(p.slice(5).join(':'), r.slice(5).join(':'));
}

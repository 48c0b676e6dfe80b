import type { RequestContext } from './context.js';

const VARIABLE = /\$\{([^}]*)\}/g;

/**
 * Substitutes IAM policy variables in a Resource or condition value (policy Version 2012-10-17 only):
 * `${aws:username}`, `${aws:PrincipalTag/team}`, `${key, 'default'}`, and the escapes `${*}`, `${?}`, `${$}`.
 * Returns undefined when a variable names a key the request does not carry and gives no default: that value
 * then matches nothing, as AWS evaluates it.
 * Simplification: `${*}` and `${?}` become `*` and `?`, which the matcher then reads as wildcards, not literals.
 */
export function substituteVariables(value: string, ctx: RequestContext): string | undefined {
  if (!value.includes('${')) return value;
  let missing = false;
  const out = value.replace(VARIABLE, (_, body: string) => {
    const inner = body.trim();
    if (inner === '*' || inner === '?' || inner === '$') return inner;
    const m = inner.match(/^([^,]+?)\s*(?:,\s*'([^']*)')?$/);
    const key = m?.[1]?.trim() ?? inner;
    const found = ctx.get(key);
    const single = Array.isArray(found) ? (found.length === 1 ? found[0] : undefined) : found;
    if (single !== undefined) return single;
    if (m?.[2] !== undefined) return m[2];
    missing = true;
    return '';
  });
  return missing ? undefined : out;
}

/** EventBridge wildcards know only `*` (any run of characters); `?` is literal, unlike IAM. */
function wildcardMatches(pattern: string, text: string): boolean {
  const src = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
  return new RegExp(`^${src}$`, 's').test(text);
}

/** An EventBridge event pattern could not be understood: judged as an error, never as "matches". */
export class EventPatternError extends Error {
  override name = 'EventPatternError';
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function numericMatches(spec: unknown[], value: unknown): boolean {
  if (typeof value !== 'number') return false;
  for (let i = 0; i + 1 < spec.length; i += 2) {
    const op = spec[i];
    const bound = spec[i + 1];
    if (typeof bound !== 'number') throw new EventPatternError(`numeric matcher needs numbers, got ${JSON.stringify(bound)}`);
    const ok = op === '=' ? value === bound : op === '<' ? value < bound : op === '<=' ? value <= bound : op === '>' ? value > bound : op === '>=' ? value >= bound : undefined;
    if (ok === undefined) throw new EventPatternError(`unknown numeric operator ${JSON.stringify(op)}`);
    if (!ok) return false;
  }
  return true;
}

/** One matcher (a literal or a `{prefix: …}`-style object) against one scalar value of the event. */
function matcherMatches(matcher: unknown, value: unknown): boolean {
  if (!isObject(matcher)) return matcher === value;
  const [op, arg] = Object.entries(matcher)[0] ?? [];
  if (Object.keys(matcher).length !== 1) throw new EventPatternError(`matcher ${JSON.stringify(matcher)} must have one operator`);
  const text = typeof value === 'string' ? value : undefined;
  switch (op) {
    case 'prefix':
      if (isObject(arg) && typeof arg['equals-ignore-case'] === 'string') return text !== undefined && text.toLowerCase().startsWith(arg['equals-ignore-case'].toLowerCase());
      return text !== undefined && typeof arg === 'string' && text.startsWith(arg);
    case 'suffix':
      if (isObject(arg) && typeof arg['equals-ignore-case'] === 'string') return text !== undefined && text.toLowerCase().endsWith(arg['equals-ignore-case'].toLowerCase());
      return text !== undefined && typeof arg === 'string' && text.endsWith(arg);
    case 'equals-ignore-case':
      return text !== undefined && typeof arg === 'string' && text.toLowerCase() === arg.toLowerCase();
    case 'wildcard':
      return text !== undefined && typeof arg === 'string' && wildcardMatches(arg, text);
    case 'anything-but': {
      if (value === undefined) return false;
      if (isObject(arg)) return !matcherMatches(arg, value);
      const excluded = Array.isArray(arg) ? arg : [arg];
      return !excluded.some((x) => x === value);
    }
    case 'numeric':
      return Array.isArray(arg) && numericMatches(arg, value);
    case 'exists':
      // Handled at the field level (it is about presence, not a value).
      throw new EventPatternError('"exists" must be used on its own for a field');
    case 'cidr':
      throw new EventPatternError('cidr matchers are not supported');
    default:
      throw new EventPatternError(`unknown matcher ${JSON.stringify(op)}`);
  }
}

function fieldMatches(matchers: unknown, value: unknown): boolean {
  if (!Array.isArray(matchers)) throw new EventPatternError(`pattern values must be arrays or objects, got ${JSON.stringify(matchers)}`);
  const exists = matchers.find((m) => isObject(m) && 'exists' in m) as { exists: unknown } | undefined;
  if (exists) {
    const present = value !== undefined && !(Array.isArray(value) && value.length === 0);
    if (exists.exists === true && present) return true;
    if (exists.exists === false && !present) return true;
  }
  if (value === undefined) return false;
  // An array in the event matches when any element does.
  const values = Array.isArray(value) ? value : [value];
  return matchers.some((m) => !(isObject(m) && 'exists' in m) && values.some((v) => matcherMatches(m, v)));
}

/**
 * True when an EventBridge event pattern matches an event. Supports literals, prefix, suffix,
 * equals-ignore-case, wildcard, anything-but (list, prefix, suffix), numeric, exists and `$or`.
 * Every field of the pattern must match (AND); the values listed for a field are alternatives (OR).
 */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (typeof pattern === 'string') {
    try {
      pattern = JSON.parse(pattern);
    } catch {
      throw new EventPatternError('event pattern is not valid JSON');
    }
  }
  if (!isObject(pattern)) throw new EventPatternError('event pattern must be a JSON object');
  const ev = isObject(event) ? event : {};
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(sub)) throw new EventPatternError('$or must be a list of patterns');
      if (!sub.some((alt) => matchesEventPattern(alt, ev))) return false;
      continue;
    }
    const value = ev[key] as Json | undefined;
    if (isObject(sub)) {
      if (!isObject(value)) {
        // A nested pattern on a missing object still matches when all its leaves only ask for absence.
        if (!matchesEventPattern(sub, {})) return false;
        continue;
      }
      if (!matchesEventPattern(sub, value)) return false;
    } else if (!fieldMatches(sub, value)) {
      return false;
    }
  }
  return true;
}

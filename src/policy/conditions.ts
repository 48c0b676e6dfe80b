import { matchesWildcard } from './wildcard.js';
import type { RequestContext } from './context.js';
import { substituteVariables } from './variables.js';

/** A policy uses a condition operator this evaluator does not know: it cannot be judged, so it is not guessed. */
export class PolicyEvaluationError extends Error {
  override name = 'PolicyEvaluationError';
}

/**
 * How unknown context keys are treated.
 * - `strict` (default): a key the request does not carry is missing, exactly as AWS evaluates it.
 * - with `openKey`, keys for which it returns true are *unknown to us* rather than absent (e.g. `aws:SourceIp`
 *   when asking "could this principal ever assume the role?"): a test on such a key counts as satisfiable and
 *   the key is recorded in `assumed`, so the caller can say "under the condition aws:SourceIp …".
 */
export interface ConditionOptions {
  openKey?: (key: string) => boolean;
  assumed?: Set<string>;
}

type Comparator = (policyValue: string, contextValue: string) => boolean;

interface OperatorSpec {
  compare: Comparator;
  /** Negated operators (StringNotEquals, ArnNotLike…): true when the value matches *none* of the policy values. */
  negated: boolean;
}

function ipv4ToInt(ip: string): number | undefined {
  const m = ip.trim().match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** IPv4 CIDR matching; IPv6 only by exact address (basic, as documented). */
function ipMatches(cidr: string, ip: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const baseInt = ipv4ToInt(base ?? '');
  const ipInt = ipv4ToInt(ip);
  if (baseInt === undefined || ipInt === undefined) return (base ?? '').toLowerCase() === ip.toLowerCase();
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (baseInt & mask) === (ipInt & mask);
}

function toNumber(v: string): number | undefined {
  if (v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Dates: ISO 8601 or epoch seconds, as IAM accepts both. */
function toDate(v: string): number | undefined {
  if (/^\d+$/.test(v.trim())) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

function numeric(op: (a: number, b: number) => boolean): Comparator {
  return (p, c) => {
    const a = toNumber(c);
    const b = toNumber(p);
    return a !== undefined && b !== undefined && op(a, b);
  };
}

function date(op: (a: number, b: number) => boolean): Comparator {
  return (p, c) => {
    const a = toDate(c);
    const b = toDate(p);
    return a !== undefined && b !== undefined && op(a, b);
  };
}

/** ARN operators match field by field, so `*` never crosses a `:` the value does not have. */
function arnLike(p: string, c: string): boolean {
  const pp = p.split(':');
  const cc = c.split(':');
  if (pp.length < 6 || cc.length < 6) return p === '*' || matchesWildcard(p, c);
  for (let i = 0; i < 5; i++) if (!matchesWildcard(pp[i]!, cc[i]!)) return false;
  return matchesWildcard(pp.slice(5).join(':'), cc.slice(5).join(':'));
}

const eq: Comparator = (p, c) => p === c;
const eqi: Comparator = (p, c) => p.toLowerCase() === c.toLowerCase();
const like: Comparator = (p, c) => matchesWildcard(p, c);

const OPERATORS: Record<string, OperatorSpec> = {
  stringequals: { compare: eq, negated: false },
  stringnotequals: { compare: eq, negated: true },
  stringequalsignorecase: { compare: eqi, negated: false },
  stringnotequalsignorecase: { compare: eqi, negated: true },
  stringlike: { compare: like, negated: false },
  stringnotlike: { compare: like, negated: true },
  arnequals: { compare: arnLike, negated: false },
  arnlike: { compare: arnLike, negated: false },
  arnnotequals: { compare: arnLike, negated: true },
  arnnotlike: { compare: arnLike, negated: true },
  numericequals: { compare: numeric((a, b) => a === b), negated: false },
  numericnotequals: { compare: numeric((a, b) => a === b), negated: true },
  numericlessthan: { compare: numeric((a, b) => a < b), negated: false },
  numericlessthanequals: { compare: numeric((a, b) => a <= b), negated: false },
  numericgreaterthan: { compare: numeric((a, b) => a > b), negated: false },
  numericgreaterthanequals: { compare: numeric((a, b) => a >= b), negated: false },
  dateequals: { compare: date((a, b) => a === b), negated: false },
  datenotequals: { compare: date((a, b) => a === b), negated: true },
  datelessthan: { compare: date((a, b) => a < b), negated: false },
  datelessthanequals: { compare: date((a, b) => a <= b), negated: false },
  dategreaterthan: { compare: date((a, b) => a > b), negated: false },
  dategreaterthanequals: { compare: date((a, b) => a >= b), negated: false },
  bool: { compare: eqi, negated: false },
  binaryequals: { compare: eq, negated: false },
  ipaddress: { compare: ipMatches, negated: false },
  notipaddress: { compare: ipMatches, negated: true },
};

/** A parsed operator name: `ForAnyValue:StringLikeIfExists` → set ForAnyValue, base stringlike, ifExists. */
export interface ParsedOperator {
  set?: 'foranyvalue' | 'forallvalues';
  base: string;
  ifExists: boolean;
}

/** Splits an operator name into set qualifier, base operator and IfExists; throws on an unknown operator. */
export function parseOperator(name: string): ParsedOperator {
  let rest = name.toLowerCase();
  let set: ParsedOperator['set'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon);
    if (q !== 'foranyvalue' && q !== 'forallvalues') throw new PolicyEvaluationError(`unknown condition operator "${name}"`);
    set = q;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith('ifexists') && rest !== 'ifexists') {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  if (rest !== 'null' && !OPERATORS[rest]) throw new PolicyEvaluationError(`unknown condition operator "${name}"`);
  if (rest === 'null' && (ifExists || set)) throw new PolicyEvaluationError(`condition operator "${name}" is not valid`);
  const parsed: ParsedOperator = { base: rest, ifExists };
  if (set) parsed.set = set;
  return parsed;
}

function policyValues(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => (typeof v === 'string' ? v : String(v)));
}

function anyPolicyValueMatches(spec: OperatorSpec, values: string[], c: string): boolean {
  return values.some((p) => spec.compare(p, c));
}

/** Tests one `Operator: { key: values }` entry for one key. */
export function testCondition(operator: string, key: string, rawValues: unknown, ctx: RequestContext, opts: ConditionOptions = {}, variables = false): boolean {
  const op = parseOperator(operator);
  let values = policyValues(rawValues);
  let unresolved = false;
  // Policy variables are substituted in string and ARN values; a value whose variable is missing matches nothing.
  if (variables && (op.base.startsWith('string') || op.base.startsWith('arn'))) {
    const substituted = values.map((v) => substituteVariables(v, ctx));
    unresolved = substituted.some((v) => v === undefined);
    values = substituted.filter((v): v is string => v !== undefined);
  }
  const present = ctx.get(key);
  if (present === undefined && opts.openKey?.(key)) {
    opts.assumed?.add(key);
    return true;
  }
  if (op.base === 'null') {
    // Null: "true" asks that the key be absent, "false" that it be present.
    return values.some((v) => (v.toLowerCase() === 'true' ? present === undefined : present !== undefined));
  }
  const spec = OPERATORS[op.base]!;
  const ctxValues = present === undefined ? undefined : Array.isArray(present) ? present : [present];
  // "Not equal to a value we cannot compute" is not provable: a negated test with an unresolvable variable is
  // false (iam-simulate agrees; AWS warns the statement may be invalid).
  if (unresolved && spec.negated && ctxValues !== undefined) return false;

  if (op.set === 'foranyvalue') {
    if (ctxValues === undefined) return op.ifExists;
    // An empty set has no value that could match.
    return ctxValues.some((c) => (spec.negated ? !anyPolicyValueMatches(spec, values, c) : anyPolicyValueMatches(spec, values, c)));
  }
  if (op.set === 'forallvalues') {
    // Vacuous truth: a missing or empty set satisfies ForAllValues — the classic trap that makes
    // `ForAllValues:StringEquals` pass for requests that carry no tags at all.
    if (ctxValues === undefined) return true;
    return ctxValues.every((c) => (spec.negated ? !anyPolicyValueMatches(spec, values, c) : anyPolicyValueMatches(spec, values, c)));
  }
  if (ctxValues === undefined) {
    // AWS: a missing key makes a condition false, except with IfExists, and except for negated operators,
    // which are true when the key is absent (nothing to be "equal" to).
    return op.ifExists || spec.negated;
  }
  const matched = ctxValues.some((c) => anyPolicyValueMatches(spec, values, c));
  return spec.negated ? !matched : matched;
}

/** True when every operator and every key of a Condition block holds (AND across both; OR across a key's values). */
export function conditionsHold(condition: Record<string, Record<string, unknown>> | undefined, ctx: RequestContext, opts: ConditionOptions = {}, variables = false): boolean {
  if (!condition) return true;
  for (const [operator, block] of Object.entries(condition)) {
    if (!block || typeof block !== 'object') throw new PolicyEvaluationError(`condition operator "${operator}" must map keys to values`);
    for (const [key, values] of Object.entries(block)) {
      if (!testCondition(operator, key, values, ctx, opts, variables)) return false;
    }
  }
  return true;
}

/** Every condition key a Condition block tests, as written. */
export function conditionKeys(condition: Record<string, Record<string, unknown>> | undefined): string[] {
  if (!condition) return [];
  return Object.values(condition).flatMap((block) => (block && typeof block === 'object' ? Object.keys(block) : []));
}

/**
 * CloudWatch Logs filter patterns for JSON log events (what a metric filter on a CloudTrail log group uses), parsed
 * and evaluated against one log event. Pure: no AWS call.
 *
 * Supported: `{ $.field = value }`, `!=`, `<`, `<=`, `>`, `>=` with numbers, `*` wildcards in string values,
 * quoted and bare strings, `IS TRUE`, `IS FALSE`, `IS NULL`, `NOT EXISTS`, `&&`, `||`, parentheses, nested
 * selectors (`$.a.b`) and array indexes (`$.a[0]`). Anything else (term patterns, space-delimited `[…]` patterns,
 * `%regex%` values, `$.a[*]`) is a {@link MetricFilterPatternError}: the caller reports it, it never guesses.
 */

/** A filter pattern could not be understood: reported as an error, never as "matches" or "does not match". */
export class MetricFilterPatternError extends Error {
  override name = 'MetricFilterPatternError';
}

type Step = { key: string } | { index: number };
type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=';
type Literal = { kind: 'string'; text: string } | { kind: 'number'; value: number; text: string };

/** The parsed pattern: a boolean expression over selectors. */
export type FilterExpression =
  | { op: '&&' | '||'; left: FilterExpression; right: FilterExpression }
  | { op: 'compare'; selector: Step[]; path: string; operator: Operator; value: Literal }
  | { op: 'is'; selector: Step[]; path: string; what: 'TRUE' | 'FALSE' | 'NULL' }
  | { op: 'not-exists'; selector: Step[]; path: string };

/**
 * What evaluating a pattern on an event gives. `unknown` when the outcome depends on a rule AWS does not document:
 * `!=` on a field the event lacks (CloudWatch's answer is not specified, so supportguard does not pick one).
 */
export type FilterMatch = 'match' | 'no-match' | 'unknown';

type Token = { t: 'punct'; v: string; at: number } | { t: 'word'; v: string; at: number; quoted: boolean };

const PUNCT = ['&&', '||', '!=', '<=', '>=', '=', '<', '>', '(', ')', '{', '}'];

function tokenize(pattern: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let text = '';
      let j = i + 1;
      for (; j < pattern.length && pattern[j] !== '"'; j++) {
        // A backslash keeps the next character (an escaped quote inside a quoted string).
        if (pattern[j] === '\\' && j + 1 < pattern.length) j++;
        text += pattern[j];
      }
      if (j >= pattern.length) throw new MetricFilterPatternError(`unterminated quoted string at character ${i + 1}`);
      out.push({ t: 'word', v: text, at: i, quoted: true });
      i = j + 1;
      continue;
    }
    if (c === '%') {
      // A regular expression value runs to the next %, whatever it holds (|, parentheses…).
      const end = pattern.indexOf('%', i + 1);
      if (end < 0) throw new MetricFilterPatternError(`unterminated regular expression at character ${i + 1}`);
      out.push({ t: 'word', v: pattern.slice(i, end + 1), at: i, quoted: false });
      i = end + 1;
      continue;
    }
    const p = PUNCT.find((x) => pattern.startsWith(x, i));
    if (p) {
      out.push({ t: 'punct', v: p, at: i });
      i += p.length;
      continue;
    }
    let j = i;
    while (j < pattern.length && !/[\s"(){}=<>!&|]/.test(pattern[j]!)) j++;
    if (j === i) throw new MetricFilterPatternError(`unexpected "${c}" at character ${i + 1}`);
    out.push({ t: 'word', v: pattern.slice(i, j), at: i, quoted: false });
    i = j;
  }
  return out;
}

function parseSelector(text: string): Step[] {
  if (!text.startsWith('$')) throw new MetricFilterPatternError(`a selector starts with "$.", got "${text}"`);
  const steps: Step[] = [];
  const re = /\.([A-Za-z0-9_@:-]+)|\[(\d+)\]/y;
  let at = 1;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new MetricFilterPatternError(`selector "${text}" is not supported at "${text.slice(at)}" (only $.name and $.name[0] steps)`);
    steps.push(m[1] !== undefined ? { key: m[1] } : { index: Number(m[2]) });
    at = re.lastIndex;
  }
  if (steps.length === 0) throw new MetricFilterPatternError('a selector needs at least one field ($.name)');
  return steps;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}
  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private next(what: string): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new MetricFilterPatternError(`pattern ends where ${what} was expected`);
    return t;
  }
  private expect(v: string): void {
    const t = this.next(`"${v}"`);
    if (t.t !== 'punct' || t.v !== v) throw new MetricFilterPatternError(`expected "${v}" at character ${t.at + 1}, got "${t.v}"`);
  }
  whole(): FilterExpression {
    this.expect('{');
    const e = this.or();
    this.expect('}');
    const rest = this.peek();
    if (rest) throw new MetricFilterPatternError(`unexpected "${rest.v}" after the closing "}" at character ${rest.at + 1}`);
    return e;
  }
  private or(): FilterExpression {
    let left = this.and();
    while (this.peek()?.t === 'punct' && this.peek()!.v === '||') {
      this.i++;
      left = { op: '||', left, right: this.and() };
    }
    return left;
  }
  // && binds tighter than ||, as in every C-like language; CloudWatch documents neither order, so a pattern whose
  // meaning depends on it (CIS's "unauthorized API calls" filter) is read the common way.
  private and(): FilterExpression {
    let left = this.unary();
    while (this.peek()?.t === 'punct' && this.peek()!.v === '&&') {
      this.i++;
      left = { op: '&&', left, right: this.unary() };
    }
    return left;
  }
  private unary(): FilterExpression {
    const t = this.next('a condition');
    if (t.t === 'punct' && t.v === '(') {
      const e = this.or();
      this.expect(')');
      return e;
    }
    if (t.t !== 'word' || t.quoted) throw new MetricFilterPatternError(`expected a selector ($.field) at character ${t.at + 1}, got "${t.v}"`);
    const selector = parseSelector(t.v);
    const path = t.v;
    const op = this.next(`an operator after ${path}`);
    if (op.t === 'word' && !op.quoted && (op.v === 'IS' || op.v === 'NOT')) {
      const w = this.next(`a keyword after ${op.v}`);
      if (op.v === 'NOT' && w.v === 'EXISTS') return { op: 'not-exists', selector, path };
      if (op.v === 'IS' && (w.v === 'TRUE' || w.v === 'FALSE' || w.v === 'NULL')) return { op: 'is', selector, path, what: w.v };
      throw new MetricFilterPatternError(`"${op.v} ${w.v}" is not a filter pattern keyword (IS TRUE, IS FALSE, IS NULL, NOT EXISTS)`);
    }
    if (op.t !== 'punct' || !['=', '!=', '<', '<=', '>', '>='].includes(op.v)) throw new MetricFilterPatternError(`expected an operator after ${path} at character ${op.at + 1}, got "${op.v}"`);
    const operator = op.v as Operator;
    const v = this.next(`a value after ${path} ${operator}`);
    if (v.t !== 'word') throw new MetricFilterPatternError(`expected a value after ${path} ${operator} at character ${v.at + 1}, got "${v.v}"`);
    if (!v.quoted && /^%.*%$/.test(v.v)) throw new MetricFilterPatternError(`regular expression values (${v.v}) are not evaluated by supportguard`);
    const value: Literal = !v.quoted && NUMBER.test(v.v) ? { kind: 'number', value: Number(v.v), text: v.v } : { kind: 'string', text: v.v };
    if (operator !== '=' && operator !== '!=' && value.kind !== 'number') throw new MetricFilterPatternError(`${operator} needs a number, got "${v.v}"`);
    return { op: 'compare', selector, path, operator, value };
  }
}

/** Parses a JSON filter pattern; throws {@link MetricFilterPatternError} for anything it cannot read exactly. */
export function parseMetricFilterPattern(pattern: string): FilterExpression {
  const trimmed = pattern.trim();
  if (trimmed === '') throw new MetricFilterPatternError('the empty pattern matches every log event, not a JSON filter');
  if (!trimmed.startsWith('{')) throw new MetricFilterPatternError('not a JSON filter pattern ({ $.field = value }): term and space-delimited patterns are not evaluated');
  return new Parser(tokenize(trimmed)).whole();
}

const MISSING = Symbol('missing');

function resolve(event: unknown, steps: Step[]): unknown {
  let cur: unknown = event;
  for (const s of steps) {
    if ('key' in s) {
      if (!cur || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, s.key)) return MISSING;
      cur = (cur as Record<string, unknown>)[s.key];
    } else {
      if (!Array.isArray(cur) || s.index >= cur.length) return MISSING;
      cur = cur[s.index];
    }
  }
  return cur;
}

/** CloudWatch wildcards: `*` is any run of characters, anywhere in the value. */
function wildcardMatches(pattern: string, text: string): boolean {
  const src = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
  return new RegExp(`^${src}$`, 's').test(text);
}

function equals(value: unknown, lit: Literal): boolean {
  if (lit.kind === 'number') return typeof value === 'number' ? value === lit.value : typeof value === 'string' && value === lit.text;
  if (typeof value === 'string') return wildcardMatches(lit.text, value);
  // A bare TRUE or a number compared as text: CloudWatch compares the value's text form.
  if (typeof value === 'number' || typeof value === 'boolean') return wildcardMatches(lit.text, String(value));
  return false;
}

type Tri = boolean | undefined;

function evaluate(e: FilterExpression, event: unknown): Tri {
  switch (e.op) {
    case '&&': {
      const l = evaluate(e.left, event);
      if (l === false) return false;
      const r = evaluate(e.right, event);
      return r === false ? false : l === true && r === true ? true : undefined;
    }
    case '||': {
      const l = evaluate(e.left, event);
      if (l === true) return true;
      const r = evaluate(e.right, event);
      return r === true ? true : l === false && r === false ? false : undefined;
    }
    case 'not-exists':
      return resolve(event, e.selector) === MISSING;
    case 'is': {
      const v = resolve(event, e.selector);
      return e.what === 'NULL' ? v === null : v === (e.what === 'TRUE');
    }
    case 'compare': {
      const v = resolve(event, e.selector);
      if (v === MISSING) return e.operator === '!=' ? undefined : false;
      if (e.operator === '=') return equals(v, e.value);
      if (e.operator === '!=') return !equals(v, e.value);
      if (typeof v !== 'number' || e.value.kind !== 'number') return false;
      const b = e.value.value;
      return e.operator === '<' ? v < b : e.operator === '<=' ? v <= b : e.operator === '>' ? v > b : v >= b;
    }
  }
}

/** Evaluates a parsed (or textual) JSON filter pattern against one log event. */
export function matchMetricFilter(pattern: string | FilterExpression, event: unknown): FilterMatch {
  const e = typeof pattern === 'string' ? parseMetricFilterPattern(pattern) : pattern;
  const r = evaluate(e, event);
  return r === true ? 'match' : r === false ? 'no-match' : 'unknown';
}

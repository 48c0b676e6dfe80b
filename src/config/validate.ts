import { UsageError } from '../errors.js';
import { isExpired, utcDay } from './dates.js';
import type { SupportguardConfig } from './types.js';

/**
 * Validates a parsed config against the shipped JSON Schema (ajv, loaded only when a config file exists), then the
 * rules a schema says badly (exactly one kind of responder). The first problem becomes one line naming the file, the
 * key path and what is wrong: `supportguard.yml: suppressions[0].expires: "2026-13-01" is not a date (YYYY-MM-DD)`.
 */

type Schema = { properties?: Record<string, unknown>; enum?: unknown[]; type?: string | string[]; description?: string; pattern?: string };

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

function regexProblem(s: string): string | undefined {
  try {
    new RegExp(s, 'u');
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, '');
  }
}

/** An error as ajv reports it (the fields used here). */
export interface ErrorObject {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: unknown;
}

/** The precompiled validator: a function of the data that sets `errors` on itself when it returns false. */
export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** The formats the schema uses, given to the precompiled validator (it has no ajv to ask). */
export const FORMATS = { date: isIsoDate, regex: (s: string) => regexProblem(s) === undefined };

let compiled: Promise<ValidateFunction> | undefined;

/**
 * The schema compiled ahead of time by `npm run schema` (ajv standalone, schema/supportguard.validate.mjs, shipped with
 * the package): compiling the 60 KB schema with ajv at start-up cost over a second on a loaded machine; importing the
 * compiled code costs a few milliseconds and needs no ajv at run time.
 */
function validator(): Promise<ValidateFunction> {
  // Two levels above both dist/config/validate.js and src/config/validate.ts is the package root, which ships schema/.
  // A literal path, so the one-file CLI (scripts/bundle-cli.mjs) holds the validator too.
  compiled ??= import('../../schema/supportguard.validate.mjs').then((m) => m.makeValidate(FORMATS));
  return compiled;
}

/** `/suppressions/0/expires` → `suppressions[0].expires`; a key that is not a plain word is quoted. */
export function keyPath(instancePath: string): string {
  let out = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The known key closest to a misspelt one, when it is close enough to be a slip. */
export function suggest(word: string, known: readonly string[]): string | undefined {
  // A key cut short (`member-role` for `member-role-name`) is a slip too, however far it is in letters.
  const extended = known.filter((k) => word.length >= 4 && k.toLowerCase().startsWith(word.toLowerCase()));
  if (extended.length === 1) return extended[0];
  let best: { key: string; d: number } | undefined;
  for (const key of known) {
    const d = distance(word.toLowerCase(), key.toLowerCase());
    if (!best || d < best.d) best = { key, d };
  }
  return best && best.d <= Math.max(2, Math.floor(word.length / 4)) ? best.key : undefined;
}

const shown = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v));

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `a ${typeof v}`;
}

const TYPE_WORDS: Record<string, string> = { string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false', array: 'a list', object: 'a mapping', null: 'null' };

function valueAt(data: unknown, instancePath: string): unknown {
  let v = data;
  for (const raw of instancePath.split('/').slice(1)) v = (v as Record<string, unknown> | undefined)?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

/** One error of ajv as the problem a user can fix. */
export function describeError(e: ErrorObject, data: unknown): { path: string; problem: string } {
  const value = valueAt(data, e.instancePath);
  const path = keyPath(e.instancePath);
  const schema = (e.parentSchema ?? {}) as Schema;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const hint = suggest(key, Object.keys(schema.properties ?? {}));
      return { path, problem: `unknown key ${shown(key)}${hint ? ` (did you mean ${shown(hint)}?)` : ''}` };
    }
    case 'required':
      return { path, problem: `missing required key ${shown((e.params as { missingProperty: string }).missingProperty)}` };
    case 'type': {
      const types = ([] as string[]).concat((e.params as { type: string | string[] }).type as string[]).flatMap((t) => t.split(','));
      return { path, problem: `must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')} (got ${typeName(value)})` };
    }
    case 'enum': {
      const allowed = schema.enum ?? [];
      if (schema.description?.startsWith('a check id')) return { path, problem: `unknown check ${shown(value)} (see \`supportguard checks\`)` };
      if (allowed.includes('critical') && allowed.includes('info')) return { path, problem: `unknown severity ${shown(value)} (one of: ${allowed.join(', ')})` };
      if (allowed.length === 1) return { path, problem: `must be ${shown(allowed[0])} (got ${shown(value)})` };
      return { path, problem: `${shown(value)} is not one of: ${allowed.join(', ')}` };
    }
    case 'format': {
      const format = (e.params as { format: string }).format;
      if (format === 'date') return { path, problem: `${shown(value)} is not a date (YYYY-MM-DD)` };
      if (format === 'regex') return { path, problem: `${shown(value)} is not a valid regular expression: ${regexProblem(String(value))}` };
      return { path, problem: `${shown(value)} is not a ${format}` };
    }
    case 'pattern':
      if (schema.pattern === '\\S') return { path, problem: 'must not be empty' };
      if (schema.pattern === '^[0-9]{12}$') return { path, problem: `${shown(value)} is not an account id (12 digits)` };
      if (schema.pattern?.includes('ou-')) return { path, problem: `${shown(value)} is not an OU id (ou-…) or a root id (r-…)` };
      return { path, problem: `${shown(value)} does not match ${schema.pattern}` };
    case 'anyOf':
      return { path, problem: `must be a string, a number or a list of them (got ${typeName(value)})` };
    default:
      return { path, problem: e.message ?? e.keyword };
  }
}

/** Rules beyond the schema. */
function semanticProblems(config: SupportguardConfig): { path: string; problem: string } | undefined {
  for (const [i, r] of (config.responders ?? []).entries()) {
    const kinds = (['principal', 'samlProvider', 'permissionSet'] as const).filter((k) => r[k] !== undefined);
    if (kinds.length !== 1) return { path: `responders[${i}]`, problem: kinds.length === 0 ? 'needs one of principal, samlProvider, permissionSet' : `has ${kinds.join(' and ')}; give exactly one of principal, samlProvider, permissionSet` };
  }
  return undefined;
}

/**
 * Validates `data` (the parsed file) and returns it typed, with warnings (expired suppressions, judged on `today`).
 * Throws a UsageError of one line on the first problem.
 */
export async function validateConfig(data: unknown, file: string, opts: { today?: Date } = {}): Promise<{ config: SupportguardConfig; warnings: string[] }> {
  const validate = await validator();
  const fail = (p: { path: string; problem: string }) => {
    throw new UsageError(`${file}: ${p.path ? `${p.path}: ` : ''}${p.problem}`);
  };
  if (!validate(data)) {
    const errors = validate.errors ?? [];
    // An anyOf (a flag that takes a value or a list) says more than the first branch's complaint about it.
    fail(describeError(errors.find((e) => e.keyword === 'anyOf') ?? errors[0]!, data));
  }
  const config = data as SupportguardConfig;
  const problem = semanticProblems(config);
  if (problem) fail(problem);
  const today = utcDay(opts.today ?? new Date());
  const warnings = (config.suppressions ?? []).flatMap((s, i) =>
    isExpired(s.expires, today) ? [`${file}: suppressions[${i}] (${s.check}, owner ${s.owner}) expired on ${s.expires}: its findings count again`] : [],
  );
  return { config, warnings };
}

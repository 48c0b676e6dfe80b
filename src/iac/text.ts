import { InputError } from '../errors.js';

/** A text's line starts, for turning offsets into 1-based line and column numbers. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where a JSON key with a given string value first appears (e.g. `"address": "aws_iam_role.x"`), searching from `from`.
 * JSON.parse keeps no positions; this cheap search is enough to point a reviewer at the resource.
 */
export function findJsonMember(index: LineIndex, key: string, value: string | undefined, from = 0): { line: number; column: number; offset: number } | undefined {
  const k = escapeRegExp(JSON.stringify(key));
  const pattern = value === undefined ? new RegExp(`${k}\\s*:`, 'g') : new RegExp(`${k}\\s*:\\s*${escapeRegExp(JSON.stringify(value))}`, 'g');
  pattern.lastIndex = from;
  const m = pattern.exec(index.text);
  if (!m) return undefined;
  return { ...index.position(m.index), offset: m.index };
}

/** The deepest nesting accepted in any input; real templates and plans stay far below it. */
export const MAX_DEPTH = 200;

/**
 * Refuses values nested deeper than MAX_DEPTH, without recursion (so the check itself cannot overflow the stack).
 * Everything after this point may walk the value recursively.
 */
export function assertDepth(value: unknown, where: string): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) throw new InputError(`${where}: nested deeper than ${MAX_DEPTH} levels; refusing it`);
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
}

/** A plain JSON object (not a list, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The first position of every `"address": "…"` member in a JSON text, in one pass.
 * A plan of thousands of resources would make one search per resource quadratic.
 */
export function addressPositions(index: LineIndex): Map<string, { line: number; column: number }> {
  const out = new Map<string, { line: number; column: number }>();
  const pattern = /"address"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
  for (let m = pattern.exec(index.text); m; m = pattern.exec(index.text)) {
    let address: string;
    try {
      address = JSON.parse(`"${m[1]}"`) as string;
    } catch {
      continue;
    }
    if (!out.has(address)) out.set(address, index.position(m.index));
  }
  return out;
}

/**
 * Reads a large `get-account-authorization-details` text list element by list element, so that the whole parsed
 * export is never held at once.
 *
 * Why: JSON.parse of a 9.5 MB export builds its whole tree (~16 MB) in V8's young generation; normalising it then
 * allocates the snapshot model, and each young-generation collection during that copies the still-live raw tree
 * (twice: once within the young generation, once into the old one). That copying, not the parsing, was most of the
 * load time of the 10,000-role benchmark (issue 13 §3). Parsed one element at a time, each raw role or user is
 * garbage as soon as it is normalised, and the collections copy only the model.
 *
 * `readAuthorizationDetails` finds the top-level members and the element boundaries of the four lists without a
 * character-by-character scan: an element ends where JSON.parse of the text from its `{` first succeeds. Candidate
 * ends are found with indexOf of the separator the list itself uses between its first `{` and first key (`},{"Path"`
 * compact, `},\n        {\n            "Path"` as the AWS CLI indents it); the first candidate at which the slice
 * parses is the element's end, since a slice cut inside the element (a nested `},{`) leaves a bracket open and a
 * quote inside a JSON string is always escaped. Anything it does not expect (another top-level value, a
 * duplicated key, an element that is not an object, too many false candidates) answers undefined, and the caller
 * parses the text whole, as before: the elements it hands on are the ones JSON.parse would build, or none.
 */

/** The lists read element by element; every other top-level member must be a string, number, boolean or null. */
const LIST_KEYS = new Set<string>(['RoleDetailList', 'UserDetailList', 'GroupDetailList', 'Policies']);

/** The lists read element by element. */
export type ListKey = 'RoleDetailList' | 'UserDetailList' | 'GroupDetailList' | 'Policies';

/** Called with each element as it is parsed (its list, the element, its index); its answer is what the list holds. */
export type ElementVisitor = (list: ListKey, element: Record<string, unknown>, index: number) => unknown;

/** Below this size the text is parsed whole: the copying this avoids is negligible for small exports. */
export const ELEMENT_READER_MIN_LENGTH = 1 << 20;

/**
 * Slices that did not parse (a nested `},{`, a `}` inside the last element) tolerated per list before giving up.
 * Each costs a parse of at most one element: a thousand is a few milliseconds, against the whole parse it replaces.
 */
const MAX_FALSE_ENDS = 1000;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The index just past the string token starting at `i` (a `"`), or -1. */
function stringEnd(text: string, i: number): number {
  let q = i;
  for (;;) {
    q = text.indexOf('"', q + 1);
    if (q < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
  }
}

const SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** The index just past the scalar (string, number, literal) at `i`, or -1 for anything else. */
function scalarEnd(text: string, i: number): number {
  if (text.charCodeAt(i) === 0x22) return stringEnd(text, i);
  SCALAR.lastIndex = i;
  return SCALAR.test(text) ? SCALAR.lastIndex : -1;
}

/** JSON.parse of the slice, or undefined when it is not one JSON value (the slice then ends at a false candidate). */
function parsed(slice: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(slice) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * The visitor's answers for the elements of the list whose `[` is at `open`, and the index just past its `]`;
 * undefined when the list is not a plain list of objects this reader can prove the boundaries of.
 */
function readList(text: string, open: number, list: ListKey, visit: ElementVisitor): { items: unknown[]; end: number } | undefined {
  const items: unknown[] = [];
  let p = skipSpace(text, open + 1);
  if (text.charCodeAt(p) === 0x5d) return { items, end: p + 1 };
  if (text.charCodeAt(p) !== 0x7b) return undefined;
  // The separator as this list writes it: `}` `,` then the whitespace before the first `{`, the `{`, the whitespace
  // before the first key and that key (with its quotes).
  const keyAt = skipSpace(text, p + 1);
  if (text.charCodeAt(keyAt) !== 0x22) return undefined;
  const keyEnd = stringEnd(text, keyAt);
  if (keyEnd < 0) return undefined;
  const sep = `},${text.slice(open + 1, p)}{${text.slice(p + 1, keyEnd)}`;
  const braceInSep = 2 + (p - open - 1);
  let falseEnds = 0;
  for (;;) {
    // Most elements start like the first: the next separator is the end of this one, unless it is a nested one
    // (the slice then ends inside the element) or one in a later list (the slice then holds more than one value).
    // Either way the slice does not parse, and this element's end is looked for the slow way below.
    const q = text.indexOf(sep, p);
    if (q >= 0) {
      const element = parsed(text.slice(p, q + 1));
      if (element !== undefined) {
        items.push(visit(list, element, items.length));
        p = q + braceInSep;
        continue;
      }
      if (++falseEnds > MAX_FALSE_ENDS) return undefined;
    }
    // The slow way (the last element, or one that does not start like the first): its end is a `}` followed by
    // `,` or `]` at which the slice parses; every `}` before that is a nested one.
    let e = p;
    for (;;) {
      e = text.indexOf('}', e + 1);
      if (e < 0) return undefined;
      const after = skipSpace(text, e + 1);
      const c = text.charCodeAt(after);
      if (c !== 0x2c && c !== 0x5d) continue;
      const element = parsed(text.slice(p, e + 1));
      if (element === undefined) {
        if (++falseEnds > MAX_FALSE_ENDS) return undefined;
        continue;
      }
      items.push(visit(list, element, items.length));
      if (c === 0x5d) return { items, end: after + 1 };
      p = skipSpace(text, after + 1);
      if (text.charCodeAt(p) !== 0x7b) return undefined;
      break;
    }
  }
}

/**
 * The top-level object of an authorization-details text, each element of RoleDetailList, UserDetailList,
 * GroupDetailList and Policies replaced by the visitor's answer for it, in the text's order; undefined when the text
 * is short or not of that plain shape (the caller then parses it whole, and reports its errors). A visitor that
 * throws ends the reading with its error.
 */
export function readAuthorizationDetails(text: string, visit: ElementVisitor, minLength = ELEMENT_READER_MIN_LENGTH): Record<string, unknown> | undefined {
  if (text.length < minLength) return undefined;
  const out: Record<string, unknown> = {};
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x7b) return undefined;
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === 0x7d) return undefined;
  for (;;) {
    if (text.charCodeAt(i) !== 0x22) return undefined;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return undefined;
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    if (Object.hasOwn(out, key)) return undefined;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== 0x3a) return undefined;
    i = skipSpace(text, i + 1);
    if (LIST_KEYS.has(key)) {
      // null or anything else but a list: the whole parse says what it means (an incomplete export, an error).
      if (text.charCodeAt(i) !== 0x5b) return undefined;
      const list = readList(text, i, key as ListKey, visit);
      if (!list) return undefined;
      out[key] = list.items;
      i = list.end;
    } else {
      const end = scalarEnd(text, i);
      if (end < 0) return undefined;
      try {
        out[key] = JSON.parse(text.slice(i, end));
      } catch {
        return undefined;
      }
      i = end;
    }
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    if (c === 0x7d) break;
    if (c !== 0x2c) return undefined;
    i = skipSpace(text, i + 1);
  }
  // Nothing but whitespace after the closing brace, as JSON.parse demands.
  return skipSpace(text, i + 1) === text.length ? out : undefined;
}

import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError, RuntimeError } from '../errors.js';
import { readRegularFile } from '../snapshot/files.js';
import { DRILL_KIND, validateDrillRecord, type DrillHistoryRecord } from './drill-record.js';
import { HISTORY_KIND, type HistoryRecord } from './record.js';

/** How far into an existing file the first line is looked for: a history line grows by well under 1 KiB per account. */
const FIRST_LINE_LIMIT = 16 * 1024 * 1024;

function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    while (total < FIRST_LINE_LIMIT) {
      const n = readSync(fd, buf, 0, buf.length, total);
      if (n === 0) break;
      const nl = buf.subarray(0, n).indexOf(0x0a);
      chunks.push(Buffer.from(buf.subarray(0, nl >= 0 ? nl : n)));
      total += n;
      if (nl >= 0) break;
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks, before any scan or report work, that `path` can take history records: an existing non-empty file
 * must start with a supportguard history record (appending a JSON line to a config file or a report given by
 * mistake would corrupt it), a folder is refused, and a missing file needs its nearest existing parent folder
 * to be a writable folder (the missing folders are created on append, as `-o` does). Throws InputError.
 */
export function checkHistoryTarget(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    // ENOTDIR: a parent is a file; the walk below names it.
    if (!['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) throw new InputError(`--history ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (st) {
    if (!st.isFile()) throw new InputError(`--history ${path}: not a file`);
    if (st.size === 0) return;
    let line: string;
    try {
      line = firstLine(path).trim();
    } catch (e) {
      throw new InputError(`--history ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const { problems } = parseHistory(line);
    // A run killed while writing the very first record leaves a torn line; it still starts as our records do
    // (buildHistoryRecord and the drill put `kind` first), so the file is ours and the torn line is reported on read.
    const tornRecord = [HISTORY_KIND, DRILL_KIND].some((kind) => line.startsWith(`{"kind":${JSON.stringify(kind)}`));
    if (!line || (problems.length > 0 && !tornRecord)) {
      throw new InputError(`--history ${path}: not a supportguard history file (line 1: ${problems[0]?.message ?? 'empty'}); refusing to append to it`);
    }
    return;
  }
  let dir = dirname(path);
  for (;;) {
    let d;
    try {
      d = statSync(dir);
    } catch {
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
      continue;
    }
    if (!d.isDirectory()) throw new InputError(`--history ${path}: ${dir} is not a folder`);
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      throw new InputError(`--history ${path}: folder ${dir} is not writable`);
    }
    return;
  }
}

/**
 * Appends one record as one line, creating missing folders; refuses a file that is not a history
 * (checkHistoryTarget). The whole line goes out in a single write on a file opened
 * for appending (O_APPEND), so concurrent runs never interleave inside a line; if an earlier run
 * died mid-line, we first end that fragment so it stays one (reported) corrupt line instead of
 * swallowing ours.
 */
export async function appendHistory(path: string, record: HistoryRecord | DrillHistoryRecord): Promise<void> {
  checkHistoryTarget(path);
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (e) {
    throw new RuntimeError(`cannot append to history ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let prefix = '';
  try {
    const size = (await stat(path)).size;
    if (size > 0) {
      const fh = await open(path, 'r');
      try {
        const { buffer } = await fh.read(Buffer.alloc(1), 0, 1, size - 1);
        if (buffer[0] !== 0x0a) prefix = '\n';
      } finally {
        await fh.close();
      }
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new RuntimeError(`cannot append to history ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const line = Buffer.from(`${prefix}${JSON.stringify(record)}\n`, 'utf8');
  let fh;
  try {
    fh = await open(path, 'a');
    let written = 0;
    while (written < line.length) written += (await fh.write(line, written, line.length - written)).bytesWritten;
  } catch (e) {
    throw new RuntimeError(`cannot append to history ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    await fh?.close();
  }
}

/** A line of the history that could not be used. */
export interface HistoryProblem {
  line: number;
  message: string;
}

function validate(raw: unknown): string | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'not a JSON object';
  const r = raw as Partial<HistoryRecord>;
  if ((r.kind as string) === DRILL_KIND) return validateDrillRecord(raw as Record<string, unknown>);
  if (r.kind !== HISTORY_KIND) return `not a supportguard scan record (kind ${JSON.stringify(r.kind)})`;
  if (r.schemaVersion !== 1) return `unsupported schemaVersion ${JSON.stringify(r.schemaVersion)}`;
  if (typeof r.time !== 'string' || Number.isNaN(Date.parse(r.time))) return 'time is not an ISO date';
  if (!Array.isArray(r.accounts)) return 'accounts is not a list';
  // Every field a consumer reads is checked here, so `kpi` and the dashboard never meet a null role or a summary
  // without counts: a line that passes is one they can use, a line that does not is reported and skipped.
  for (const [i, a] of r.accounts.entries()) {
    if (!a || typeof a !== 'object' || typeof a.accountId !== 'string' || !['PASS', 'FAIL', 'ERROR'].includes(a.status) || !Array.isArray(a.supportRoles)) return `accounts[${i}] lacks accountId, status or supportRoles`;
    if (a.accountName !== undefined && typeof a.accountName !== 'string') return `accounts[${i}].accountName is not text`;
    for (const [j, s] of a.supportRoles.entries()) {
      const bad = !s || typeof s !== 'object' || typeof s.arn !== 'string' || typeof s.name !== 'string' ||
        (s.lastUsed !== undefined && s.lastUsed !== null && typeof s.lastUsed !== 'string') || (s.lastUsedRegion !== undefined && typeof s.lastUsedRegion !== 'string');
      if (bad) return `accounts[${i}].supportRoles[${j}] is not a role with a text arn and name`;
      if (s.assumers !== undefined) {
        // Optional since the access review (older lines have none); when present, every field the review and kpi read.
        if (!Array.isArray(s.assumers)) return `accounts[${i}].supportRoles[${j}].assumers is not a list`;
        for (const [k, x] of s.assumers.entries()) {
          const ok = !!x && typeof x === 'object' && typeof x.principal === 'string' && (x.arn === undefined || typeof x.arn === 'string') && ['responder', 'service', 'anyone'].includes(x.who) &&
            typeof x.requiresMfa === 'boolean' && typeof x.requiresExternalId === 'boolean' && Array.isArray(x.otherConditions) && x.otherConditions.every((c) => typeof c === 'string') &&
            (x.approvedAs === undefined || x.approvedAs === null || typeof x.approvedAs === 'string');
          if (!ok) return `accounts[${i}].supportRoles[${j}].assumers[${k}] is not a principal with its conditions`;
        }
      }
      if (s.assumersNotListed !== undefined && typeof s.assumersNotListed !== 'number') return `accounts[${i}].supportRoles[${j}].assumersNotListed is not a number`;
    }
    if (a.adminPrincipals !== undefined && (!Array.isArray(a.adminPrincipals) || a.adminPrincipals.some((p) => typeof p !== 'string'))) return `accounts[${i}].adminPrincipals is not a list of ARNs`;
  }
  const s = r.summary as Partial<HistoryRecord['summary']> | undefined;
  if (!s || typeof s !== 'object') return 'summary is missing';
  const counts = s.accounts as Record<string, unknown> | undefined;
  if (!counts || typeof counts !== 'object' || ['total', 'PASS', 'FAIL', 'ERROR'].some((k) => typeof counts[k] !== 'number')) return 'summary.accounts lacks its total, PASS, FAIL and ERROR counts';
  if (s.cisPassRate !== null && typeof s.cisPassRate !== 'number') return 'summary.cisPassRate is neither a number nor null';
  if (r.checks !== undefined && (typeof r.checks !== 'object' || r.checks === null || Array.isArray(r.checks))) return 'checks is not an object';
  return undefined;
}

/** What a history file holds: scan records and drill records, each in file order, and the lines that could not be used. */
export interface HistoryContents {
  /** Scan records (`supportguard-scan`): what the pass rate, the dashboard and the support-role listing read. */
  records: HistoryRecord[];
  /** Drill records (`supportguard-drill`): what MTTES reads. Kept apart so no scan consumer mistakes a drill for a scan. */
  drills: DrillHistoryRecord[];
  problems: HistoryProblem[];
}

/** Parses history text: good records in file order, and each bad line with its number (never thrown). */
export function parseHistory(text: string): HistoryContents {
  const records: HistoryRecord[] = [];
  const drills: DrillHistoryRecord[] = [];
  const problems: HistoryProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      problems.push({ line: i + 1, message: `not valid JSON (${(e as Error).message})` });
      return;
    }
    const why = validate(value);
    if (why) problems.push({ line: i + 1, message: why });
    else if ((value as { kind?: string }).kind === DRILL_KIND) drills.push(value as DrillHistoryRecord);
    else records.push(value as HistoryRecord);
  });
  return { records, drills, problems };
}

/**
 * Reads a history file. A missing or unreadable file is an InputError, and so is a file without a single
 * valid record (`/etc/passwd`, a report given by mistake): its KPIs would be zeros presented as fact.
 * Corrupt lines among good records are returned as problems (a run that died mid-line leaves one).
 */
export async function readHistory(path: string): Promise<HistoryContents> {
  const text = await readRegularFile(path, 'history');
  const read = parseHistory(text);
  if (read.records.length === 0 && read.drills.length === 0) {
    const first = read.problems[0];
    throw new InputError(
      first
        ? `${path}: not a supportguard history file (no valid record in ${read.problems.length} line(s); line ${first.line}: ${first.message})`
        : `${path}: history file is empty (no supportguard history record)`,
    );
  }
  return read;
}

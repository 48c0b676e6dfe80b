import type { Stats } from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, realpath, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RuntimeError } from '../errors.js';

/**
 * What is written: one string, or a text in parts whose concatenation is the text (a report renderer's parts, see
 * `PartsRenderer`, which may make each part only when it is asked for). Parts are written one after the other and
 * never joined: a report can be larger than one string holds.
 */
export type ReportText = string | Iterable<string>;

/**
 * Thrown while writing a text in parts when making a part failed (a renderer's error, from a part made as it is
 * written): the write is undone and the renderer's own error thrown, not a "cannot write" about the file.
 */
class PartFailure {
  constructor(readonly error: unknown) {}
}

/** The parts of a text, with a failure to make one marked as a PartFailure. */
function* partsOf(text: Iterable<string>): Generator<string, void, undefined> {
  const it = text[Symbol.iterator]();
  for (;;) {
    let next: IteratorResult<string>;
    try {
      next = it.next();
    } catch (e) {
      throw new PartFailure(e);
    }
    if (next.done) return;
    yield next.value;
  }
}

/** A text whose parts are all made (an array), for what cannot be undone once written: stdout, a device, a pipe. */
export function madeText(text: ReportText): string | readonly string[] {
  return typeof text === 'string' || Array.isArray(text) ? (text as string | readonly string[]) : [...text];
}

/** How many characters of parts are joined into one piece for stdout (a 300 MiB report is ~300 writes, not 120,000). */
export const WRITE_CHUNK = 1 << 20;

/**
 * The text in pieces of about `size` characters: consecutive parts joined until they reach it (parts are never cut,
 * so no character is split; a piece is at most one part longer than `size`). Only these pieces are built, never the whole.
 */
export function* textChunks(text: ReportText, size = WRITE_CHUNK): Generator<string> {
  if (typeof text === 'string') {
    if (text.length > 0) yield text;
    return;
  }
  let batch: string[] = [];
  let length = 0;
  for (const part of text) {
    batch.push(part);
    length += part.length;
    if (length >= size) {
      yield batch.join('');
      batch = [];
      length = 0;
    }
  }
  if (length > 0) yield batch.join('');
}

/** The buffer parts are encoded into before a write to a file. */
const FILE_BUFFER_BYTES = 4 << 20;

async function writeAll(handle: FileHandle, bytes: Buffer, length: number): Promise<void> {
  for (let done = 0; done < length; ) done += (await handle.write(bytes, done, length - done)).bytesWritten;
}

/**
 * Writes a text to a file (created with `mode` if new): parts are encoded one by one, as UTF-8, straight into one
 * reused buffer that is written whenever it is full, so no string longer than a part is ever made. A part that fails
 * to be made throws a PartFailure.
 */
async function writeTextFile(path: string, text: ReportText, mode?: number): Promise<void> {
  if (typeof text === 'string') return writeFile(path, text, { encoding: 'utf8', mode });
  const handle = await open(path, 'w', mode);
  try {
    const buffer = Buffer.allocUnsafe(FILE_BUFFER_BYTES);
    let used = 0;
    for (const part of partsOf(text)) {
      // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair 4 for 2): with that much room a part fits whole.
      if (used + part.length * 3 > buffer.length) {
        await writeAll(handle, buffer, used);
        used = 0;
      }
      if (part.length * 3 > buffer.length) {
        const bytes = Buffer.from(part, 'utf8');
        await writeAll(handle, bytes, bytes.length);
      } else used += buffer.write(part, used, 'utf8');
    }
    await writeAll(handle, buffer, used);
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file all-or-nothing: to a temporary name beside it, then renamed over the target,
 * so an interrupted run never leaves a half-written report that a pipeline would pick up.
 *
 * Only regular files are replaced that way. `-o /dev/null`, `-o /dev/stdout` or a named pipe are written to
 * directly: renaming over them would replace the device with a plain file (as root, /dev/null itself).
 * A symbolic link is followed, so the file it points to is replaced, not the link. A file that is replaced keeps its
 * permissions (a 0600 report stays 0600), and temporary files a killed run left beside the target are removed.
 */
export async function writeFileAtomic(path: string, content: ReportText): Promise<void> {
  await (await stage(path, content)).commit();
}

/**
 * Writes several files (the outputs of `-f table,json,sarif -o DIR/`), each whole or not at all: every file is first
 * written to its temporary name, and only when all of them are written are they renamed into place. A failure while
 * writing (disk full, a folder in the way) leaves none of the reports behind.
 */
export async function writeFilesAtomic(files: readonly { path: string; content: ReportText }[]): Promise<void> {
  const staged: StagedWrite[] = [];
  try {
    for (const f of files) staged.push(await stage(f.path, f.content));
  } catch (e) {
    for (const s of staged) await s.abort();
    throw e;
  }
  for (const s of staged) await s.commit();
}

/** A file written to its temporary name, waiting to be renamed into place (or removed). */
interface StagedWrite {
  commit(): Promise<void>;
  abort(): Promise<void>;
}

async function stage(path: string, content: ReportText): Promise<StagedWrite> {
  let target = path;
  let real: Stats | undefined;
  try {
    const info = await lstat(path).catch(() => undefined);
    if (info?.isSymbolicLink()) target = await realpath(path);
    real = info ? await stat(target) : undefined;
    if (real?.isDirectory()) throw new RuntimeError(`cannot write ${path}: it is a folder`);
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    throw new RuntimeError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (real && !real.isFile()) {
    // A device or a pipe is written at commit time, directly: there is nothing to stage. What it gets cannot be taken
    // back, so a text in parts is made whole first: a renderer that fails writes nothing there either.
    const made = madeText(content);
    return {
      commit: async () => {
        try {
          await writeTextFile(target, made);
        } catch (e) {
          throw new RuntimeError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
      },
      abort: async () => {},
    };
  }
  const mode = real ? real.mode & 0o7777 : undefined;
  const tmp = `${target}.${process.pid}.tmp`;
  // Removing the temporary is best effort: with a file where a folder should be, rm fails with ENOTDIR (force ignores
  // only ENOENT), and that must not replace the one-line "cannot write" with an internal error.
  const removeTmp = () => rm(tmp, { force: true }).catch(() => {});
  const fail = async (e: unknown): Promise<never> => {
    await removeTmp();
    throw new RuntimeError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  };
  try {
    await mkdir(dirname(target), { recursive: true });
    await removeStaleTemporaries(target);
    // Created 0600 and given the old file's mode before the rename: the report is never readable by more people than before.
    await writeTextFile(tmp, content, 0o600);
    await chmod(tmp, mode ?? (0o666 & ~process.umask()));
  } catch (e) {
    // A part the renderer failed to make: the half-written temporary goes, and the renderer's error is the one told.
    if (e instanceof PartFailure) {
      await removeTmp();
      throw e.error;
    }
    return fail(e);
  }
  return {
    commit: async () => {
      try {
        await rename(tmp, target);
      } catch (e) {
        await fail(e);
      }
    },
    abort: removeTmp,
  };
}

/** True while process `pid` runs (signal 0 tests without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Per folder, the `<target>.<pid>.tmp` files of runs that are gone (SIGKILL mid-write), by target name. The folder is
 * listed once per process: `scan --save` writes one file per account into the same folder, and listing it again
 * for each of 10,000 files made the save quadratic.
 */
const staleByFolder = new Map<string, Promise<Map<string, string[]>>>();

async function listStaleTemporaries(dir: string): Promise<Map<string, string[]>> {
  const byTarget = new Map<string, string[]>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return byTarget;
  }
  for (const name of names) {
    const m = /^(.+)\.(\d+)\.tmp$/.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    if (pid > 0 && pid !== process.pid && !alive(pid)) byTarget.set(m[1]!, [...(byTarget.get(m[1]!) ?? []), name]);
  }
  return byTarget;
}

/** Removes the temporary files killed runs left beside `target`: they would pile up beside every report. */
async function removeStaleTemporaries(target: string): Promise<void> {
  const dir = dirname(target);
  let listing = staleByFolder.get(dir);
  if (!listing) staleByFolder.set(dir, (listing = listStaleTemporaries(dir)));
  const byTarget = await listing;
  const names = byTarget.get(basename(target));
  if (!names) return;
  byTarget.delete(basename(target));
  for (const name of names) await rm(join(dir, name), { force: true });
}

import { chmod, lstat, mkdir, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RuntimeError } from '../errors.js';

/**
 * What is written: one string, or a text in parts (a report renderer's parts, see `PartsRenderer`) whose concatenation
 * is the text. Parts are written one after the other and never joined: a report can be larger than one string holds.
 */
export type ReportText = string | readonly string[];

/** How many characters of parts are joined into one write (a 400 MiB report is ~400 writes, not 120,000). */
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

/** What fs's writeFile takes for a text: a string as it is, parts as their chunks (writeFile writes an iterable piece by piece). */
const writable = (text: ReportText): string | Iterable<string> => (typeof text === 'string' ? text : textChunks(text));

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
  let mode: number | undefined;
  try {
    const info = await lstat(path).catch(() => undefined);
    if (info?.isSymbolicLink()) target = await realpath(path);
    const real = info ? await stat(target) : undefined;
    if (real?.isDirectory()) throw new RuntimeError(`cannot write ${path}: it is a folder`);
    if (real && !real.isFile()) {
      // A device or a pipe is written at commit time, directly: there is nothing to stage.
      return {
        commit: async () => {
          try {
            await writeFile(target, writable(content), 'utf8');
          } catch (e) {
            throw new RuntimeError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
          }
        },
        abort: async () => {},
      };
    }
    if (real) mode = real.mode & 0o7777;
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    throw new RuntimeError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
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
    await writeFile(tmp, writable(content), { encoding: 'utf8', mode: 0o600 });
    await chmod(tmp, mode ?? (0o666 & ~process.umask()));
  } catch (e) {
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

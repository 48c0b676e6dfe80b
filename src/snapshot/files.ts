import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';

/** How a folder of inputs is searched. */
export interface WalkOptions {
  /** A file (by name) that is an input of this kind. */
  accept: (name: string) => boolean;
  /** A folder (by name) not to enter (node_modules, .git…). */
  skipFolder?: (name: string) => boolean;
  /** Deeper than this is an error, not a silent stop. */
  maxDepth?: number;
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/**
 * Every input file under `root`, in name order, following symbolic links (to files and to folders) the way a user
 * who put a link in the folder expects. A link whose target is missing, a link or folder that cannot be read, a
 * non-regular file that looks like an input (a FIFO named x.json) or a tree deeper than `maxDepth` is an
 * InputError: a gate must never pass because a file it should have read was left out. A folder reached twice
 * (a link loop, or two links to one folder) is read once.
 */
export async function inputFilesUnder(root: string, o: WalkOptions): Promise<string[]> {
  const maxDepth = o.maxDepth ?? 32;
  const visited = new Set<string>();
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > maxDepth) throw new InputError(`${dir}: more than ${maxDepth} nested folders; refusing to search deeper (a link loop?)`);
    let real: string;
    try {
      real = await realpath(dir);
    } catch (e) {
      throw new InputError(`${dir}: cannot read (${errno(e)})`);
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      throw new InputError(`${dir}: cannot read folder (${errno(e)})`);
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        let target;
        try {
          target = await stat(full);
        } catch (err) {
          // A dangling link named like an input was meant to be read.
          if (o.accept(e.name)) throw new InputError(`${full}: symbolic link to a file that cannot be read (${errno(err)})`);
          continue;
        }
        isDir = target.isDirectory();
        isFile = target.isFile();
      }
      if (isDir) {
        if (!o.skipFolder?.(e.name)) await walk(full, depth + 1);
      } else if (o.accept(e.name)) {
        if (!isFile) throw new InputError(`${full}: not a regular file; refusing to read it as an input`);
        out.push(full);
      }
    }
  };
  await walk(root, 0);
  return out;
}

/**
 * Reads a file the user named as UTF-8 text, refusing anything that is not a regular file first: `readFile` on a
 * FIFO waits for a writer forever, and on /dev/zero never ends. `what` names the input in the error.
 */
export async function readRegularFile(path: string, what: string): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw new InputError(`cannot read ${what} ${path}: ${errno(e)}`);
  }
  if (!info.isFile()) throw new InputError(`cannot read ${what} ${path}: not a regular file`);
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${what} ${path}: ${errno(e)}`);
  }
}

import { lstat, mkdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RuntimeError } from '../errors.js';

/**
 * Writes a file all-or-nothing: to a temporary name beside it, then renamed over the target,
 * so an interrupted run never leaves a half-written report that a pipeline would pick up.
 *
 * Only regular files are replaced that way. `-o /dev/null`, `-o /dev/stdout` or a named pipe are written to
 * directly: renaming over them would replace the device with a plain file (as root, /dev/null itself).
 * A symbolic link is followed, so the file it points to is replaced, not the link.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  let target = path;
  try {
    const info = await lstat(path).catch(() => undefined);
    if (info?.isSymbolicLink()) target = await realpath(path);
    const real = info ? await stat(target) : undefined;
    if (real?.isDirectory()) throw new RuntimeError(`cannot write ${path}: it is a folder`);
    if (real && !real.isFile()) {
      await writeFile(target, content, 'utf8');
      return;
    }
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    throw new RuntimeError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(tmp, content, 'utf8');
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new RuntimeError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

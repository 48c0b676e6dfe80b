import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';

/**
 * `scan --save DIR` writes one snapshot file per account. A run that fails or is killed half-way used to leave a
 * folder that a later `audit DIR` read as the whole organization. So a save marks the folder while it writes
 * (IN_PROGRESS), and last of all writes a manifest naming every file with its SHA-256; the loader refuses a folder
 * that is marked, or whose manifest names a file that is missing or changed. Neither name ends in .json, so neither
 * is read as a snapshot.
 */
export const SAVE_IN_PROGRESS = '.supportguard-save-in-progress';
export const SAVE_MANIFEST = '.supportguard-save';

/** What the manifest holds. */
export interface SaveManifest {
  kind: 'supportguard-save';
  schemaVersion: 1;
  savedAt: string;
  /** File name (in the folder) → SHA-256 of its content. */
  files: Record<string, string>;
}

/** SHA-256 of a file's content, as the manifest records it (the text as written, UTF-8). */
export function contentHash(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** What a finished save promises about a folder: each file it wrote, with the hash of its content. */
export interface SavedFolder {
  dir: string;
  /** Full path of each file the save wrote → its name in the folder and its SHA-256. */
  files: Map<string, { name: string; hash: string }>;
}

/**
 * Refuses a folder a save did not finish, or that lost a file the save wrote; otherwise returns what the manifest
 * says (undefined without one: nothing to check). The content of each file is compared while it is read
 * (checkSavedFile), so a loaded folder is read once.
 */
export async function savedFolder(dir: string): Promise<SavedFolder | undefined> {
  if (await exists(join(dir, SAVE_IN_PROGRESS))) {
    throw new InputError(`${dir}: a scan --save into this folder did not finish (${SAVE_IN_PROGRESS} is there); its snapshots may be incomplete: scan again`);
  }
  const manifestPath = join(dir, SAVE_MANIFEST);
  if (!(await exists(manifestPath))) return undefined;
  let manifest: SaveManifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as SaveManifest;
  } catch (e) {
    throw new InputError(`${manifestPath}: not a readable save manifest (${(e as Error).message})`);
  }
  if (manifest?.kind !== 'supportguard-save' || typeof manifest.files !== 'object' || manifest.files === null) throw new InputError(`${manifestPath}: not a supportguard save manifest`);
  const files = new Map<string, { name: string; hash: string }>();
  for (const [name, hash] of Object.entries(manifest.files)) {
    try {
      await stat(join(dir, name));
    } catch (e) {
      throw new InputError(`${dir}: ${name}, written by the save, is missing (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the folder is not the whole scan`);
    }
    files.set(join(dir, name), { name, hash: String(hash) });
  }
  return { dir, files };
}

/** Refuses a file of a saved folder whose content is not what the save wrote. */
export function checkSavedFile(saved: SavedFolder | undefined, path: string, content: Buffer): void {
  const written = saved?.files.get(path);
  if (written && contentHash(content) !== written.hash) {
    throw new InputError(`${saved!.dir}: ${written.name} is not the file the save wrote (its content changed); scan again or remove ${SAVE_MANIFEST}`);
  }
}

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

/** SHA-256 of a text, as the manifest records it. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Refuses a folder a save did not finish, or whose files are not those the save wrote. No manifest: nothing to check. */
export async function checkSavedFolder(dir: string): Promise<void> {
  if (await exists(join(dir, SAVE_IN_PROGRESS))) {
    throw new InputError(`${dir}: a scan --save into this folder did not finish (${SAVE_IN_PROGRESS} is there); its snapshots may be incomplete: scan again`);
  }
  const manifestPath = join(dir, SAVE_MANIFEST);
  if (!(await exists(manifestPath))) return;
  let manifest: SaveManifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as SaveManifest;
  } catch (e) {
    throw new InputError(`${manifestPath}: not a readable save manifest (${(e as Error).message})`);
  }
  if (manifest?.kind !== 'supportguard-save' || typeof manifest.files !== 'object' || manifest.files === null) throw new InputError(`${manifestPath}: not a supportguard save manifest`);
  for (const [name, hash] of Object.entries(manifest.files)) {
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch (e) {
      throw new InputError(`${dir}: ${name}, written by the save, is missing (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the folder is not the whole scan`);
    }
    if (contentHash(text) !== hash) throw new InputError(`${dir}: ${name} is not the file the save wrote (its content changed); scan again or remove ${SAVE_MANIFEST}`);
  }
}

import { readFileSync } from 'node:fs';

/**
 * Reads a JSON file shipped under `data/` (next to `dist/` in the package, next to `src/` in the repo).
 * Both `dist/policy/*.js` and `src/policy/*.ts` sit two levels below the package root.
 */
export function readDataFile<T>(name: string): T {
  return JSON.parse(readDataText(name)) as T;
}

/** The text of a file shipped under `data/`, for a reader that parses it in parts. */
export function readDataText(name: string): string {
  return readFileSync(new URL(`../../data/${name}`, import.meta.url), 'utf8');
}

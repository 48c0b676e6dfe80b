import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { SupportguardConfig } from './types.js';

/** A config file that was found, read and validated. */
export interface LoadedConfig {
  /** The file as the user knows it (`supportguard.yml`, or the --config argument): every message about it names it so. */
  path: string;
  config: SupportguardConfig;
  /** Things worth a line on stderr that do not stop the run (an expired suppression). */
  warnings: string[];
}

/** The names looked for in the working directory, in this order. */
export const CONFIG_FILE_NAMES = ['supportguard.yml', 'supportguard.yaml', 'supportguard.json'] as const;

/** A config file is a few kilobytes; anything this large is not one (and must not be parsed into memory). */
const MAX_CONFIG_BYTES = 1024 * 1024;

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/**
 * Finds, reads and validates the config: `path` (--config) when given, otherwise supportguard.yml, .yaml or .json in
 * `cwd`; undefined when `disabled` (--no-config) or when there is none. With no file present this costs a few `stat`
 * calls: the YAML parser and the schema validator are imported only once a file exists.
 * Every problem is a UsageError of one line naming the file (and the key path, for content problems).
 */
export async function loadConfig(opts: { cwd: string; path?: string; disabled?: boolean; today?: Date }): Promise<LoadedConfig | undefined> {
  if (opts.disabled) return undefined;
  let file: string;
  let shown: string;
  if (opts.path !== undefined) {
    file = resolve(opts.cwd, opts.path);
    shown = opts.path;
    const info = await stat(file).catch((e: NodeJS.ErrnoException) => e);
    if (info instanceof Error) throw new UsageError(`--config ${shown}: ${info.code === 'ENOENT' ? 'no such file' : (info.code ?? info.message)}`);
    if (!info.isFile()) throw new UsageError(`--config ${shown}: not a regular file`);
  } else {
    const found: string[] = [];
    for (const name of CONFIG_FILE_NAMES) if (await isFile(resolve(opts.cwd, name))) found.push(name);
    if (found.length === 0) return undefined;
    // Two files would leave the user guessing which one counts.
    if (found.length > 1) throw new UsageError(`${found.join(' and ')} both found; keep one, or choose with --config FILE`);
    shown = found[0]!;
    file = resolve(opts.cwd, shown);
  }
  const info = await stat(file);
  if (info.size > MAX_CONFIG_BYTES) throw new UsageError(`${shown}: ${info.size} bytes is too large for a config file (at most ${MAX_CONFIG_BYTES})`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${shown}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const data = extname(file).toLowerCase() === '.json' ? parseJson(text, shown) : await parseYaml(text, shown);
  const { validateConfig } = await import('./validate.js');
  const { config, warnings } = await validateConfig(data, shown, { today: opts.today });
  return { path: shown, config, warnings };
}

function parseJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`${shown}: not valid JSON: ${(e as Error).message}`);
  }
}

async function parseYaml(text: string, shown: string): Promise<unknown> {
  const { parseDocument } = await import('yaml');
  // Duplicate keys are an error (the default), aliases are capped (a "billion laughs" file stops here), and YAML 1.2
  // core types only: `no` stays the string "no", so `exit-zero: no` is reported as a wrong type, not read as false.
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new UsageError(`${shown}:${at ? `${at.line}:${at.col}:` : ''} not valid YAML: ${message}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (e) {
    throw new UsageError(`${shown}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

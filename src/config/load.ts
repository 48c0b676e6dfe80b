// TEMPORARY: replaced by the config branch at merge
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../errors.js';
import type { SupportguardConfig } from './types.js';

export interface LoadedConfig {
  path: string;
  config: SupportguardConfig;
  warnings: string[];
}

/** Minimal stand-in of the config loader: reads supportguard.yml (or --config FILE) with no schema validation. */
export async function loadConfig(opts: { cwd: string; path?: string; disabled?: boolean; today?: Date }): Promise<LoadedConfig | undefined> {
  if (opts.disabled) return undefined;
  const path = opts.path ?? ['supportguard.yml', 'supportguard.yaml', 'supportguard.json'].map((n) => join(opts.cwd, n)).find((p) => existsSync(p));
  if (!path) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return { path, config: (parse(text) ?? {}) as SupportguardConfig, warnings: [] };
  } catch (e) {
    throw new InputError(`${path}: ${(e as Error).message.split('\n')[0]}`);
  }
}

import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CONFIG_FILE_NAMES } from '../../config/load.js';
import { STARTER_CONFIG } from '../../config/starter.js';
import { UsageError } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../context.js';
import { writeFileAtomic } from '../output.js';

/** `supportguard init`: writes the starter supportguard.yml, whole or not at all, never over a config without --force. */
export async function init(ctx: CommandContext, opts: { force?: boolean }): Promise<void> {
  const cwd = ctx.io.cwd ?? process.cwd();
  const existing: string[] = [];
  for (const name of CONFIG_FILE_NAMES) if (await stat(resolve(cwd, name)).catch(() => undefined)) existing.push(name);
  // --force replaces supportguard.yml; a .yaml or .json beside it would then make two config files.
  const others = existing.filter((n) => n !== 'supportguard.yml');
  if (others.length > 0) throw new UsageError(`${others.join(' and ')} already exists; supportguard reads one config file (remove it first)`);
  if (existing.includes('supportguard.yml') && !opts.force) throw new UsageError('supportguard.yml already exists (use --force to overwrite it)');
  await writeFileAtomic(resolve(cwd, 'supportguard.yml'), STARTER_CONFIG);
  ctx.io.stderr('wrote supportguard.yml (every section is commented out: uncomment what applies; keys in docs/config.md)\n');
  ctx.exitCode = EXIT.OK;
}

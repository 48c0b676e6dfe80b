import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** `supportguard init`: writes a commented starter supportguard.yml in the working directory. */
export function registerInit(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description('write a commented starter supportguard.yml in the working directory (every section shown, examples commented out)')
    .option('--force', 'overwrite an existing supportguard.yml')
    .action(async (opts: { force?: boolean }) => (await import('../actions/init.js')).init(ctx, opts));
}

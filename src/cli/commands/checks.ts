import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** `supportguard checks`: lists the checks with severity and framework references. */
export function registerChecks(program: Command, ctx: CommandContext): void {
  program
    .command('checks')
    .description('list the checks, their severity and the framework controls they map to')
    .option('-f, --format <format>', 'table or json', 'table')
    .option('--json', 'same as --format json')
    .action(async (opts: { json?: boolean; format: string }) => (await import('../actions/checks.js')).listChecks(ctx, opts));
}

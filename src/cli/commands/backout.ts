import type { Command } from 'commander';
import type { BackoutOptions } from '../actions/backout.js';
import type { CommandContext } from '../context.js';
import { addAwsOptions } from '../remediate-flags.js';

/** `supportguard backout`: delete the roles supportguard created (by tag), plan by default. */
export function registerBackout(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('backout')
    .description('remove support roles that supportguard created (tag managed-by=supportguard); prints the plan, --apply deletes')
    .option('--apply', 'delete (asks for confirmation on a terminal; otherwise needs --yes)')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--role-name <name>', 'only this role')
    .option('--recent-days <days>', 'refuse roles used within this many days', '30')
    .option('--force', 'delete even recently used roles')
    .option('-f, --format <format>', 'output format: table or json (text = table)', 'table');
  addAwsOptions(cmd).action(async (o: BackoutOptions) => (await import('../actions/backout.js')).backout(ctx, o));
}

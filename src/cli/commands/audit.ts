import type { Command } from 'commander';
import type { AuditOptions } from '../actions/audit.js';
import type { CommandContext } from '../context.js';
import { addReportOptions } from '../report-flags.js';
import { addKnownAccountsOption } from '../known-accounts.js';

/** `supportguard audit PATH…`: offline audit of authorization-details files or saved snapshots. */
export function registerAudit(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('audit')
    .description('audit accounts offline from `aws iam get-account-authorization-details` output or saved snapshots (files or folders)')
    .argument('<paths...>', 'JSON files, or folders searched for *.json')
    .option('--check <id...>', 'run only these checks');
  addKnownAccountsOption(cmd);
  // The checks, loaders and renderers load when the command runs, not for --help or another command.
  addReportOptions(cmd).action(async (paths: string[], opts: AuditOptions) => (await import('../actions/audit.js')).audit(ctx, paths, opts));
}

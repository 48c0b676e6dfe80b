import type { Command } from 'commander';
import { runChecks } from '../../checks/engine.js';
import { selectChecks } from '../select-checks.js';
import { loadSnapshots } from '../../snapshot/load.js';
import { emitReport, validateReportOptions, type ReportOptions } from '../audit-output.js';
import type { CommandContext } from '../context.js';
import { addReportOptions } from '../report-flags.js';
import { addKnownAccountsOption, applyKnownAccounts } from '../known-accounts.js';

interface AuditOptions extends ReportOptions {
  check?: string[];
  knownAccounts?: string;
}

/** `supportguard audit PATH…`: offline audit of authorization-details files or saved snapshots. */
export function registerAudit(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('audit')
    .description('audit accounts offline from `aws iam get-account-authorization-details` output or saved snapshots (files or folders)')
    .argument('<paths...>', 'JSON files, or folders searched for *.json')
    .option('--check <id...>', 'run only these checks');
  addKnownAccountsOption(cmd);
  addReportOptions(cmd).action(async (paths: string[], opts: AuditOptions) => {
    validateReportOptions(opts);
    const checks = selectChecks(opts.check);
    const set = await loadSnapshots(paths);
    applyKnownAccounts(set.accounts, opts.knownAccounts);
    const result = runChecks(checks, set.accounts);
    ctx.exitCode = await emitReport(ctx.io, result, checks, opts, { snapshots: set.accounts });
  });
}

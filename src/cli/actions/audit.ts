import { runChecks } from '../../checks/engine.js';
import { selectChecks } from '../select-checks.js';
import { loadSnapshots } from '../../snapshot/load.js';
import { emitReport, validateReportOptions, type ReportOptions } from '../audit-output.js';
import { applyConfig } from '../apply-config.js';
import type { CommandContext } from '../context.js';
import { applyKnownAccounts } from '../known-accounts.js';

export interface AuditOptions extends ReportOptions {
  check?: string[];
  knownAccounts?: string;
}

/** `supportguard audit PATH…`: offline audit of authorization-details files or saved snapshots. */
export async function audit(ctx: CommandContext, paths: string[], opts: AuditOptions): Promise<void> {
  validateReportOptions(opts);
  const checks = selectChecks(opts.check, ctx.config);
  const set = await loadSnapshots(paths);
  applyKnownAccounts(set.accounts, opts.knownAccounts);
  const result = applyConfig(ctx, runChecks(checks, set.accounts, { policy: ctx.config?.config }), set.accounts);
  ctx.exitCode = await emitReport(ctx.io, result, checks, opts, { snapshots: set.accounts });
}

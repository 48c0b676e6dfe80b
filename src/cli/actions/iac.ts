import { runChecks } from '../../checks/engine.js';
import { UsageError } from '../../errors.js';
import { iacSnapshot, locateIacFindings } from '../../iac/index.js';
import { isPartition } from '../../snapshot/arn.js';
import type { Partition } from '../../snapshot/model.js';
import { emitReport, validateReportOptions, type ReportOptions } from '../audit-output.js';
import { applyConfig } from '../apply-config.js';
import type { CommandContext } from '../context.js';
import { applyKnownAccounts } from '../known-accounts.js';
import { selectChecks } from '../select-checks.js';

export interface IacCommandOptions extends ReportOptions {
  check?: string[];
  partition: string;
  accountId?: string;
  parameter?: string[];
  knownAccounts?: string;
}

function parameters(list: string[] = []): Record<string, string> {
  const entries = list.map((p) => {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--parameter "${p}" must be NAME=VALUE`);
    return [p.slice(0, eq), p.slice(eq + 1)] as [string, string];
  });
  return Object.fromEntries(entries);
}

/** `supportguard iac PATH…`: the CI gate over Terraform plan JSON and CloudFormation templates, as one account. */
export async function iac(ctx: CommandContext, paths: string[], opts: IacCommandOptions): Promise<void> {
  validateReportOptions(opts);
  if (!isPartition(opts.partition)) throw new UsageError(`unknown --partition "${opts.partition}" (one of: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc)`);
  if (opts.accountId !== undefined && !/^\d{12}$/.test(opts.accountId)) throw new UsageError(`--account-id must be 12 digits, not "${opts.accountId}"`);
  const checks = selectChecks(opts.check, ctx.config);
  // A file of a folder that is not IaC by its shape is skipped, and said so (a gate never leaves a file out in silence).
  const onSkip = (file: string, reason: string) => ctx.io.stderr(`supportguard: skipped ${file}: ${reason}\n`);
  const snapshot = await iacSnapshot(paths, { partition: opts.partition as Partition, accountId: opts.accountId, parameters: parameters(opts.parameter), onSkip });
  applyKnownAccounts([snapshot], opts.knownAccounts);
  const result = runChecks(checks, [snapshot]);
  locateIacFindings(result.findings, snapshot);
  applyConfig(ctx, result, [snapshot]);
  ctx.exitCode = await emitReport(ctx.io, result, checks, opts);
}

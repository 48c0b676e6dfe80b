import type { Command } from 'commander';
import { runChecks } from '../../checks/engine.js';
import { UsageError } from '../../errors.js';
import { iacSnapshot, locateIacFindings } from '../../iac/index.js';
import { isPartition } from '../../snapshot/arn.js';
import type { Partition } from '../../snapshot/model.js';
import { emitReport, validateReportOptions, type ReportOptions } from '../audit-output.js';
import type { CommandContext } from '../context.js';
import { addReportOptions } from '../report-flags.js';
import { addKnownAccountsOption, applyKnownAccounts } from '../known-accounts.js';
import { selectChecks } from '../select-checks.js';

interface IacCommandOptions extends ReportOptions {
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
export function registerIac(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('iac')
    .description('check Terraform plan JSON (`terraform show -json`) and CloudFormation templates before they merge; all paths together are one account')
    .argument('<paths...>', 'plan JSON files, CloudFormation templates (YAML/JSON), or folders searched for them')
    .option('--check <id...>', 'run only these checks')
    .option('--partition <partition>', 'partition that data.aws_partition and ${AWS::Partition} stand for when the files do not say', 'aws')
    .option('--account-id <id>', 'the account the code deploys to (default: the account a plan names, else 000000000000)')
    .option('--parameter <name=value>', 'CloudFormation parameter value, as at deploy (repeat it; default: each parameter\'s Default)', (value: string, previous: string[] = []) => [...previous, value]);
  addKnownAccountsOption(cmd);
  addReportOptions(cmd).action(async (paths: string[], opts: IacCommandOptions) => {
    validateReportOptions(opts);
    if (!isPartition(opts.partition)) throw new UsageError(`unknown --partition "${opts.partition}" (one of: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc)`);
    if (opts.accountId !== undefined && !/^\d{12}$/.test(opts.accountId)) throw new UsageError(`--account-id must be 12 digits, not "${opts.accountId}"`);
    const checks = selectChecks(opts.check);
    const onSkip = (file: string, reason: string) => ctx.io.stderr(`supportguard: skipped ${file}: ${reason}\n`);
    const snapshot = await iacSnapshot(paths, { partition: opts.partition as Partition, accountId: opts.accountId, parameters: parameters(opts.parameter), onSkip });
    applyKnownAccounts([snapshot], opts.knownAccounts);
    const result = runChecks(checks, [snapshot]);
    locateIacFindings(result.findings, snapshot);
    ctx.exitCode = await emitReport(ctx.io, result, checks, opts);
  });
}

import type { Command } from 'commander';
import type { IacCommandOptions } from '../actions/iac.js';
import type { CommandContext } from '../context.js';
import { addReportOptions } from '../report-flags.js';
import { addKnownAccountsOption } from '../known-accounts.js';

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
  addReportOptions(cmd).action(async (paths: string[], opts: IacCommandOptions) => (await import('../actions/iac.js')).iac(ctx, paths, opts));
}

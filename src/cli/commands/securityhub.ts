import type { Command } from 'commander';
import type { ImportOptions } from '../actions/securityhub.js';
import type { CommandContext } from '../context.js';

/** `supportguard securityhub import REPORT.json`: sends a saved report's findings to Security Hub, each from its own account. */
export function registerSecurityHub(program: Command, ctx: CommandContext): void {
  const group = program.command('securityhub').description('AWS Security Hub integration');
  group
    .command('import')
    .description('import the findings of a `--format json` report into Security Hub (ASFF, batches of ≤100, each from its own account)')
    .argument('<report>', 'a report written with --format json')
    .option('--member-role-name <name>', 'role assumed in accounts other than the caller’s', 'OrganizationAccountAccessRole')
    .option('--external-id <id>', 'sts:ExternalId for the member role')
    .option('--region <region>', 'Security Hub region to import into (default: AWS_REGION, AWS_DEFAULT_REGION, us-east-1)')
    .option('--profile <name>', 'AWS profile')
    .option('--endpoint-url <url>', 'AWS endpoint (an emulator on loopback)')
    .action(async (path: string, opts: ImportOptions) => (await import('../actions/securityhub.js')).securityHubImport(ctx, path, opts));
}

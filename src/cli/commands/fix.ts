import type { Command } from 'commander';
import type { FixOptions } from '../actions/fix.js';
import type { CommandContext } from '../context.js';
import { addAwsOptions, addSpecOptions } from '../remediate-flags.js';

/** `supportguard fix`: plan (default) or apply the support role in this account or many. */
export function registerFix(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('fix')
    .description('create or converge the support role: prints the plan; --apply makes the changes')
    .option('--apply', 'make the changes (asks for confirmation on a terminal; otherwise needs --yes)')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--adopt', 'converge a role of that name that supportguard did not create (never widens its trust)')
    .option('--replace-trust', 'replace the trust policy of a supportguard role even when the new one is not narrower')
    .option('-f, --format <format>', 'output format: table or json (text = table)', 'table')
    .option('-o, --output <file>', 'write the plan/result to a file instead of stdout')
    .option('--accounts <ids>', 'comma-separated member accounts to fix (entered with --member-role-name)')
    .option('--org-from <report.json>', 'fix the accounts that FAIL in a `supportguard audit|scan --format json` report')
    .option('--member-role-name <name>', 'role assumed in member accounts', 'OrganizationAccountAccessRole')
    .option('--external-id-member <id>', 'external id for assuming the member role');
  addAwsOptions(addSpecOptions(cmd)).action(async (o: FixOptions) => (await import('../actions/fix.js')).fix(ctx, o));
}

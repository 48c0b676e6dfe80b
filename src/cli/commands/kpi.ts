import { Option, type Command } from 'commander';
import type { KpiOptions } from '../actions/kpi.js';
import type { CommandContext } from '../context.js';
import { collect } from '../output-plan.js';

/** `supportguard kpi`: pass rate over time, support roles and their use, who opens support cases. */
export function registerKpi(program: Command, ctx: CommandContext): void {
  program
    .command('kpi')
    .description('KPIs from the scan history and CloudTrail: CIS pass rate over time, support roles and their last use, support role sessions, support cases opened by root/admins vs the support role, MTTES from drills and incidents')
    .option('--history <file>', 'scan history written by --history (JSON Lines)')
    .option('--cloudtrail <paths...>', 'CloudTrail log files or folders ({"Records":[…]}, .json or .json.gz)')
    .option('--live', 'also read CloudTrail event history (LookupEvents, last 90 days) with your AWS credentials')
    .option('--profile <name>', 'AWS profile (with --live)')
    .option('--region <region>', 'region for LookupEvents (support cases are recorded in us-east-1)')
    .option('--endpoint-url <url>', 'AWS endpoint (with --live)')
    .option('--since <date>', 'only scans and events from this date/time on (ISO 8601)')
    .addOption(new Option('-f, --format <formats>', 'table, json, or both (comma-separated or repeated)').default('table').argParser(collect))
    .option('-o, --output <file|dir/>', 'write to FILE, or for both formats or a path ending in / to DIR/supportguard-kpi.txt and .json (whole or not at all)')
    .addOption(new Option('--output-file <format=path>', 'write FORMAT to PATH (repeatable; - is stdout)').argParser(collect))
    .action(async (opts: KpiOptions) => (await import('../actions/kpi.js')).kpi(ctx, opts));
}

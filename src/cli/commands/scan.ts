import { Option, type Command } from 'commander';
import { DEFAULT_MEMBER_ROLE, DEFAULT_SCAN_CONCURRENCY, INITIAL_SCAN_CONCURRENCY } from '../../collect/defaults.js';
import type { ScanCliOptions } from '../actions/scan.js';
import type { CommandContext } from '../context.js';
import { addReportOptions } from '../report-flags.js';

/** `supportguard scan`: live audit of the caller's account, or with --org of every ACTIVE account of the organization. */
export function registerScan(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('scan')
    .description('audit live AWS: the current credentials\' account, or with --org every ACTIVE account of the organization')
    .option('--org', 'scan every ACTIVE account of the AWS Organization (run from the management or a delegated admin account)')
    .addOption(new Option('--member-role-name <name>', 'role assumed in member accounts (Control Tower: AWSControlTowerExecution)').default(DEFAULT_MEMBER_ROLE))
    .option('--external-id <id>', 'sts:ExternalId to pass when assuming the member role')
    .option('--profile <profile>', 'AWS profile (otherwise the standard chain: env, SSO, shared config, instance role)')
    .option('--region <region>', 'region for regional APIs (default AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (default AWS_ENDPOINT_URL), e.g. a local emulator')
    .option('--deep', 'also collect full IAM, CloudTrail, EventBridge, SCPs and the support plan for the quality checks')
    .addOption(new Option('--concurrency <n>', `most accounts read at the same time (starts at ${INITIAL_SCAN_CONCURRENCY}, grows while AWS answers, halves on Throttling)`).default(String(DEFAULT_SCAN_CONCURRENCY)))
    .option('--max-attempts <n>', 'attempts per AWS call, retries with backoff included (default AWS_MAX_ATTEMPTS or 6)')
    .option('--accounts <ids...>', 'with --org: scan only these account ids (comma or space separated)')
    .option('--exclude-accounts <ids...>', 'with --org: leave these account ids out')
    .option('--save <dir>', 'write the collected snapshots to DIR/<accountId>.json for `supportguard audit DIR`')
    .option('--check <id...>', 'run only these checks');
  // The SDK and the collectors load only when a scan runs: `audit`, `checks` and --help start without them.
  addReportOptions(cmd).action(async (opts: ScanCliOptions) => (await import('../actions/scan.js')).scanCommand(ctx, opts));
}

import { Option, type Command } from 'commander';
import { DEFAULT_CONCURRENCY } from '../../collect/defaults.js';
import type { DrillCliOptions } from '../actions/drill.js';
import type { CommandContext } from '../context.js';
import { collect } from '../output-plan.js';

/** `supportguard drill`: assume the support role as a responder would, prove what it can and cannot do, and time it. */
export function registerDrill(program: Command, ctx: CommandContext): void {
  program
    .command('drill')
    .description('live drill: assume the support role, call the Support API, prove other services are denied, time it (--test-case opens and resolves a test case)')
    .option('--role-arn <arn>', 'the support role to drill (default: the one role of your account with AWSSupportAccess)')
    .option('--org', 'drill every ACTIVE account of the organization from your (central responder) identity')
    .option('--role-name <name>', 'with --org: the support role assumed in each account (default aws-support, the name `fix` creates)')
    .option('--accounts <ids...>', 'with --org: only these account ids (comma or space separated)')
    .option('--mfa-serial <arn>', 'MFA device for roles that demand MFA (the code is asked for on a terminal)')
    .option('--token-code <code>', 'the 6-digit MFA code (with --mfa-serial)')
    .option('--external-id <id>', 'sts:ExternalId for roles that demand one')
    .addOption(new Option('--duration <seconds>', 'session length, 900 to 43200').default('900'))
    .option('--test-case', 'also open a case with the subject "TEST CASE--Please ignore" and resolve it at once')
    .option('--profile <profile>', 'AWS profile (otherwise env keys, AWS_PROFILE, SSO, shared config, instance role)')
    .option('--region <region>', 'region for regional probes (default AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (default AWS_ENDPOINT_URL), e.g. a local emulator')
    .option('--max-attempts <n>', 'attempts per AWS call, retries with backoff included (default AWS_MAX_ATTEMPTS or 6)')
    .addOption(new Option('--concurrency <n>', 'with --org: accounts drilled at the same time').default(String(DEFAULT_CONCURRENCY)))
    .addOption(new Option('-f, --format <formats>', 'table, json, or both (comma-separated or repeated)').default('table').argParser(collect))
    .option('-o, --output <file|dir/>', 'write to FILE, or for both formats or a path ending in / to DIR/supportguard-drill.txt and .json (whole or not at all)')
    .addOption(new Option('--output-file <format=path>', 'write FORMAT to PATH (repeatable; - is stdout)').argParser(collect))
    .option('--history <file>', 'append the drill to this history file (JSON Lines, shared with scans) for `kpi` MTTES')
    .action(async (opts: DrillCliOptions) => (await import('../actions/drill.js')).drillCommand(ctx, opts));
}

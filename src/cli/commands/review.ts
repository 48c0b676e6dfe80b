import type { Command } from 'commander';
import type { ReviewOptions } from '../actions/review.js';
import type { CommandContext } from '../context.js';
import { addKnownAccountsOption } from '../known-accounts.js';

/** `supportguard review PATH…`: who can assume each support role, approved or not, and what changed since the last scan. */
export function registerReview(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('review')
    .description('access review of the support roles: who can effectively assume each (with MFA, ExternalId, other conditions), approved or not per supportguard.yml, and what changed since the previous scan in --history')
    .argument('<paths...>', 'the inputs of `audit`: authorization-details exports, saved snapshots, folders of them')
    .option('--history <file>', 'scan history written by audit/scan --history: changes are against its latest scan made before this input was collected (read only)')
    .option('-f, --format <format>', 'markdown (for a ticket), csv or json', 'markdown')
    .option('-o, --output <file>', 'write the review to a file (whole or not at all) instead of stdout')
    .option('--exit-zero', 'exit 0 even when an unapproved principal can assume a support role')
    .addHelpText('after', '\nExit codes: 0 every principal is approved (or no responder list is configured), 1 an unapproved principal can assume a support role, 2 usage error, 3 an input or account could not be read.');
  addKnownAccountsOption(cmd);
  cmd.action(async (paths: string[], opts: ReviewOptions) => (await import('../actions/review.js')).review(ctx, paths, opts));
}

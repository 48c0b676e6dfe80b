import { RuntimeError, UsageError } from '../../errors.js';
import { awsErrorText } from '../../remediate/apply.js';
import { applyBackoutPlan, describeBackoutOutcome, findBackoutCandidates, planBackout, renderBackoutPlanText, type BackoutOutcome } from '../../remediate/backout.js';
import { parseFormat, validateAwsFlags } from '../flags.js';
import { EXIT, type CommandContext } from '../context.js';
import { connect } from '../connect.js';
import { confirmed, requireConsentPossible, type AwsFlags } from '../remediate-flags.js';

export interface BackoutOptions extends AwsFlags {
  apply?: boolean;
  yes?: boolean;
  roleName?: string;
  recentDays: string;
  force?: boolean;
  format: string;
}

/** `supportguard backout`: delete the roles supportguard created (by tag), plan by default. */
export async function backout(ctx: CommandContext, o: BackoutOptions): Promise<void> {
  const io = ctx.io;
  const format = parseFormat(o.format, ['table', 'json'], { text: 'table' });
  validateAwsFlags(o);
  requireConsentPossible(io, o);
  if (!/^\d+$/.test(o.recentDays)) throw new UsageError(`--recent-days "${o.recentDays}": expected a whole number of days`);
  const caller = await connect(io, o);
  try {
    let candidates;
    try {
      candidates = await findBackoutCandidates(caller.clients.iam, o.roleName);
    } catch (e) {
      // These reads are the preconditions of every deletion: without proven answers nothing is changed.
      throw new RuntimeError(`cannot read the roles to back out in ${caller.accountId}, nothing was changed: ${awsErrorText(e)}`);
    }
    const plan = planBackout(candidates, { recentDays: Number(o.recentDays), force: !!o.force });
    const deletions = plan.entries.filter((e) => e.decision === 'delete').length;
    let outcomes: BackoutOutcome[] | undefined;
    if (o.apply && deletions > 0) {
      if (format === 'table') io.stdout(renderBackoutPlanText(plan, caller.accountId) + '\n');
      if (!(await confirmed(io, o, `Delete ${deletions} role(s) in ${caller.accountId}?`))) {
        io.stderr('aborted: nothing was changed\n');
        return;
      }
      outcomes = await applyBackoutPlan(caller.clients.iam, plan);
    }
    if (format === 'json') {
      io.stdout(JSON.stringify({ accountId: caller.accountId, mode: outcomes ? 'apply' : 'plan', plan: plan.entries, outcomes }, null, 2) + '\n');
    } else if (outcomes) {
      io.stdout(outcomes.map(describeBackoutOutcome).join('\n') + '\n');
    } else {
      let text = renderBackoutPlanText(plan, caller.accountId);
      if (o.roleName && candidates.length === 0) text = `Account ${caller.accountId}: no role named ${o.roleName}; nothing to back out\n`;
      if (deletions > 0 && !o.apply) text += '\nThis was a plan; run again with --apply to delete.\n';
      io.stdout(text);
    }
    const refused = plan.entries.some((e) => e.decision === 'refused');
    const failed = outcomes?.some((r) => r.status === 'failed');
    ctx.exitCode = refused || failed ? EXIT.ERROR : EXIT.OK;
  } finally {
    caller.clients.destroy();
  }
}

import { readFile } from 'node:fs/promises';
import { createClients } from '../../aws/clients.js';
import { assumeRoleCredentials } from '../../aws/assume.js';
import { InputError, UsageError } from '../../errors.js';
import { describeFixOutcome } from '../../remediate/apply.js';
import { accountState, accountsFromReport, applyAccounts, hasProblems, planAccounts, type AccountFix } from '../../remediate/org.js';
import { renderFixPlanText } from '../../remediate/plan.js';
import { buildRemediationSpec } from '../../remediate/spec.js';
import { partitionOf } from '../../snapshot/arn.js';
import { awsConfigFromCli } from '../aws-config.js';
import { parseFormat, validateAwsFlags } from '../flags.js';
import { EXIT, type CommandContext } from '../context.js';
import { writeFileAtomic } from '../output.js';
import { connect } from '../connect.js';
import { confirmed, requireConsentPossible, specInputFrom, type AwsFlags, type SpecFlags } from '../remediate-flags.js';

export interface FixOptions extends SpecFlags, AwsFlags {
  apply?: boolean;
  yes?: boolean;
  adopt?: boolean;
  replaceTrust?: boolean;
  format: string;
  output?: string;
  accounts?: string;
  orgFrom?: string;
  memberRoleName: string;
  externalIdMember?: string;
}

async function targetAccounts(o: FixOptions, io: CommandContext['io']): Promise<string[] | undefined> {
  if (o.accounts && o.orgFrom) throw new UsageError('use either --accounts or --org-from, not both');
  if (o.accounts) {
    const ids = o.accounts.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = ids.find((id) => !/^\d{12}$/.test(id));
    if (bad || ids.length === 0) throw new UsageError(`--accounts "${o.accounts}": expected comma-separated 12-digit account ids`);
    return [...new Set(ids)];
  }
  if (o.orgFrom) {
    let text: string;
    try {
      text = await readFile(o.orgFrom, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read ${o.orgFrom}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const { fail, error } = accountsFromReport(text, o.orgFrom);
    if (error.length > 0) io.stderr(`note: ${error.length} account(s) ended in ERROR in ${o.orgFrom} and are not touched: ${error.join(', ')}\n`);
    return fail;
  }
  return undefined;
}

function toJson(mode: string, fixes: AccountFix[]): string {
  return (
    JSON.stringify(
      { mode, accounts: fixes.map((f) => ({ accountId: f.accountId, state: accountState(f), error: f.error, plan: f.plan, outcome: f.outcome })) },
      null,
      2,
    ) + '\n'
  );
}

function planText(fixes: AccountFix[]): string {
  return fixes.map((f) => (f.plan ? renderFixPlanText(f.plan) : `Account ${f.accountId}: failed: ${f.error}\n`)).join('\n');
}

/** `supportguard fix`: plan (default) or apply the support role in this account or many. */
export async function fix(ctx: CommandContext, o: FixOptions): Promise<void> {
  const io = ctx.io;
  const format = parseFormat(o.format, ['table', 'json'], { text: 'table' });
  validateAwsFlags(o);
  requireConsentPossible(io, o);
  // Validate the flags before touching AWS (partition as the ARNs say; re-checked after connecting).
  const guessPartition = o.trust.map((t) => partitionOf(t)).find((p) => p) ?? 'aws';
  buildRemediationSpec(specInputFrom(o, { partition: guessPartition }));
  const targets = await targetAccounts(o, io);
  if (targets && targets.length === 0) {
    io.stderr('no account to fix: the report has no FAIL account\n');
    ctx.exitCode = EXIT.OK;
    return;
  }

  const caller = await connect(io, o);
  const made: { destroy(): void }[] = [caller.clients];
  try {
    const spec = buildRemediationSpec(specInputFrom(o, { partition: caller.partition }));
    const enter = async (accountId: string) => {
      if (accountId === caller.accountId) return caller.clients.iam;
      const assume: Parameters<typeof assumeRoleCredentials>[1] = { accountId, partition: caller.partition, roleName: o.memberRoleName, sessionName: 'supportguard-fix' };
      if (o.externalIdMember) assume.externalId = o.externalIdMember;
      const creds = await assumeRoleCredentials(caller.clients.sts, assume);
      // Region and endpoint as for the caller; the assumed role's credentials replace the caller's.
      const member = await createClients(awsConfigFromCli({ region: o.region, endpointUrl: o.endpointUrl }, io.env), creds, ['iam']);
      made.push(member);
      return member.iam;
    };
    let fixes = await planAccounts(targets ?? [caller.accountId], enter, spec, { adopt: !!o.adopt, replaceTrust: !!o.replaceTrust });

    const changes = fixes.reduce((n, f) => n + (f.plan && !f.plan.refusal ? f.plan.actions.length : 0), 0);
    let mode = 'plan';
    if (o.apply && changes > 0) {
      if (format === 'table' && !o.output) io.stdout(planText(fixes) + '\n');
      const accounts = fixes.filter((f) => f.plan && f.plan.actions.length > 0).length;
      if (!(await confirmed(io, o, `Apply ${changes} change(s) in ${accounts} account(s)?`))) {
        io.stderr('aborted: nothing was changed\n');
        ctx.exitCode = EXIT.OK;
        return;
      }
      // SIGINT/SIGTERM (wired in main.ts) stop each account after its call in flight and roll back a role this
      // run created; the outcome lines below say what was done.
      fixes = await applyAccounts(fixes, io.signal ? { signal: io.signal } : {});
      mode = 'apply';
      if (io.signal?.aborted) io.stderr('interrupted: stopped after the call in flight; a role this run created was rolled back (see each account below)\n');
    }

    let text: string;
    if (format === 'json') text = toJson(mode, fixes);
    else if (mode === 'apply') {
      text = fixes.map((f) => (f.outcome ? describeFixOutcome(f.outcome) : `${f.accountId} ${accountState(f)}${f.error ? `: ${f.error}` : ''}`)).join('\n') + '\n';
      if (o.output) text = planText(fixes) + '\n' + text;
    } else {
      text = planText(fixes);
      if (o.apply) text += hasProblems(fixes) ? '\nnothing was applied (see above)\n' : '\nno changes: nothing to apply\n';
      else if (changes > 0) text += '\nThis was a plan; run again with --apply to make these changes.\n';
    }
    if (o.output) {
      await writeFileAtomic(o.output, text);
      io.stderr(`wrote ${format} ${mode} to ${o.output}\n`);
    } else io.stdout(text);
    ctx.exitCode = hasProblems(fixes) ? EXIT.ERROR : EXIT.OK;
  } finally {
    for (const c of made) c.destroy();
  }
}

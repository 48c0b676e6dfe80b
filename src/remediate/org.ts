import type { IAMClient } from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import { InputError, SupportguardError } from '../errors.js';
import { applyFixPlan, awsErrorText, readRole, type ApplyFixOptions, type FixOutcome } from './apply.js';
import { planFix, type FixPlan, type FixPlanOptions } from './plan.js';
import { specForAccount, type RemediationSpec } from './spec.js';

/**
 * The accounts to fix from a JSON report of `supportguard audit|scan --format json`: those whose
 * verdict is FAIL. ERROR accounts could not be judged, so they are listed apart and not touched.
 */
export function accountsFromReport(text: string, where: string): { fail: string[]; error: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InputError(`${where}: not valid JSON (expected a report from \`supportguard audit --format json\`)`);
  }
  const accounts = (data as { accounts?: unknown })?.accounts;
  if (!Array.isArray(accounts) || !accounts.every((a) => a && typeof a.accountId === 'string' && typeof a.status === 'string')) {
    throw new InputError(`${where}: no "accounts" list of {accountId, status} (expected a report from \`supportguard audit --format json\`)`);
  }
  const pick = (s: string) => [...new Set(accounts.filter((a) => a.status === s).map((a) => a.accountId as string))];
  const bad = accounts.find((a) => !/^\d{12}$/.test(a.accountId));
  if (bad) throw new InputError(`${where}: account id "${bad.accountId}" is not 12 digits`);
  return { fail: pick('FAIL'), error: pick('ERROR') };
}

/** How to reach one account's IAM: the caller's own client, or one built from assumed credentials. */
export type EnterAccount = (accountId: string) => Promise<IAMClient>;

/** One account of an org-wide fix: its plan, or why it could not be planned; then its outcome. */
export interface AccountFix {
  accountId: string;
  plan?: FixPlan;
  outcome?: FixOutcome;
  /** Entering or reading the account failed (AssumeRole denied, throttled…): one line. */
  error?: string;
  /** Kept between plan and apply so the account is entered once. */
  iam?: IAMClient;
}

/**
 * Plans the fix in each account (4 at a time). A failure in one account (cannot assume the member
 * role, access denied, throttled) is recorded for that account and the others go on.
 */
export async function planAccounts(accountIds: string[], enter: EnterAccount, spec: RemediationSpec, opts: FixPlanOptions): Promise<AccountFix[]> {
  const limit = pLimit(4);
  return Promise.all(
    accountIds.map((accountId) =>
      limit(async (): Promise<AccountFix> => {
        let accountSpec: RemediationSpec;
        try {
          accountSpec = specForAccount(spec, accountId);
        } catch (e) {
          return { accountId, error: (e as Error).message };
        }
        let iam: IAMClient;
        try {
          iam = await enter(accountId);
        } catch (e) {
          return { accountId, error: e instanceof SupportguardError ? e.message : `cannot enter account: ${awsErrorText(e)}` };
        }
        try {
          return { accountId, iam, plan: planFix(accountSpec, await readRole(iam, accountSpec.roleName), opts) };
        } catch (e) {
          return { accountId, iam, error: e instanceof SupportguardError ? e.message : `cannot read role ${accountSpec.roleName}: ${awsErrorText(e)}` };
        }
      }),
    ),
  );
}

/**
 * Applies every planned account (4 at a time); accounts that could not be planned stay failed. Once the signal
 * aborts, each account stops after its call in flight, and accounts not started yet make no call at all.
 */
export async function applyAccounts(fixes: AccountFix[], opts: ApplyFixOptions = {}): Promise<AccountFix[]> {
  const limit = pLimit(4);
  return Promise.all(
    fixes.map((f) =>
      limit(async () => {
        if (!f.plan || !f.iam) return f;
        return { ...f, outcome: await applyFixPlan(f.iam, f.plan, opts) };
      }),
    ),
  );
}

/** The one-word state of an account after planning (and applying). */
export function accountState(f: AccountFix): string {
  if (f.error) return 'failed';
  if (f.outcome) return f.outcome.status;
  if (f.plan?.refusal) return 'refused';
  return f.plan && f.plan.actions.length > 0 ? (f.plan.roleState === 'absent' ? 'would create' : 'would update') : 'unchanged';
}

/** True when an account failed or was refused: the run exits 3. */
export function hasProblems(fixes: AccountFix[]): boolean {
  return fixes.some((f) => f.error || f.plan?.refusal || f.outcome?.status === 'failed' || f.outcome?.status === 'refused' || f.outcome?.status === 'interrupted');
}

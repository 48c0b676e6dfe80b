import { classifyError, describeCollectError } from '../collect/errors.js';
import type { AccountDrill, CallOutcome, DrillTimings, ProbeResult, SupportCall, TestCaseResult } from './model.js';

/** The note for an account whose plan has no Support API; the role is not at fault. */
export const SUBSCRIPTION_NOTE = 'Basic/Developer plan: technical cases cannot be opened through the API';

/**
 * What an AWS answer means for the drill. Authorization is decided before the subscription and before the
 * organization's state, so SubscriptionRequiredException (Support) and AWSOrganizationsNotInUseException
 * (organizations:ListAccounts outside an organization) both mean the role was let through.
 */
export function judgeCall(error: unknown, operation: string): { outcome: CallOutcome; detail: string } {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'SubscriptionRequiredException') return { outcome: 'subscription-required', detail: SUBSCRIPTION_NOTE };
  if (name === 'AWSOrganizationsNotInUseException') return { outcome: 'ok', detail: 'allowed (the account is not in an organization)' };
  const e = classifyError(error, operation);
  return { outcome: e.code === 'AccessDenied' ? 'denied' : 'error', detail: describeCollectError(e) };
}

/** Everything the drill learnt about one account, before judgement. */
export interface AccountObservations {
  accountId: string;
  accountName?: string;
  roleArn: string;
  sessionArn?: string;
  assumeError?: string;
  support: SupportCall[];
  probes: ProbeResult[];
  testCase?: TestCaseResult;
  timings: DrillTimings;
  /** With --test-case the drill engages support only once a case exists. */
  testCaseAsked: boolean;
}

/**
 * Time to engage: the steps a responder goes through, summed (credentials, finding the role, AssumeRole, the first
 * Support answer, and with --test-case the case). Probes are the drill's own business and are left out.
 */
export function timeToEngage(o: AccountObservations): number | null {
  const t = o.timings;
  // firstSupportAnswerMs is set only by an authorised answer (ok, or the plan's SubscriptionRequiredException).
  if (t.assumeRoleMs === undefined || t.firstSupportAnswerMs === undefined) return null;
  const upToSupport = t.credentialsMs + (t.discoverMs ?? 0) + t.assumeRoleMs + t.firstSupportAnswerMs;
  if (!o.testCaseAsked || o.testCase?.outcome === 'skipped') return upToSupport;
  return t.caseCreatedMs === undefined ? null : upToSupport + t.caseCreatedMs;
}

/**
 * The account's verdict. FAIL when something proves the role is wrong (a Support call or the test case denied, a
 * probe allowed); otherwise ERROR when anything could not be decided (the role could not be entered, a call failed
 * for another reason); otherwise PASS. An account that could not be entered is never PASS.
 */
export function judgeAccount(o: AccountObservations): AccountDrill {
  const fails: string[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  if (o.assumeError) errors.push(`cannot assume ${o.roleArn}: ${o.assumeError}`);
  for (const c of o.support) {
    if (c.outcome === 'denied') fails.push(`the support role cannot call ${c.action}: ${c.detail}`);
    else if (c.outcome === 'error') errors.push(`${c.detail}`);
  }
  if (o.support.some((c) => c.outcome === 'subscription-required')) notes.push(SUBSCRIPTION_NOTE);
  for (const p of o.probes) {
    if (p.outcome === 'ok' || p.outcome === 'subscription-required') fails.push(`the support role can reach ${p.action}`);
    else if (p.outcome === 'error') errors.push(`probe ${p.detail}`);
  }
  const tc = o.testCase;
  if (tc?.outcome === 'denied') fails.push(`the support role cannot open a case: ${tc.detail}`);
  else if (tc?.outcome === 'error' || tc?.outcome === 'created-not-resolved') errors.push(`test case: ${tc.detail}`);
  const drill: AccountDrill = {
    accountId: o.accountId,
    roleArn: o.roleArn,
    verdict: fails.length ? 'FAIL' : errors.length ? 'ERROR' : 'PASS',
    reasons: [...fails, ...errors],
    notes,
    support: o.support,
    probes: o.probes,
    timings: o.timings,
    timeToEngageMs: timeToEngage(o),
  };
  if (o.accountName) drill.accountName = o.accountName;
  if (o.sessionArn) drill.sessionArn = o.sessionArn;
  if (o.assumeError) drill.assumeError = o.assumeError;
  if (tc) drill.testCase = tc;
  return drill;
}

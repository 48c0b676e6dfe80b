import type { AccountDrill, CallOutcome, DrillResult } from './model.js';
import { terminalSafeValue } from '../report/terminal.js';

 
const clean = terminalSafeValue;

const ms = (n: number | undefined) => (n === undefined ? '—' : `${n} ms`);

const SUPPORT_LABEL: Record<CallOutcome, string> = { ok: 'ok', 'subscription-required': 'no API', denied: 'DENIED', error: 'ERROR' };
const PROBE_LABEL: Record<CallOutcome, string> = { ok: 'ALLOWED', 'subscription-required': 'ALLOWED', denied: 'denied', error: 'ERROR' };

/** The step timings and the time to engage, in one line. */
export function describeTimings(a: AccountDrill): string {
  const t = a.timings;
  const steps = [`credentials ${ms(t.credentialsMs)}`];
  if (t.discoverMs !== undefined) steps.push(`find role ${ms(t.discoverMs)}`);
  steps.push(`AssumeRole ${ms(t.assumeRoleMs)}`, `first Support answer ${ms(t.firstSupportAnswerMs)}`);
  if (a.testCase) steps.push(`case created ${ms(t.caseCreatedMs)}`);
  return `${steps.join(', ')}; time to engage ${a.timeToEngageMs === null ? 'not reached' : ms(a.timeToEngageMs)}`;
}

function renderAccount(a: AccountDrill): string[] {
  const out = [`account ${a.accountId}${a.accountName ? ` (${clean(a.accountName)})` : ''}  ${a.verdict}  ${clean(a.roleArn)}`];
  const row = (label: string, what: string, detail: string) => out.push(`  ${label.padEnd(8)} ${what.padEnd(31)} ${clean(detail)}`);
  if (a.sessionArn) out.push(`  session  ${clean(a.sessionArn)}`);
  for (const c of a.support) row(SUPPORT_LABEL[c.outcome], c.action, c.detail);
  for (const p of a.probes) row(PROBE_LABEL[p.outcome], p.action, p.outcome === 'denied' ? 'denied, as it must be' : p.detail);
  if (a.testCase) row(a.testCase.outcome === 'created-and-resolved' ? 'ok' : a.testCase.outcome === 'skipped' ? 'skipped' : a.testCase.outcome === 'denied' ? 'DENIED' : 'ERROR', 'test case', a.testCase.detail);
  else if (!a.assumeError) row('-', 'test case', 'none created (--test-case opens one and resolves it)');
  out.push(`  timings  ${describeTimings(a)}`);
  for (const r of a.reasons) out.push(`  ${a.verdict.padEnd(8)} ${clean(r)}`);
  for (const n of a.notes) out.push(`  note     ${clean(n)}`);
  return out;
}

/** The drill as text for a terminal: one block per account, then the counts. */
export function renderDrillTable(r: DrillResult): string {
  const out = [`supportguard drill ${r.startedAt} as ${clean(r.caller.arn)}`, ''];
  for (const a of r.accounts) out.push(...renderAccount(a), '');
  const s = r.summary;
  out.push(`${s.total} account(s): ${s.PASS} PASS, ${s.FAIL} FAIL, ${s.ERROR} ERROR`);
  return out.join('\n') + '\n';
}

/** The drill as JSON (`--format json`): the whole DrillResult. No credential is ever part of it. */
export function renderDrillJson(r: DrillResult): string {
  return JSON.stringify(r, null, 2) + '\n';
}

import type { AuditResult } from '../checks/engine.js';
import { supportRoles } from '../checks/cis-support-role/index.js';
import type { Finding } from '../findings/model.js';
import type { HistoryProblem, HistoryRecord } from '../history/index.js';
import { computeKpis, type PassRatePoint } from '../history/kpi.js';
import { describeAccessChange, type AccessChange } from '../history/access.js';
import { summarize, type Summary } from '../report/summary.js';
import { accountOverview, checkColumns, compareFindings, type CheckColumn } from '../report/overview.js';
import { byAccount, shownStatus, type ShownStatus } from '../report/common.js';
import type { AccountSnapshot, Partition } from '../snapshot/model.js';
import { buildRemediationSpec } from '../remediate/spec.js';
import { emit } from '../remediate/renderers/index.js';
import { TOOL_NAME, VERSION } from '../version.js';

/** A support role as the dashboard shows it (tags included: they name owners and on-call teams). */
export interface DashboardRole {
  name: string;
  arn: string;
  lastUsed?: string | null;
  tags: Record<string, string>;
}

/** Ready-to-apply code for an account that fails the CIS check: the same artefacts `supportguard emit` writes. */
export interface FixSnippets {
  /** What the snippets assume, in one line (who is trusted, how). */
  note: string;
  terraform: string;
  cloudformation: string;
  /** The `supportguard fix` command that plans the same role live. */
  command: string;
}

/**
 * Fix snippets for an account without a support role. The trust names the account itself, with MFA: the safest
 * starting point that needs no guess about who the responders are (its users and roles still need an identity
 * policy allowing sts:AssumeRole); narrowing it to the responders' role is the one edit to make.
 */
export function fixSnippetsFor(accountId: string, partition: Partition): FixSnippets {
  const spec = buildRemediationSpec({ trust: [accountId], accountId, partition });
  return {
    note: `Trusts account ${accountId} itself with MFA; replace it with your responders' role ARN before applying, and set the owner tag.`,
    terraform: emit('terraform', spec).text,
    cloudformation: emit('cloudformation', spec).text,
    command: `supportguard fix --trust arn:${partition}:iam::${accountId}:role/<responders> --owner <team> --apply`,
  };
}

/** An account's worst finding outside the CIS check, shown beside its verdict (a high FAIL never hides behind a PASS). */
export interface WorstFinding {
  checkId: string;
  title: string;
  status: ShownStatus;
  severity: string;
}

/** One account as the dashboard lists it. */
export interface DashboardAccount {
  accountId: string;
  accountName?: string;
  status: string;
  message: string;
  /** OU ids root first, when the scan knew them. */
  ouPath?: string[];
  /** The CIS finding is suppressed by `supportguard.yml` (the verdict stays FAIL underneath). */
  cisSuppressed?: true;
  worstQuality?: WorstFinding;
  supportRoles: DashboardRole[];
  fixSnippets?: FixSnippets;
}

/** Everything the dashboard page shows; served as JSON by `/api/dashboard` and rendered with textContent only. */
export interface DashboardData {
  tool: { name: string; version: string };
  generatedAt: string | null;
  summary: Summary | null;
  accounts: DashboardAccount[];
  /** The matrix columns and check filter: every check with a finding, the CIS check first. */
  checks: CheckColumn[];
  /** Grouped by account in the order of `accounts`, critical first within each. */
  findings: Finding[];
  trend: PassRatePoint[];
  /**
   * Who-can-assume changes of the support roles over the history (newest first), each with its sentence
   * (`new principal … can assume SupportRole in 123456789012 since 2026-11-30`): the access-changes panel.
   */
  accessChanges: (AccessChange & { text: string })[];
  /** Corrupt history lines, shown as a warning rather than hidden. */
  historyProblems: HistoryProblem[];
}

/** Builds the dashboard's data from an audit result (with its snapshots when known) and the scan history. */
export function buildDashboardData(o: {
  result?: AuditResult;
  generatedAt?: string;
  snapshots?: readonly AccountSnapshot[];
  history?: readonly HistoryRecord[];
  historyProblems?: readonly HistoryProblem[];
}): DashboardData {
  const history = o.history ?? [];
  const latest = [...history].sort((a, b) => Date.parse(b.time) - Date.parse(a.time))[0];
  const accounts: DashboardAccount[] = [];
  const sortedFindings: Finding[] = [];
  if (o.result) {
    const findingsOf = byAccount(o.result.findings);
    for (const a of o.result.accounts) {
      const snap = o.snapshots?.find((s) => s.accountId === a.accountId);
      let roles: DashboardRole[];
      if (snap?.iam?.status === 'ok') {
        roles = supportRoles(snap.iam.data).map((r) => ({ name: r.name, arn: r.arn, lastUsed: r.lastUsed === undefined ? undefined : (r.lastUsed.date ?? null), tags: r.tags }));
      } else {
        const fromHistory = latest?.accounts.find((x) => x.accountId === a.accountId)?.supportRoles ?? [];
        roles = fromHistory.map((r) => ({ name: r.name, arn: r.arn, lastUsed: r.lastUsed, tags: {} }));
      }
      const entry: DashboardAccount = { accountId: a.accountId, status: a.status, message: a.message, supportRoles: roles };
      if (a.accountName) entry.accountName = a.accountName;
      if (a.ouPath) entry.ouPath = [...a.ouPath];
      const overview = accountOverview(findingsOf.get(a.accountId) ?? []);
      sortedFindings.push(...overview.findings);
      if (overview.cis?.suppression) entry.cisSuppressed = true;
      const q = overview.worstQuality;
      if (q) entry.worstQuality = { checkId: q.checkId, title: q.title, status: shownStatus(q), severity: q.severity };
      const cisFail = overview.cis?.status === 'FAIL' ? overview.cis : undefined;
      if (cisFail) entry.fixSnippets = fixSnippetsFor(a.accountId, cisFail.partition);
      accounts.push(entry);
    }
  } else if (latest) {
    // History only: the latest scan's verdicts (no findings detail is kept in the history).
    for (const a of latest.accounts) {
      const entry: DashboardAccount = { accountId: a.accountId, status: a.status, message: `Verdict of the scan at ${latest.time}.`, supportRoles: a.supportRoles.map((r) => ({ name: r.name, arn: r.arn, lastUsed: r.lastUsed, tags: {} })) };
      if (a.accountName) entry.accountName = a.accountName;
      accounts.push(entry);
    }
  }
  const accountIds = new Set(o.result?.accounts.map((a) => a.accountId));
  return {
    tool: { name: TOOL_NAME, version: VERSION },
    generatedAt: o.generatedAt ?? latest?.time ?? null,
    summary: o.result ? summarize(o.result) : (latest?.summary ?? null),
    accounts,
    checks: o.result ? checkColumns(o.result) : [],
    // Findings of accounts the verdict list lacks (a hand-edited report) are still shown, after the others.
    findings: o.result ? [...sortedFindings, ...o.result.findings.filter((f) => !accountIds.has(f.accountId)).sort(compareFindings)] : [],
    ...(() => {
      const kpis = computeKpis(history, []);
      return { trend: kpis.passRate, accessChanges: [...kpis.accessChanges].reverse().map((c) => ({ ...c, text: describeAccessChange(c) })) };
    })(),
    historyProblems: [...(o.historyProblems ?? [])],
  };
}

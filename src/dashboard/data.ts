import type { AuditResult } from '../checks/engine.js';
import { supportRoles } from '../checks/cis-support-role/index.js';
import type { Finding } from '../findings/model.js';
import type { HistoryProblem, HistoryRecord } from '../history/index.js';
import { computeKpis, type PassRatePoint } from '../history/kpi.js';
import { summarize, type Summary } from '../report/summary.js';
import type { AccountSnapshot } from '../snapshot/model.js';
import { TOOL_NAME, VERSION } from '../version.js';

/** A support role as the dashboard shows it (tags included: they name owners and on-call teams). */
export interface DashboardRole {
  name: string;
  arn: string;
  lastUsed?: string | null;
  tags: Record<string, string>;
}

/** Everything the dashboard page shows; served as JSON by `/api/dashboard` and rendered with textContent only. */
export interface DashboardData {
  tool: { name: string; version: string };
  generatedAt: string | null;
  summary: Summary | null;
  accounts: { accountId: string; accountName?: string; status: string; message: string; supportRoles: DashboardRole[] }[];
  findings: Finding[];
  trend: PassRatePoint[];
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
  const accounts: DashboardData['accounts'] = [];
  if (o.result) {
    for (const a of o.result.accounts) {
      const snap = o.snapshots?.find((s) => s.accountId === a.accountId);
      let roles: DashboardRole[];
      if (snap?.iam?.status === 'ok') {
        roles = supportRoles(snap.iam.data).map((r) => ({ name: r.name, arn: r.arn, lastUsed: r.lastUsed === undefined ? undefined : (r.lastUsed.date ?? null), tags: r.tags }));
      } else {
        const fromHistory = latest?.accounts.find((x) => x.accountId === a.accountId)?.supportRoles ?? [];
        roles = fromHistory.map((r) => ({ name: r.name, arn: r.arn, lastUsed: r.lastUsed, tags: {} }));
      }
      const entry: DashboardData['accounts'][number] = { accountId: a.accountId, status: a.status, message: a.message, supportRoles: roles };
      if (a.accountName) entry.accountName = a.accountName;
      accounts.push(entry);
    }
  } else if (latest) {
    // History only: the latest scan's verdicts (no findings detail is kept in the history).
    for (const a of latest.accounts) {
      const entry: DashboardData['accounts'][number] = { accountId: a.accountId, status: a.status, message: `Verdict of the scan at ${latest.time}.`, supportRoles: a.supportRoles.map((r) => ({ name: r.name, arn: r.arn, lastUsed: r.lastUsed, tags: {} })) };
      if (a.accountName) entry.accountName = a.accountName;
      accounts.push(entry);
    }
  }
  return {
    tool: { name: TOOL_NAME, version: VERSION },
    generatedAt: o.generatedAt ?? latest?.time ?? null,
    summary: o.result ? summarize(o.result) : (latest?.summary ?? null),
    accounts,
    findings: o.result?.findings ?? [],
    trend: computeKpis(history, []).passRate,
    historyProblems: [...(o.historyProblems ?? [])],
  };
}

import { DRILL_KIND, type DrillHistoryAccount, type DrillHistoryRecord } from '../history/drill-record.js';
import { TOOL_NAME, VERSION } from '../version.js';
import type { DrillResult } from './model.js';

/** The history line for a drill: verdicts and timings per account, what MTTES needs; no case text, no credential. */
export function drillHistoryRecord(r: DrillResult): DrillHistoryRecord {
  const accounts = r.accounts.map((a) => {
    const entry: DrillHistoryAccount = {
      accountId: a.accountId,
      roleArn: a.roleArn,
      verdict: a.verdict,
      timeToEngageMs: a.timeToEngageMs,
      timings: a.timings,
      probesAllowed: a.probes.filter((p) => p.outcome === 'ok' || p.outcome === 'subscription-required').map((p) => p.action),
      reasons: a.reasons,
    };
    if (a.accountName) entry.accountName = a.accountName;
    const first = a.support[0];
    if (first) entry.supportApi = a.support.some((c) => c.outcome === 'denied') ? 'denied' : a.support.some((c) => c.outcome === 'error') ? 'error' : first.outcome;
    if (a.testCase) entry.testCase = a.testCase.outcome;
    return entry;
  });
  return { kind: DRILL_KIND, schemaVersion: 1, time: r.startedAt, tool: { name: TOOL_NAME, version: VERSION }, testCase: r.testCase, accounts, summary: r.summary };
}

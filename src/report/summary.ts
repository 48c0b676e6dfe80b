import type { AuditResult } from '../checks/engine.js';
import type { Status } from '../findings/model.js';

export interface Summary {
  accounts: { total: number; PASS: number; FAIL: number; ERROR: number };
  findings: Record<Status, number>;
  /** Share of judged accounts (PASS+FAIL) that pass the CIS control; null when none could be judged. */
  cisPassRate: number | null;
  /** Present when supportguard.yml suppressed something: suppressed findings, and FAIL accounts whose every FAIL is. */
  suppressed?: { findings: number; accounts: number };
}

/** Counts verdicts and findings. */
export function summarize(result: AuditResult): Summary {
  const accounts = { total: result.accounts.length, PASS: 0, FAIL: 0, ERROR: 0 };
  for (const a of result.accounts) accounts[a.status]++;
  const findings: Record<Status, number> = { PASS: 0, FAIL: 0, ERROR: 0, INFO: 0 };
  for (const f of result.findings) findings[f.status]++;
  // A filtered report's summary still counts every finding: the filter changes what is shown, not what was found.
  if (result.filtered) for (const s of Object.keys(findings) as Status[]) findings[s] += result.filtered.byStatus[s];
  const judged = accounts.PASS + accounts.FAIL;
  // Verdicts of a run without the CIS check are not CIS results.
  const cisRan = result.accounts.every((a) => a.basis !== 'selected-checks');
  const summary: Summary = { accounts, findings, cisPassRate: judged === 0 || !cisRan ? null : accounts.PASS / judged };
  const suppressedFindings = result.findings.filter((f) => f.suppression).length;
  if (suppressedFindings > 0) summary.suppressed = { findings: suppressedFindings, accounts: result.accounts.filter((a) => a.suppressed).length };
  return summary;
}

import type { AccountVerdict, AuditResult } from '../checks/engine.js';
import { PRIMARY_CHECK_ID } from '../checks/engine.js';
import type { Finding, Severity, SuppressionReport } from '../findings/model.js';
import { matchesWildcard } from '../policy/wildcard.js';
import { byAccount } from '../report/common.js';
import type { AccountSnapshot } from '../snapshot/model.js';
import { ouPathOf } from '../snapshot/ou-path.js';
import { scopeIncludes } from './scope.js';
import { isExpired, utcDay } from './dates.js';
import type { ChecksPolicy, Suppression } from './types.js';

/**
 * The config's verdict-side decisions, applied to an audit result after the engine (pure): severity overrides, then
 * suppressions. Nothing is removed: a suppressed finding keeps its status and gets `suppression`; an overridden one
 * keeps its original severity in `details.originalSeverity`.
 */

/** Sets the configured severity on every judged finding of a check (INFO stays info), keeping the original in details. */
export function applySeverityOverrides(findings: Finding[], policy: ChecksPolicy | undefined): void {
  const overrides = policy?.severity;
  if (!overrides) return;
  for (const f of findings) {
    const severity = overrides[f.checkId] as Severity | undefined;
    if (!severity || f.status === 'INFO' || severity === f.severity) continue;
    f.details = { ...f.details, originalSeverity: f.severity, severityFrom: 'supportguard.yml checks.severity' };
    f.severity = severity;
  }
}

function matches(s: Suppression, f: Finding, ouPath: string[] | undefined): boolean {
  if (s.check !== f.checkId) return false;
  if (s.messageId !== undefined && s.messageId !== f.messageId) return false;
  // Accounts and OUs say where (either one places the finding); roles then narrow it to those resources.
  if (!scopeIncludes(s.scope, f.accountId, ouPath)) return false;
  const roles = s.scope?.roles ?? [];
  if (roles.length > 0 && !roles.some((p) => matchesWildcard(p, f.resourceArn))) return false;
  return true;
}

/**
 * Marks the FAIL and INFO findings an active suppression matches (the first matching entry wins). ERROR is never
 * suppressed: an API failure must stay visible, whatever was accepted about the verdict it hides. PASS needs nothing.
 */
export function applySuppressions(
  findings: Finding[],
  suppressions: readonly Suppression[] | undefined,
  opts: { today: Date; ouPaths: ReadonlyMap<string, string[] | undefined> },
): SuppressionReport {
  const report: SuppressionReport = { suppressed: 0, expired: [], unmatched: [], ouPathUnknown: [] };
  if (!suppressions?.length) return report;
  const today = utcDay(opts.today);
  const active: { s: Suppression; index: number; hits: number }[] = [];
  suppressions.forEach((s, index) => {
    const ref = { index, check: s.check, owner: s.owner, expires: s.expires };
    if (isExpired(s.expires, today)) report.expired.push(ref);
    else active.push({ s, index, hits: 0 });
  });
  const unknown = new Set<string>();
  for (const f of findings) {
    if (f.status !== 'FAIL' && f.status !== 'INFO') continue;
    const ouPath = opts.ouPaths.get(f.accountId);
    const hit = active.find((a) => matches(a.s, f, ouPath));
    if (ouPath === undefined && active.some((a) => a.s.check === f.checkId && (a.s.scope?.ous?.length ?? 0) > 0)) unknown.add(f.accountId);
    if (!hit) continue;
    hit.hits++;
    report.suppressed++;
    f.suppression = { index: hit.index, reason: hit.s.reason, owner: hit.s.owner, expires: hit.s.expires };
  }
  report.unmatched = active.filter((a) => a.hits === 0).map(({ s, index }) => ({ index, check: s.check, owner: s.owner, expires: s.expires }));
  report.ouPathUnknown = [...unknown].sort();
  return report;
}

/**
 * The account verdict under suppressions: an account whose CIS FAILs are all suppressed stays FAIL — supportguard never
 * says an account passes CIS when it does not — and is marked `suppressed`, shown as SUPPRESSED and left out of the
 * exit code like its findings.
 */
export function markSuppressedVerdicts(accounts: AccountVerdict[], findings: readonly Finding[]): void {
  // Grouped once: filtering every finding for each account made 10,000 accounts quadratic.
  const findingsOf = byAccount(findings);
  for (const a of accounts) {
    if (a.status !== 'FAIL') continue;
    const mine = (findingsOf.get(a.accountId) ?? []).filter((f) => f.status === 'FAIL' && (a.basis === 'selected-checks' || f.checkId === PRIMARY_CHECK_ID));
    if (mine.length > 0 && mine.every((f) => f.suppression)) a.suppressed = true;
  }
}

/** Severity overrides, suppressions and the verdicts they touch, in that order; returns what the suppressions did. */
export function applyConfigPolicy(
  result: AuditResult,
  config: { checks?: ChecksPolicy; suppressions?: Suppression[] },
  opts: { today: Date; snapshots: readonly AccountSnapshot[] },
): SuppressionReport {
  applySeverityOverrides(result.findings, config.checks);
  const ouPaths = new Map(opts.snapshots.map((s) => [s.accountId, ouPathOf(s)]));
  const report = applySuppressions(result.findings, config.suppressions, { today: opts.today, ouPaths });
  markSuppressedVerdicts(result.accounts, result.findings);
  if (config.suppressions?.length) result.suppressions = report;
  return report;
}

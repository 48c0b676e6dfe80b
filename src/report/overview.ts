import { PRIMARY_CHECK_ID, type AccountVerdict, type AuditResult } from '../checks/engine.js';
import { severityRank, type Finding, type Severity } from '../findings/model.js';
import { shownStatus, type ShownStatus } from './common.js';

/**
 * What people read in the HTML report and the dashboard: ordering, the accounts × checks matrix and the OU groups.
 * Pure data, shared by both so that they can never disagree about which finding is an account's worst.
 */

/** Worst first: what a filter lists and what a matrix cell shows when a check has several findings in one account. */
export const STATUSES_WORST_FIRST: readonly ShownStatus[] = ['FAIL', 'ERROR', 'SUPPRESSED', 'INFO', 'PASS'];

/** Severities, critical first. */
export const SEVERITIES_DESC: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

const statusRank = (f: Finding) => STATUSES_WORST_FIRST.indexOf(shownStatus(f));

/** Within an account: critical first; at equal severity the worse status (FAIL before PASS), then by check and resource. */
export function compareFindings(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || statusRank(a) - statusRank(b) || a.checkId.localeCompare(b.checkId) || a.resourceArn.localeCompare(b.resourceArn);
}

/** Worst status first, then highest severity: the finding that says most about how bad things are. */
export function compareWorst(a: Finding, b: Finding): number {
  return statusRank(a) - statusRank(b) || severityRank(b.severity) - severityRank(a.severity) || a.checkId.localeCompare(b.checkId);
}

/** The worst of some findings, or undefined for none. */
export function worstOf(findings: readonly Finding[]): Finding | undefined {
  let worst: Finding | undefined;
  for (const f of findings) if (!worst || compareWorst(f, worst) < 0) worst = f;
  return worst;
}

/** A matrix column. */
export interface CheckColumn {
  id: string;
  title: string;
}

/** The checks that have a finding or were skipped somewhere: the CIS check first, the others by id. */
export function checkColumns(result: Pick<AuditResult, 'findings' | 'skipped'>): CheckColumn[] {
  const titles = new Map<string, string>();
  for (const f of result.findings) if (!titles.has(f.checkId)) titles.set(f.checkId, f.title);
  for (const s of result.skipped) if (!titles.has(s.checkId)) titles.set(s.checkId, s.checkId);
  return [...titles]
    .map(([id, title]) => ({ id, title }))
    .sort((a, b) => Number(b.id === PRIMARY_CHECK_ID) - Number(a.id === PRIMARY_CHECK_ID) || a.id.localeCompare(b.id));
}

/** A short column label: the id without the `support-role-` / `support-` prefix every quality check shares. */
export function shortCheckLabel(id: string): string {
  return id === PRIMARY_CHECK_ID ? 'CIS' : id.replace(/^support-role-/, '').replace(/^support-/, '');
}

/** An OU group of accounts. `key` is the path joined with `/`, empty when the OU is not known. */
export interface OuGroup<A extends Pick<AccountVerdict, 'ouPath'>> {
  key: string;
  /** `r-ab12 / ou-ab12-11111111`, or "OU not known". */
  label: string;
  accounts: A[];
}

export const UNKNOWN_OU_LABEL = 'OU not known';

/** Accounts grouped by OU path (sorted by path, unknown last), each group in the input order. */
export function groupByOu<A extends Pick<AccountVerdict, 'ouPath'>>(accounts: readonly A[]): OuGroup<A>[] {
  const groups = new Map<string, OuGroup<A>>();
  for (const a of accounts) {
    const key = a.ouPath?.join('/') ?? '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, label: key ? a.ouPath!.join(' / ') : UNKNOWN_OU_LABEL, accounts: [] }));
    g.accounts.push(a);
  }
  return [...groups.values()].sort((a, b) => Number(a.key === '') - Number(b.key === '') || a.key.localeCompare(b.key));
}

/** One account's findings by check (each list sorted worst first) and its worst finding outside the CIS check. */
export interface AccountOverview {
  byCheck: Map<string, Finding[]>;
  /** Sorted for reading: critical first. */
  findings: Finding[];
  cis?: Finding;
  worstQuality?: Finding;
}

export function accountOverview(findings: readonly Finding[]): AccountOverview {
  const byCheck = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byCheck.get(f.checkId);
    if (list) list.push(f);
    else byCheck.set(f.checkId, [f]);
  }
  for (const list of byCheck.values()) list.sort(compareWorst);
  const o: AccountOverview = { byCheck, findings: [...findings].sort(compareFindings) };
  const cis = byCheck.get(PRIMARY_CHECK_ID)?.[0];
  if (cis) o.cis = cis;
  const worstQuality = worstOf(findings.filter((f) => f.checkId !== PRIMARY_CHECK_ID));
  if (worstQuality) o.worstQuality = worstQuality;
  return o;
}

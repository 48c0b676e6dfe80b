import { runChecks, type AuditResult } from '../checks/engine.js';
import type { Check } from '../checks/types.js';
import { readHistory } from '../history/index.js';
import { readJsonReport } from '../report/read-json.js';
import { loadSnapshots } from '../snapshot/load.js';
import type { AccountSnapshot } from '../snapshot/model.js';
import { buildDashboardData, type DashboardData } from './data.js';

/** Where the dashboard's data comes from. */
export interface DashboardSources {
  /** A `--format json` report. */
  report?: string;
  /** Authorization-details files or snapshots, audited at start (role tags and last use included). */
  inputs?: string[];
  /** Scan history (JSON Lines), re-read on every request so new scans appear on reload. */
  history?: string;
}

/**
 * Loads the sources once (so a bad file fails at start, with its one-line error) and returns the
 * function the server calls for each `/api/dashboard` request.
 */
export async function dashboardLoader(
  src: DashboardSources,
  checks: readonly Check[],
  /** Applied to the audited inputs before they are shown (the CLI passes supportguard.yml's suppressions). */
  policy?: (result: AuditResult, snapshots: readonly AccountSnapshot[]) => void,
): Promise<() => Promise<DashboardData>> {
  let result: AuditResult | undefined;
  let generatedAt: string | undefined;
  let snapshots: AccountSnapshot[] | undefined;
  if (src.report) ({ result, generatedAt } = await readJsonReport(src.report));
  if (src.inputs?.length) {
    const set = await loadSnapshots(src.inputs);
    snapshots = set.accounts;
    const audited = runChecks(checks, set.accounts);
    policy?.(audited, set.accounts);
    // --report and --input together: both sets of accounts are shown.
    result = result ? { findings: [...result.findings, ...audited.findings], accounts: [...result.accounts, ...audited.accounts], skipped: [...result.skipped, ...audited.skipped] } : audited;
    generatedAt ??= new Date().toISOString();
  }
  if (src.history) await readHistory(src.history);
  return async () => {
    const h = src.history ? await readHistory(src.history) : { records: [], problems: [] };
    return buildDashboardData({ result, generatedAt, snapshots, history: h.records, historyProblems: h.problems });
  };
}

import { join } from 'node:path';
import { cisSupportRole } from '../../src/checks/cis-support-role/index.js';
import type { Check } from '../../src/checks/types.js';
import { runChecks } from '../../src/checks/engine.js';
import type { ReportInput } from '../../src/report/types.js';
import { loadSnapshots } from '../../src/snapshot/load.js';
import type { AccountSnapshot } from '../../src/snapshot/model.js';

export const GENERATED_AT = '2026-11-22T12:00:00.000Z';
export const HOSTILE_FIXTURE = join('test', 'fixtures', 'reports', '999999999999-hostile.json');
/** The hostile role name: a spreadsheet formula and an HTML event handler in one. */
export const HOSTILE_ROLE = '=HYPERLINK("http://evil.example","x")<img src=x onerror="window.__xss=1">';

/**
 * The example accounts (PASS, FAIL of each kind, a truncated export that ends in ERROR)
 * plus one account whose support role is named by an attacker.
 */
export async function exampleReportInput(
  paths: string[] = ['examples/accounts', HOSTILE_FIXTURE],
  /** The format tests count one finding per account, so by default only the CIS check runs; pass CHECKS for all. */
  checks: readonly Check[] = [cisSupportRole],
): Promise<ReportInput & { snapshots: AccountSnapshot[] }> {
  const set = await loadSnapshots(paths);
  const result = runChecks(checks, set.accounts);
  return { result, checks, generatedAt: GENERATED_AT, snapshots: set.accounts };
}

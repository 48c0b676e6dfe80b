import { join } from 'node:path';
import { CHECKS } from '../../src/checks/registry.js';
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
export async function exampleReportInput(paths: string[] = ['examples/accounts', HOSTILE_FIXTURE]): Promise<ReportInput & { snapshots: AccountSnapshot[] }> {
  const set = await loadSnapshots(paths);
  const result = runChecks(CHECKS, set.accounts);
  return { result, checks: CHECKS, generatedAt: GENERATED_AT, snapshots: set.accounts };
}

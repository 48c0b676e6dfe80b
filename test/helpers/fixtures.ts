import { existsSync, readFileSync } from 'node:fs';
import type { OrganizationPolicy } from '../../src/org-policy/policy.js';
import { runChecks } from '../../src/checks/engine.js';
import { checkById } from '../../src/checks/registry.js';
import { snapshotsFromJson } from '../../src/snapshot/load.js';

/** The organization policy a fixture is judged under: `<name>.policy.json` beside `<name>.json`, when there is one. */
export function policyOfFixture(path: string): OrganizationPolicy | undefined {
  const sidecar = path.replace(/\.json$/, '.policy.json');
  return existsSync(sidecar) ? (JSON.parse(readFileSync(sidecar, 'utf8')) as OrganizationPolicy) : undefined;
}

/** Runs one check on one of its fixtures (test/fixtures/checks/<id>/<file>) and returns the findings. */
export function findingsOf(checkId: string, file: string) {
  const check = checkById(checkId);
  if (!check) throw new Error(`no check ${checkId}`);
  const path = `test/fixtures/checks/${checkId}/${file}`;
  return runChecks([check], snapshotsFromJson(readFileSync(path, 'utf8'), path), { policy: policyOfFixture(path) }).findings;
}

/** The only finding of a fixture with the given status, failing the test when there is not exactly one. */
export function onlyFinding(checkId: string, file: string, status: 'PASS' | 'FAIL' | 'INFO') {
  const all = findingsOf(checkId, file).filter((f) => f.status === status);
  if (all.length !== 1) throw new Error(`${file}: expected one ${status} finding, got ${all.length}: ${all.map((f) => f.message).join(' | ')}`);
  return all[0]!;
}

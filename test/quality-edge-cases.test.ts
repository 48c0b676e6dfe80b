import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../src/checks/engine.js';
import { supportRoleMonitoring } from '../src/checks/support-role-monitoring/index.js';
import { supportRoleScpProtection } from '../src/checks/support-role-scp-protection/index.js';
import { supportRoleTags } from '../src/checks/support-role-tags/index.js';
import type { Check } from '../src/checks/types.js';
import type { AccountSnapshot } from '../src/snapshot/model.js';
import { snapshotsFromJson } from '../src/snapshot/load.js';

/** Loads a check fixture and lets a scenario change it before it is judged. */
function judge(check: Check, fixture: string, change: (a: AccountSnapshot) => void) {
  const path = `test/fixtures/checks/${check.id}/${fixture}`;
  const [account] = snapshotsFromJson(readFileSync(path, 'utf8'), path);
  change(account!);
  return runChecks([check], [account!]).findings;
}

const supportRole = (a: AccountSnapshot) => {
  if (a.iam?.status !== 'ok') throw new Error('fixture without IAM');
  return a.iam.data.roles.find((r) => r.attachedManagedPolicies.some((p) => p.arn.endsWith(':aws:policy/AWSSupportAccess')))!;
};

describe('support-role-tags: a placeholder names nobody', () => {
  it('fails owner=unassigned (what `fix` writes until --owner is given) like a missing owner', () => {
    const [f] = judge(supportRoleTags, 'pass.pass.json', (a) => {
      const role = supportRole(a);
      for (const k of Object.keys(role.tags)) if (k.toLowerCase().endsWith('owner')) delete role.tags[k];
      role.tags.owner = 'Unassigned';
    });
    expect(`${f!.status} ${f!.message}`).toBe('FAIL aws-support-responders has no owner tag.');
  });
});

describe('support-role-monitoring: rule states', () => {
  it('counts a rule in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (a superset of ENABLED)', () => {
    const findings = judge(supportRoleMonitoring, 'watched.pass.json', (a) => {
      if (a.eventBridge?.status !== 'ok') throw new Error('fixture without rules');
      for (const r of a.eventBridge.data) r.state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
    });
    expect(findings.map((f) => `${f.status} ${f.messageId}`)).toEqual(['PASS trail-logging', 'PASS watched']);
  });
});

describe('support-role-scp-protection: roles with a path', () => {
  it('suggests an SCP whose Resource carries the role path, or it would not match the role', () => {
    const [f] = judge(supportRoleScpProtection, 'not-protected.fail.json', (a) => {
      const role = supportRole(a);
      role.path = '/security/';
      role.arn = role.arn.replace(':role/', ':role/security/');
    });
    expect(f!.status).toBe('FAIL');
    expect(f!.remediation).toContain(':role/security/aws-support-responders');
  });
});

import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../checks/engine.js';
import { CHECKS } from '../checks/registry.js';
import { cisSupportRole } from '../checks/cis-support-role/index.js';
import { ok, type AccountSnapshot } from '../snapshot/model.js';
import { renderSarif } from './sarif.js';

const account = (over: Partial<AccountSnapshot>): AccountSnapshot => ({
  schemaVersion: 1,
  accountId: '111122223333',
  partition: 'aws',
  source: { kind: 'cloudformation', path: 'infra/support.yaml' },
  iam: ok({ roles: [], users: [], groups: [], policies: [] }),
  ...over,
});

/**
 * SARIF mechanics are shown on the presence checks (the CIS control and the IaC change check), whose
 * verdicts on these minimal accounts are known; every registered check still becomes a rule.
 */
const PRESENCE = CHECKS.filter((c) => c.id === 'cis-support-role' || c.id === 'iac-support-role-change');
function sarifOf(accounts: AccountSnapshot[]): Log {
  const result = runChecks(PRESENCE, accounts);
  return JSON.parse(renderSarif({ result, checks: CHECKS, generatedAt: '2026-11-22T00:00:00.000Z' })) as Log;
}

describe('SARIF renderer', () => {
  it('has one rule per check, with level, security-severity, help with remediation and framework references', () => {
    const log = sarifOf([account({})]);
    expect(log.version).toBe('2.1.0');
    const rules = log.runs[0]!.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(CHECKS.map((c) => c.id));
    const cis = rules[0]!;
    expect(cis.shortDescription?.text).toBe(cisSupportRole.title);
    expect(cis.defaultConfiguration?.level).toBe('warning');
    expect(cis.properties?.['security-severity']).toBe('5.5');
    expect(cis.help?.text).toContain('Remediation: Create a role that your incident responders can assume');
    // a rule is about every finding: placeholders read as <name>, never {{name}}
    expect(cis.help?.text).toContain('--policy-arn <policyArn>');
    expect(cis.help?.text).toContain('CIS 7.0.0 §2.15; AWS Security Hub IAM.18');
  });

  it('gives a FAIL with a source location a physical location (file, line, column) and the resource ARN as logical location', () => {
    // Given a template account whose account ARN maps to the role's line
    const log = sarifOf([account({ sourceLocations: { 'arn:aws:iam::111122223333:root': { file: 'infra/support.yaml', line: 12, column: 3 } } })]);
    const results = log.runs[0]!.results!;
    expect(results).toHaveLength(1);
    const r: Result = results[0]!;
    expect(r).toMatchObject({ ruleId: 'cis-support-role', ruleIndex: 0, kind: 'fail', level: 'warning' });
    expect(r.message.text).toMatch(/^No IAM role has arn:aws:iam::aws:policy\/AWSSupportAccess attached\. Fix: /);
    expect(r.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'infra/support.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 12, startColumn: 3 } },
        logicalLocations: [{ fullyQualifiedName: 'arn:aws:iam::111122223333:root', kind: 'resource' }],
      },
    ]);
    expect(r.partialFingerprints?.['supportguard/v1']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves PASS findings out, and gives a finding without a file only its logical location', () => {
    const passing = account({
      source: { kind: 'live' },
      iam: ok({ roles: [{ name: 'support', arn: 'arn:aws:iam::111122223333:role/support', id: 'AROA1', path: '/', trustPolicy: null, attachedManagedPolicies: [{ name: 'AWSSupportAccess', arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }], inlinePolicies: [], tags: {} }], users: [], groups: [], policies: [] }),
    });
    expect(sarifOf([passing]).runs[0]!.results).toEqual([]);
    const failing = sarifOf([account({ source: { kind: 'live' } })]).runs[0]!.results![0]!;
    expect(failing.locations).toEqual([{ logicalLocations: [{ fullyQualifiedName: 'arn:aws:iam::111122223333:root', kind: 'resource' }] }]);
  });

  it('reports ERROR as a result to review (level none) and marks the run unsuccessful; INFO is informational', () => {
    const log = sarifOf([
      account({ accountId: '222233334444', iam: { status: 'failed', error: { code: 'AccessDenied', message: 'not authorized', operation: 'iam:GetAccountAuthorizationDetails' } } }),
      account({ iac: { isPlan: false, removals: [], unresolved: [{ address: 'OpsRole', attribute: 'ManagedPolicyArns[0]', reason: 'Fn::ImportValue x comes from another stack', location: { file: 'infra/ops.yaml', line: 4 } }] } }),
    ]);
    const results = log.runs[0]!.results!;
    expect(results.map((r) => `${r.ruleId} ${r.kind} ${r.level}`)).toEqual(['cis-support-role review none', 'cis-support-role fail warning', 'iac-support-role-change informational none']);
    expect(log.runs[0]!.invocations![0]!.executionSuccessful).toBe(false);
  });

  it('turns absolute paths into file URIs and Windows separators into slashes', () => {
    const log = sarifOf([
      account({ sourceLocations: { 'arn:aws:iam::111122223333:root': { file: '/abs/dir/t.yaml', line: 1 } } }),
      account({ accountId: '999988887777', sourceLocations: { 'arn:aws:iam::999988887777:root': { file: 'infra\\win t.yaml', line: 2 } } }),
    ]);
    const uris = log.runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation);
    expect(uris).toEqual([{ uri: 'file:///abs/dir/t.yaml' }, { uri: 'infra/win%20t.yaml', uriBaseId: '%SRCROOT%' }]);
  });
});

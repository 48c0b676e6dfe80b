import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../checks/engine.js';
import { CHECKS } from '../checks/registry.js';
import { cisSupportRole } from '../checks/cis-support-role/index.js';
import { ok, type AccountSnapshot } from '../snapshot/model.js';
import { exampleReportInput } from '../../test/helpers/report-input.js';
import { sarifSchemaErrors } from '../../test/helpers/schemas.js';
import { iacSnapshot, locateIacFindings } from '../iac/index.js';
import { renderSarif, ruleTags } from './sarif.js';

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
    expect(r).toMatchObject({ ruleId: 'cis-support-role', ruleIndex: 0, kind: 'fail' });
    // the rule's default level (warning) holds: no per-result level
    expect(r.level).toBeUndefined();
    expect(r.message.text).toMatch(/^No IAM role has arn:aws:iam::aws:policy\/AWSSupportAccess attached\. Fix: /);
    expect(r.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'infra/support.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 12, startColumn: 3 } },
        logicalLocations: [{ fullyQualifiedName: 'arn:aws:iam::111122223333:root', kind: 'resource' }],
      },
    ]);
    expect(r.partialFingerprints?.['supportguard/v1']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves PASS findings out, and points a live account at its documented generated artifact', () => {
    const passing = account({
      source: { kind: 'live' },
      iam: ok({ roles: [{ name: 'support', arn: 'arn:aws:iam::111122223333:role/support', id: 'AROA1', path: '/', trustPolicy: null, attachedManagedPolicies: [{ name: 'AWSSupportAccess', arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }], inlinePolicies: [], tags: {} }], users: [], groups: [], policies: [] }),
    });
    expect(sarifOf([passing]).runs[0]!.results).toEqual([]);
    const log = sarifOf([account({ source: { kind: 'live' } })]);
    const failing = log.runs[0]!.results![0]!;
    expect(failing.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'supportguard/accounts/111122223333.json' }, region: { startLine: 1 } },
        logicalLocations: [{ fullyQualifiedName: 'arn:aws:iam::111122223333:root', kind: 'resource' }],
      },
    ]);
    expect(log.runs[0]!.artifacts).toEqual([
      { location: { uri: 'supportguard/accounts/111122223333.json' }, description: { text: 'Generated name for AWS account 111122223333 as scanned live; not a file in the repository.' } },
    ]);
  });

  it('points an offline audit at the export file each account was read from', async () => {
    // Given the example exports, audited offline
    const input = await exampleReportInput(['examples/accounts/666666666666-no-support-role.json', 'examples/accounts/888888888888-truncated-export.json']);
    // When rendered as SARIF
    const log = JSON.parse(renderSarif(input)) as Log;
    // Then each result's physical location is its export file, line 1, and no generated artifact is listed
    expect(log.runs[0]!.results!.map((r) => [r.kind, r.locations![0]!.physicalLocation])).toEqual([
      ['fail', { artifactLocation: { uri: 'examples/accounts/666666666666-no-support-role.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } }],
      ['review', { artifactLocation: { uri: 'examples/accounts/888888888888-truncated-export.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } }],
    ]);
    expect(log.runs[0]!.artifacts).toBeUndefined();
  });

  it('reports ERROR as a result to review (level none) and marks the run unsuccessful; INFO is informational', () => {
    const log = sarifOf([
      account({ accountId: '222233334444', iam: { status: 'failed', error: { code: 'AccessDenied', message: 'not authorized', operation: 'iam:GetAccountAuthorizationDetails' } } }),
      account({ iac: { isPlan: false, removals: [], unresolved: [{ address: 'OpsRole', attribute: 'ManagedPolicyArns[0]', reason: 'Fn::ImportValue x comes from another stack', location: { file: 'infra/ops.yaml', line: 4 } }] } }),
    ]);
    const results = log.runs[0]!.results!;
    // the FAIL keeps its rule's level (warning, so none of its own); results that are not failures are level none
    expect(results.map((r) => `${r.ruleId} ${r.kind} ${r.level}`)).toEqual(['cis-support-role review none', 'cis-support-role fail undefined', 'iac-support-role-change informational none']);
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

  it('gives every result of an IaC template its own fingerprint, one per unknown ManagedPolicyArns entry', async () => {
    // Given a template whose OpsRole has three ManagedPolicyArns known only at deploy (one finding each, same line)
    const file = 'test/fixtures/iac/cloudformation/conditional-and-imported.yaml';
    const snapshot = await iacSnapshot([file], {});
    const result = runChecks(CHECKS, [snapshot]);
    locateIacFindings(result.findings, snapshot);
    // When rendered as SARIF
    const log = JSON.parse(renderSarif({ result, checks: CHECKS, generatedAt: '2026-11-22T00:00:00.000Z' })) as Log;
    const results = log.runs[0]!.results!;
    // Then the three INFO results on ManagedPolicyArns[0..2] share a line but not a fingerprint, and no two results do
    const ops = results.filter((r) => r.message.text?.startsWith('OpsRole ManagedPolicyArns['));
    expect(ops.map((r) => r.locations![0]!.physicalLocation!.region!.startLine)).toEqual([29, 29, 29]);
    expect(new Set(ops.map((r) => r.partialFingerprints!['supportguard/v1'])).size).toBe(3);
    const prints = results.map((r) => r.partialFingerprints!['supportguard/v1']);
    expect(new Set(prints).size).toBe(prints.length);
    expect(results.every((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri === file)).toBe(true);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('keeps results that differ only by message apart, and keeps the fingerprint of a result stable across runs', () => {
    // Given the same account audited twice, and two copies of one finding (an account read from two files)
    const once = sarifOf([account({ source: { kind: 'live' } })]).runs[0]!.results!;
    const again = sarifOf([account({ source: { kind: 'live' } })]).runs[0]!.results!;
    const twice = sarifOf([account({ source: { kind: 'live' } }), account({ source: { kind: 'live' } })]).runs[0]!.results!;
    // Then re-runs agree and duplicates still get distinct fingerprints
    expect(again[0]!.partialFingerprints).toEqual(once[0]!.partialFingerprints);
    expect(twice).toHaveLength(2);
    expect(twice[0]!.partialFingerprints).toEqual(once[0]!.partialFingerprints);
    expect(twice[1]!.partialFingerprints!['supportguard/v1']).not.toBe(twice[0]!.partialFingerprints!['supportguard/v1']);
  });

  it('sets a result level only where it differs from its rule (a removal that another role covers is low)', () => {
    // Given a plan that detaches AWSSupportAccess from one role while another keeps it
    const roleWith = (name: string) => ({ name, arn: `arn:aws:iam::111122223333:role/${name}`, id: `AROA${name}`, path: '/', trustPolicy: null, attachedManagedPolicies: [{ name: 'AWSSupportAccess', arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }], inlinePolicies: [], tags: {} });
    const log = sarifOf([
      account({
        iam: ok({ roles: [roleWith('old'), roleWith('new')], users: [], groups: [], policies: [] }),
        iac: { isPlan: true, removals: [{ kind: 'removes-support-role', roleName: 'old', roleArn: 'arn:aws:iam::111122223333:role/old', address: 'aws_iam_role.old', actions: 'delete', policyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }], unresolved: [] },
      }),
    ]);
    const removal = log.runs[0]!.results!.find((r) => r.ruleId === 'iac-support-role-change')!;
    // Then the rule says warning (medium) and the result says note (low)
    expect(log.runs[0]!.tool.driver.rules!.find((r) => r.id === 'iac-support-role-change')!.defaultConfiguration!.level).toBe('warning');
    expect(removal).toMatchObject({ kind: 'fail', level: 'note', properties: { severity: 'low' } });
  });

  it('puts the tags GitHub shows first: security, the newest CIS version, then the other frameworks, then older CIS', () => {
    expect(ruleTags(cisSupportRole).slice(0, 10)).toEqual([
      'security',
      'CIS 7.0.0 §2.15',
      'AWS Security Hub IAM.18',
      'NIST SP 800-171 3.1.2',
      'PCI DSS 12.10.3',
      'CIS 6.0.0 §2.16',
      'CIS 5.0.0 §1.16',
      'CIS 4.0.1 §1.17',
      'CIS 3.0.0 §1.17',
      'CIS 2.0.0 §1.17',
    ]);
    expect(ruleTags(cisSupportRole)).toHaveLength(1 + cisSupportRole.references.length);
  });

  it('validates against the SARIF 2.1.0 schema, with every result located physically, for offline, live and IaC audits', async () => {
    // Given every check over the example exports (all statuses) and a live account
    const input = await exampleReportInput(undefined, CHECKS);
    const offline = JSON.parse(renderSarif(input)) as Log;
    const live = sarifOf([account({ source: { kind: 'live' } }), account({ accountId: '222233334444', iam: { status: 'failed', error: { code: 'AccessDenied', message: 'no', operation: 'iam:GetAccountAuthorizationDetails' } } })]);
    for (const log of [offline, live]) {
      // Then the schema holds, and GitHub's rules too: a physical location with a start line and a distinct fingerprint each
      expect(sarifSchemaErrors(log)).toEqual([]);
      const results = log.runs[0]!.results!;
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) expect(r.locations![0]!.physicalLocation!.region!.startLine).toBeGreaterThanOrEqual(1);
      expect(new Set(results.map((r) => r.partialFingerprints!['supportguard/v1'])).size).toBe(results.length);
    }
    // and the schema check is not a rubber stamp: a result without a message is refused
    const broken = structuredClone(offline);
    delete (broken.runs[0]!.results![0] as Partial<Result>).message;
    expect(sarifSchemaErrors(broken).join('\n')).toContain("must have required property 'message'");
  });
});

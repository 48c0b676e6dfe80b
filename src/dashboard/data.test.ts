import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/registry.js';
import { cli } from '../../test/helpers/cli.js';
import { dashboardLoader } from './load.js';

describe('dashboard data sources', () => {
  it('shows a saved JSON report, with support roles from the latest history scan', async () => {
    // Given a JSON report (no snapshots, so no tags) and the history
    const dir = await mkdtemp(join(tmpdir(), 'sg-dash-'));
    const report = join(dir, 'r.json');
    await cli(['audit', 'examples/accounts/111111111111-support-role.json', '-f', 'json', '-o', report]);
    const data = await (await dashboardLoader({ report, history: 'test/fixtures/kpi/history.jsonl' }, CHECKS))();
    // Then the report's account and finding are shown, the role and its last use come from the latest scan
    expect(data.accounts).toEqual([
      {
        accountId: '111111111111',
        status: 'PASS',
        message: '1 support role(s) with AWSSupportAccess: aws-support-responders.',
        supportRoles: [{ name: 'aws-support-responders', arn: 'arn:aws:iam::111111111111:role/aws-support-responders', lastUsed: '2026-11-02T10:05:00Z', tags: {} }],
        // its worst finding outside the CIS check, shown beside the verdict: here a PASS of a high-severity check
        worstQuality: { checkId: 'support-role-case-capability', title: 'The support role can actually open and work an AWS Support case', status: 'PASS', severity: 'high' },
      },
    ]);
    // Every check's finding about that account comes along, critical first: the CIS verdict and the seven quality results
    expect(data.findings.map((f) => `${f.severity} ${f.checkId} ${f.status}`)).toEqual([
      'high support-role-case-capability PASS',
      'high support-role-effective-access PASS',
      'high support-role-trust-policy PASS',
      'medium cis-support-role PASS',
      'medium support-role-least-privilege PASS',
      'low support-functional-equivalents PASS',
      'low support-role-last-used PASS',
      'low support-role-tags PASS',
    ]);
    // And the matrix columns are the checks that reported or were skipped for lack of data, the CIS check first
    expect(data.checks.map((c) => c.id)).toEqual([
      'cis-support-role',
      'support-functional-equivalents',
      'support-role-case-capability',
      'support-role-effective-access',
      'support-role-last-used',
      'support-role-least-privilege',
      'support-role-monitoring',
      'support-role-scp-protection',
      'support-role-tags',
      'support-role-trust-policy',
    ]);
    expect(data.trend).toHaveLength(3);
  });

  it('with history only, shows the latest scan’s verdicts and no findings', async () => {
    const data = await (await dashboardLoader({ history: 'test/fixtures/kpi/history.jsonl' }, CHECKS))();
    expect(data.generatedAt).toBe('2026-11-05T09:00:00.000Z');
    expect(data.accounts.map((a) => `${a.accountId} ${a.accountName ?? '-'} ${a.status}`)).toEqual(['111111111111 prod PASS', '222222222222 dev PASS', '333333333333 - FAIL']);
    expect(data.summary!.cisPassRate).toBeCloseTo(2 / 3);
    expect(data.findings).toEqual([]);
  });
});

describe('dashboard fix snippets', () => {
  it('gives an account without a support role the role as Terraform and CloudFormation, trusting the account itself with MFA', async () => {
    const { fixSnippetsFor } = await import('./data.js');
    const s = fixSnippetsFor('777777777777', 'aws-us-gov');
    expect(s.note).toBe("Trusts account 777777777777 itself with MFA; replace it with your responders' role ARN before applying, and set the owner tag.");
    expect(s.command).toBe('supportguard fix --trust arn:aws-us-gov:iam::777777777777:role/<responders> --owner <team> --apply');
    expect(s.cloudformation).toContain('aws:MultiFactorAuthPresent');
    expect(s.cloudformation).toContain('arn:aws-us-gov:iam::777777777777:root');
    expect(s.terraform).toContain('resource "aws_iam_role_policy_attachment"');
  });
});

describe('dashboard access changes', () => {
  it('carries who-can-assume changes between recorded scans, newest first, each with its sentence', async () => {
    // Given two audits of the example account, the second after user carol joined the responder group
    const dir = await mkdtemp(join(tmpdir(), 'sg-dash-access-'));
    const history = join(dir, 'scans.jsonl');
    const example = JSON.parse(readFileSync('examples/accounts/111111111111-support-role.json', 'utf8')) as { UserDetailList: Record<string, unknown>[] };
    await cli(['audit', 'examples/accounts/111111111111-support-role.json', '--history', history, '--exit-zero']);
    example.UserDetailList.push({ ...example.UserDetailList[0], UserName: 'carol', UserId: 'AIDACAROLZZZZZZZZZZZ', Arn: 'arn:aws:iam::111111111111:user/carol' });
    writeFileSync(join(dir, 'later.json'), JSON.stringify(example));
    await cli(['audit', join(dir, 'later.json'), '--history', history, '--exit-zero']);
    // When the dashboard reads the history
    const data = await (await dashboardLoader({ history }, CHECKS))();
    // Then its panel data names the new principal, the role, the account and the day
    expect(data.accessChanges.map((c) => c.text)).toEqual([
      `new principal user arn:aws:iam::111111111111:user/carol (with MFA) can assume aws-support-responders in 111111111111 since ${data.accessChanges[0]!.since.slice(0, 10)}`,
    ]);
    expect(data.accessChanges[0]!.kind).toBe('added');
  });
});

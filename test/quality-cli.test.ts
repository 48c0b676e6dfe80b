import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const FX = 'test/fixtures/checks';

describe('supportguard audit with the support-role quality checks', () => {
  it('exits 0 when the selected quality check passes', async () => {
    const r = await cli(['audit', `${FX}/support-role-trust-policy/pass.pass.json`, '--check', 'support-role-trust-policy', '--no-color', '--verbose']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('The trust policy of aws-support-responders admits only: account 111111111111 (same-account).');
    expect(r.code).toBe(0);
  });

  it('exits 1 on a critical trust finding and prints its fix', async () => {
    const r = await cli(['audit', `${FX}/support-role-trust-policy/wildcard-principal.fail.json`, '--check', 'support-role-trust-policy']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  critical support-role-trust-policy');
    expect(r.stdout).toContain("fix: Replace the \"*\" principal of aws-support-responders's trust policy");
  });

  it('lets --fail-on high ignore a medium finding', async () => {
    const r = await cli(['audit', `${FX}/support-role-trust-policy/missing-mfa.fail.json`, '--check', 'support-role-trust-policy', '--fail-on', 'high']);
    expect(r.code).toBe(0);
  });

  it('puts who can assume the role in the JSON details', async () => {
    const r = await cli(['audit', `${FX}/support-role-effective-access/assumable.pass.json`, '--check', 'support-role-effective-access', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { findings: { checkId: string; details?: { assumers?: unknown[] } }[] };
    const f = report.findings.find((x) => x.checkId === 'support-role-effective-access');
    expect(f?.details?.assumers).toEqual([
      { principal: 'user arn:aws:iam::111111111111:user/alice', arn: 'arn:aws:iam::111111111111:user/alice', scope: 'snapshot', who: 'responder', requiresMfa: true, requiresExternalId: false, otherConditions: [] },
    ]);
  });

  it('reports an unknown condition operator in a trust policy as ERROR (exit 3), never PASS or FAIL', async () => {
    // Given a support role whose trust policy uses an operator IAM does not have
    const dir = mkdtempSync(join(tmpdir(), 'sg-quality-'));
    const raw = JSON.parse(readFileSync(`${FX}/support-role-trust-policy/pass.pass.json`, 'utf8'));
    raw.RoleDetailList[1].AssumeRolePolicyDocument.Statement[0].Condition = { BoolMaybe: { 'aws:MultiFactorAuthPresent': 'true' } };
    const file = join(dir, '111111111111.json');
    writeFileSync(file, JSON.stringify(raw));
    // When it is audited
    const r = await cli(['audit', file, '--check', 'support-role-trust-policy']);
    // Then the check is ERROR with the reason, and the exit code says the run is incomplete
    expect(r.stdout).toContain('Check support-role-trust-policy failed on this account: unknown condition operator "BoolMaybe"');
    expect(r.stdout).not.toMatch(/^\s+(PASS|FAIL) /m);
    expect(r.code).toBe(3);
  });

  it('skips monitoring and SCP checks for an authorization-details file, and says what is missing', async () => {
    const r = await cli(['audit', `${FX}/support-role-tags/pass.pass.json`, '--check', 'support-role-monitoring,support-role-scp-protection,support-role-tags']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('support-role-monitoring, support-role-scp-protection');
  });
});

describe('saved snapshots with knownAccounts', () => {
  it('refuses a malformed knownAccounts with one line and exit 3', async () => {
    // Given a saved snapshot whose knownAccounts lists something that is not an account id
    const dir = mkdtempSync(join(tmpdir(), 'sg-known-'));
    const raw = JSON.parse(readFileSync(`${FX}/support-role-trust-policy/pass--account-of-same-organization.pass.json`, 'utf8'));
    raw.accounts[0].knownAccounts = { accountIds: ['222222222222', 'prod'] };
    const file = join(dir, 'snapshot.json');
    writeFileSync(file, JSON.stringify(raw));
    // When it is audited
    const r = await cli(['audit', file]);
    // Then nothing is judged and the user reads why
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`supportguard: ${file} accounts[0]: knownAccounts.accountIds must be a list of 12-digit account ids\n`);
    expect(r.code).toBe(3);
  });
});

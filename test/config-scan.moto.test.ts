import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AttachRolePolicyCommand, AttachUserPolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { assumeRoleCredentials } from '../src/aws/assume.js';
import { runCli } from '../src/cli/run.js';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.js';
import { motoOrganization, startMoto, type MotoServer } from './helpers/moto.js';

// Done-when of issue 11 §1: supportguard.yml drives a whole `scan --org` in CI with no flag at all (the endpoint too),
// a suppressed FAIL lets it exit 0 while every report still shows it, and the same file fails again once it expired.

const SUPPORT = 'arn:aws:iam::aws:policy/AWSSupportAccess';
const MANAGEMENT = '123456789012';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' }] });

describe('a supportguard.yml-driven organization scan on moto', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let env: NodeJS.ProcessEnv;
  let responders: string;
  let usersOnly: string;
  let dir: string;

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
    // No AWS_ENDPOINT_URL: the endpoint comes from the config file.
    env = { ...moto.env };
    delete env.AWS_ENDPOINT_URL;
    const { opts, sts, orgs, create } = await motoOrganization(moto);
    responders = await create('responders');
    usersOnly = await create('users-only');
    const iamIn = async (accountId: string) => new IAMClient({ ...opts, credentials: await assumeRoleCredentials(sts, { accountId, partition: 'aws', roleName: 'OrganizationAccountAccessRole' }) });
    const r = await iamIn(responders);
    await r.send(new CreateRoleCommand({ RoleName: 'incident-support', AssumeRolePolicyDocument: TRUST }));
    await r.send(new AttachRolePolicyCommand({ RoleName: 'incident-support', PolicyArn: SUPPORT }));
    const u = await iamIn(usersOnly);
    await u.send(new CreateUserCommand({ UserName: 'bob' }));
    await u.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: SUPPORT }));
    for (const c of [orgs, sts, r, u]) c.destroy();
    dir = await mkdtemp(join(tmpdir(), 'sg-config-scan-'));
  });

  afterAll(async () => {
    await proxy?.stop();
    await moto?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    proxy.seen = [];
  });

  const config = (expires: string, extra = '') => `
defaults:
  all:
    endpoint-url: ${proxy.endpoint}
    fail-on: medium
  scan:
    org: true
    member-role-name: AWSControlTowerExecution
    external-id: ci-external-id
    concurrency: 2
    format: json
    output: ${join(dir, 'report.json')}
    check: [cis-support-role]
${extra}suppressions:
  - check: cis-support-role
    scope: { accounts: ["${MANAGEMENT}", "USERS_ONLY"] }
    reason: responders move to roles in Q1
    owner: security@example.com
    expires: ${expires}
`;

  async function scan(today: string, argv: string[] = []) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['scan', ...argv], { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env, stdoutIsTTY: false, stderrIsTTY: false, cwd: dir, today: new Date(today) });
    return { code, stdout, stderr };
  }

  it('runs the scan from the file alone, and exits 0 because the only FAILs are suppressed', async () => {
    await writeFile(join(dir, 'supportguard.yml'), config('2026-12-31').replace('USERS_ONLY', usersOnly));
    const r = await scan('2026-12-02T08:00:00Z');
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toBe(`wrote json report to ${join(dir, 'report.json')}\n`);
    // member role and external id from the file, in each member account
    const assume = proxy.seen.filter((s) => s.action === 'AssumeRole').map((s) => [s.params.RoleArn, s.params.ExternalId]).sort();
    expect(assume).toEqual([responders, usersOnly].sort().map((id) => [`arn:aws:iam::${id}:role/AWSControlTowerExecution`, 'ci-external-id']));
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as { accounts: { accountId: string; status: string; suppressed?: boolean }[]; summary: { cisPassRate: number } };
    expect(report.accounts.map((a) => [a.accountId, a.status, a.suppressed ?? false]).sort()).toEqual(
      [
        [MANAGEMENT, 'FAIL', true],
        [responders, 'PASS', false],
        [usersOnly, 'FAIL', true],
      ].sort(),
    );
    // suppressed is not passed: the pass rate still counts them as failing
    expect(report.summary.cisPassRate).toBeCloseTo(1 / 3);
  });

  it('a flag on the command line still wins over the file', async () => {
    const r = await scan('2026-12-02T08:00:00Z', ['--accounts', responders, '--member-role-name', 'OrganizationAccountAccessRole', '-o', join(dir, 'one.json')]);
    expect(r.code).toBe(0);
    expect(proxy.seen.filter((s) => s.action === 'AssumeRole').map((s) => s.params.RoleArn)).toEqual([`arn:aws:iam::${responders}:role/OrganizationAccountAccessRole`]);
    expect(r.stderr).toContain(`suppressions[0] (cis-support-role, owner security@example.com, expires 2026-12-31) matched no finding`);
  });

  it('fails again once the suppression expired, with a warning', async () => {
    const r = await scan('2027-01-01T00:00:01Z');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`supportguard: warning: supportguard.yml: suppressions[0] (cis-support-role, owner security@example.com) expired on 2026-12-31: its findings count again\nwrote json report to ${join(dir, 'report.json')}\n`);
  });

  it('a bad value in the file is the same one-line usage error as on the command line, naming the key, before any AWS call', async () => {
    await writeFile(join(dir, 'supportguard.yml'), config('2026-12-31').replace('USERS_ONLY', usersOnly).replace('concurrency: 2', 'concurrency: 0'));
    const r = await scan('2026-12-02T08:00:00Z');
    expect(r).toMatchObject({ code: 2, stderr: 'supportguard: supportguard.yml: defaults.scan.concurrency: --concurrency must be a whole number ≥ 1 (got "0")\n' });
    expect(proxy.seen).toEqual([]);
  });
});

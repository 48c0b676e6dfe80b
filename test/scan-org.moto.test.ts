import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateGroupCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CloseAccountCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { assumeRoleCredentials } from '../src/aws/assume.js';
import { runCli } from '../src/cli/run.js';
import { cli } from './helpers/cli.js';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.js';
import { motoOrganization, startMoto, type MotoServer } from './helpers/moto.js';

// An organization of seven accounts in moto, each in a different situation, scanned through a proxy that
// injects what moto cannot produce (an AssumeRole denied by the trust policy, an account throttled past retries).

const SUPPORT = 'arn:aws:iam::aws:policy/AWSSupportAccess';
const MANAGEMENT = '123456789012';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' }] });
const FIX_HINT = 'No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.';

interface Org {
  responders: string;
  usersOnly: string;
  empty: string;
  locked: string;
  throttled: string;
  closed: string;
}

interface JsonReport {
  summary: { accounts: { total: number; PASS: number; FAIL: number; ERROR: number } };
  accounts: { accountId: string; accountName?: string; status: string; message: string }[];
  findings: { accountId: string; messageId: string; status: string }[];
}

const byId = <T extends { accountId: string }>(xs: T[]) => [...xs].sort((a, b) => a.accountId.localeCompare(b.accountId));

describe('supportguard scan against an organization in moto', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let org: Org;
  let env: NodeJS.ProcessEnv;
  const dirs: string[] = [];

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
    env = { ...moto.env, AWS_ENDPOINT_URL: proxy.endpoint };
    const { opts, orgs, sts, create } = await motoOrganization(moto);
    org = {
      responders: await create('responders'),
      usersOnly: await create('users-only'),
      empty: await create('empty'),
      locked: await create('locked'),
      throttled: await create('throttled'),
      closed: await create('closed'),
    };
    await orgs.send(new CloseAccountCommand({ AccountId: org.closed }));
    const iamIn = async (accountId: string) => new IAMClient({ ...opts, credentials: await assumeRoleCredentials(sts, { accountId, partition: 'aws', roleName: 'OrganizationAccountAccessRole' }) });

    const responders = await iamIn(org.responders);
    await responders.send(new CreateRoleCommand({ RoleName: 'incident-support', AssumeRolePolicyDocument: TRUST }));
    await responders.send(new AttachRolePolicyCommand({ RoleName: 'incident-support', PolicyArn: SUPPORT }));
    const usersOnly = await iamIn(org.usersOnly);
    await usersOnly.send(new CreateUserCommand({ UserName: 'bob' }));
    await usersOnly.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: SUPPORT }));
    await usersOnly.send(new CreateGroupCommand({ GroupName: 'support-team' }));
    await usersOnly.send(new AttachGroupPolicyCommand({ GroupName: 'support-team', PolicyArn: SUPPORT }));
    for (const c of [orgs, sts, responders, usersOnly]) c.destroy();
  });

  afterAll(async () => {
    await proxy?.stop();
    await moto?.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  beforeEach(() => {
    proxy.seen = [];
    // What moto cannot do: the locked account's trust policy refuses us; the throttled account stays throttled.
    proxy.rule = (r) => {
      if (r.action === 'AssumeRole' && String(r.params.RoleArn).includes(`::${org.locked}:`)) {
        return { status: 403, code: 'AccessDenied', message: `User: arn:aws:iam::${MANAGEMENT}:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${r.params.RoleArn}` };
      }
      if (r.account === org.throttled && (r.action === 'ListEntitiesForPolicy' || r.action === 'GetAccountAuthorizationDetails')) {
        return { status: 400, code: 'Throttling', message: 'Rate exceeded' };
      }
      return undefined;
    };
  });

  const tempDir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'supportguard-scan-'));
    dirs.push(d);
    return d;
  };

  it('moto really puts an assumed member session in the member account (the premise of every scenario below)', async () => {
    const sts = new STSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const creds = await assumeRoleCredentials(sts, { accountId: org.responders, partition: 'aws', roleName: 'OrganizationAccountAccessRole' });
    const member = new STSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: creds });
    expect((await member.send(new GetCallerIdentityCommand({}))).Account).toBe(org.responders);
    sts.destroy();
    member.destroy();
  });

  it('gives every ACTIVE account its verdict, reports the closed one as skipped, and exits 3 because two accounts are ERROR', async () => {
    // Given the organization, when the management account scans it with --max-attempts 2
    const { code, stdout, stderr } = await cli(['scan', '--org', '--max-attempts', '2', '--format', 'json'], env);

    // Then each account has exactly the verdict its situation calls for
    const report = JSON.parse(stdout) as JsonReport;
    expect(byId(report.accounts)).toEqual(
      byId([
        { accountId: MANAGEMENT, accountName: 'master', status: 'FAIL', message: FIX_HINT },
        { accountId: org.responders, accountName: 'responders', status: 'PASS', message: '1 support role(s) with AWSSupportAccess: incident-support.' },
        {
          accountId: org.usersOnly,
          accountName: 'users-only',
          status: 'FAIL',
          message:
            'No role has arn:aws:iam::aws:policy/AWSSupportAccess; it is attached only to users (bob) and groups (support-team). CIS asks for a role that responders assume (Security Hub IAM.18 would pass this account).',
        },
        { accountId: org.empty, accountName: 'empty', status: 'FAIL', message: FIX_HINT },
        {
          accountId: org.locked,
          accountName: 'locked',
          status: 'ERROR',
          message: `Account could not be read: cannot assume arn:aws:iam::${org.locked}:role/OrganizationAccountAccessRole: AccessDenied: User: arn:aws:iam::${MANAGEMENT}:user/auditor is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${org.locked}:role/OrganizationAccountAccessRole`,
        },
        {
          accountId: org.throttled,
          accountName: 'throttled',
          status: 'ERROR',
          message: 'Not judged: supportPolicyUsage could not be read (iam:ListEntitiesForPolicy): Throttling: Rate exceeded',
        },
      ]),
    );
    expect(report.summary.accounts).toEqual({ total: 6, PASS: 1, FAIL: 3, ERROR: 2 });
    // The closed account is named on stderr, not silently dropped; nothing else is printed there without a TTY.
    expect(stderr).toBe(`supportguard: skipped ${org.closed} (closed): account is SUSPENDED, not ACTIVE: it cannot be entered\n`);
    expect(code).toBe(3);
    // Throttling was retried with backoff (2 attempts) before it became the ERROR above.
    expect(proxy.seen.filter((r) => r.account === org.throttled && r.action === 'ListEntitiesForPolicy')).toHaveLength(2);
    // The management account was read with the caller's own credentials: nobody tried to assume a role there.
    expect(proxy.seen.filter((r) => r.action === 'AssumeRole').map((r) => r.params.RoleArn)).not.toContain(`arn:aws:iam::${MANAGEMENT}:role/OrganizationAccountAccessRole`);
  });

  it('the fast path costs two calls per account: AssumeRole and one ListEntitiesForPolicy page (plus the boundary listing when no role has the policy)', async () => {
    const { code } = await cli(['scan', '--org', '--accounts', org.responders, '--format', 'json'], env);
    expect(code).toBe(0);
    const member = proxy.seen.filter((r) => r.account === org.responders).map((r) => r.action);
    expect(member).toEqual(['ListEntitiesForPolicy']);
    const assume = proxy.seen.filter((r) => r.action === 'AssumeRole');
    expect(assume.map((r) => r.params.RoleArn)).toEqual([`arn:aws:iam::${org.responders}:role/OrganizationAccountAccessRole`]);
  });

  it('passes --member-role-name and --external-id to AssumeRole', async () => {
    const { code, stdout } = await cli(
      ['scan', '--org', '--accounts', org.empty, '--member-role-name', 'AWSControlTowerExecution', '--external-id', 'msp-7', '--format', 'json'],
      env,
    );
    const assume = proxy.seen.filter((r) => r.action === 'AssumeRole');
    expect(assume.map((r) => [r.params.RoleArn, r.params.ExternalId])).toEqual([[`arn:aws:iam::${org.empty}:role/AWSControlTowerExecution`, 'msp-7']]);
    expect((JSON.parse(stdout) as JsonReport).accounts.map((a) => [a.accountId, a.status])).toEqual([[org.empty, 'FAIL']]);
    expect(code).toBe(1);
  });

  it('--save writes one snapshot per account (ERROR ones too) and `audit DIR` re-judges them to the same verdicts and exit code', async () => {
    const dir = await tempDir();
    const scanned = await cli(['scan', '--org', '--exclude-accounts', org.throttled, '--save', dir, '--format', 'json'], env);
    expect(scanned.code).toBe(3);
    expect(scanned.stderr).toContain(`saved 5 snapshot(s) to ${dir}\n`);
    // one file per account, and the save's manifest, written last (a finished save: no in-progress mark)
    expect((await readdir(dir)).sort()).toEqual(['.supportguard-save', ...[MANAGEMENT, org.responders, org.usersOnly, org.empty, org.locked].map((id) => `${id}.json`).sort()]);

    const audited = await cli(['audit', dir, '--format', 'json']);
    expect(audited.code).toBe(3);
    const verdicts = (out: string) => byId((JSON.parse(out) as JsonReport).accounts);
    expect(verdicts(audited.stdout)).toEqual(verdicts(scanned.stdout));
    expect(verdicts(audited.stdout).find((a) => a.accountId === org.locked)?.status).toBe('ERROR');
  });

  it('--deep reads full IAM, CloudTrail, EventBridge and SCPs; an account denied CloudTrail keeps its IAM verdict', async () => {
    const dir = await tempDir();
    const rule = proxy.rule;
    proxy.rule = (r) =>
      r.account === org.responders && r.action === 'DescribeTrails' ? { status: 400, code: 'AccessDeniedException', message: 'not authorized to perform cloudtrail:DescribeTrails' } : rule(r);
    const { code, stdout } = await cli(['scan', '--org', '--deep', '--max-attempts', '1', '--accounts', `${org.responders},${org.usersOnly},${org.throttled}`, '--save', dir, '--format', 'json'], env);

    const report = JSON.parse(stdout) as JsonReport;
    expect(byId(report.accounts).map((a) => [a.accountId, a.status, a.message])).toEqual(
      byId([
        { accountId: org.responders, status: 'PASS', message: '1 support role(s) with AWSSupportAccess: incident-support.' },
        {
          accountId: org.usersOnly,
          status: 'FAIL',
          message:
            'No role has arn:aws:iam::aws:policy/AWSSupportAccess; it is attached only to users (bob) and groups (support-team). CIS asks for a role that responders assume (Security Hub IAM.18 would pass this account).',
        },
        // Both the full read and the fast-path fallback were throttled: ERROR, naming the first part that failed.
        { accountId: org.throttled, status: 'ERROR', message: 'Not judged: iam could not be read (iam:GetAccountAuthorizationDetails): Throttling: Rate exceeded' },
      ]).map((a) => [a.accountId, a.status, a.message]),
    );
    expect(code).toBe(3);

    const saved = JSON.parse(await readFile(join(dir, `${org.responders}.json`), 'utf8')).accounts[0];
    expect(saved.iam.status).toBe('ok');
    expect(saved.iam.data.roles.map((r: { name: string }) => r.name).sort()).toEqual(['OrganizationAccountAccessRole', 'incident-support']);
    expect(saved.cloudTrail).toEqual({ status: 'failed', error: { code: 'AccessDenied', operation: 'cloudtrail:DescribeTrails', message: 'not authorized to perform cloudtrail:DescribeTrails' } });
    expect(saved.eventBridge).toEqual({ status: 'ok', data: [] });
    // FullAWSAccess is attached to the root and, as Organizations does by default, to each new account.
    expect(saved.serviceControlPolicies.status).toBe('ok');
    expect(saved.serviceControlPolicies.data.map((p: { id: string; targets: string[] }) => [p.id, p.targets.length])).toEqual([['p-FullAWSAccess', 2]]);
  });

  it('on a terminal, stderr shows one progress line per account and a closing count; stdout keeps only the report', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['scan', '--org', '--accounts', `${org.responders},${org.empty}`, '--concurrency', '1'], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env,
      stdoutIsTTY: false,
      stderrIsTTY: true,
    });
    const lines = stderr.trimEnd().split('\n');
    // One at a time, in account-id order.
    const [first, second] = [
      [org.responders, 'PASS'],
      [org.empty, 'FAIL'],
    ].sort((a, b) => a[0]!.localeCompare(b[0]!));
    expect(lines.slice(0, 2)).toEqual([`[1/2] ${first![0]} ${first![1]}`, `[2/2] ${second![0]} ${second![1]}`]);
    // GetCallerIdentity, DescribeOrganization, ListAccounts; AssumeRole + ListEntitiesForPolicy each;
    // plus the boundary listing for the account where no role has the policy: 3 + 2 + 3 = 8.
    expect(lines[2]).toMatch(/^scanned 2 account\(s\) in \d+\.\d s with 8 API call\(s\)$/);
    expect(lines).toHaveLength(3);
    expect(stdout).not.toContain('[1/2]');
    expect(code).toBe(1);
  });

  it('without --org scans only the caller\'s account', async () => {
    const { code, stdout } = await cli(['scan'], env);
    expect(stdout).toContain(`account ${MANAGEMENT}  FAIL`);
    expect(stdout).toContain('1 account(s): 0 PASS, 1 FAIL, 0 ERROR');
    expect(code).toBe(1);
  });

  it('credentials the caller cannot use end the run with one line and exit 3', async () => {
    proxy.rule = (r) => (r.action === 'GetCallerIdentity' ? { status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' } : undefined);
    const { code, stdout, stderr } = await cli(['scan', '--org'], env);
    expect(stderr).toBe('supportguard: cannot use the AWS credentials: sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid.\n');
    expect(stdout).toBe('');
    expect(code).toBe(3);
  });

  it('an organization that cannot be listed ends the run with one line and exit 3', async () => {
    proxy.rule = (r) => (r.action === 'ListAccounts' ? { status: 400, code: 'AccessDeniedException', message: 'You don\'t have permissions to access this resource.' } : undefined);
    const { code, stdout, stderr } = await cli(['scan', '--org'], env);
    expect(stderr).toBe("supportguard: --org: cannot list the organization's accounts (organizations:ListAccounts: AccessDenied: You don't have permissions to access this resource.)\n");
    expect(stdout).toBe('');
    expect(code).toBe(3);
  });

  it('an account asked for with --accounts that the organization does not have is an ERROR line, not a silent gap', async () => {
    const { code, stdout } = await cli(['scan', '--org', '--accounts', `${org.responders},999999999999`, '--format', 'json'], env);
    expect(byId((JSON.parse(stdout) as JsonReport).accounts).map((a) => [a.accountId, a.status, a.message])).toEqual(
      byId([
        { accountId: org.responders, status: 'PASS', message: '1 support role(s) with AWSSupportAccess: incident-support.' },
        { accountId: '999999999999', status: 'ERROR', message: 'Account could not be read: account 999999999999 (from --accounts) is not in the organization' },
      ]).map((a) => [a.accountId, a.status, a.message]),
    );
    expect(code).toBe(3);
  });

  it('an endpoint nobody listens on is a one-line network error, exit 3', async () => {
    // Port 9 (discard) is not served on loopback here; the connection is refused at once.
    const closed = 'http://127.0.0.1:9';
    const { code, stderr } = await cli(['scan', '--endpoint-url', closed, '--max-attempts', '1'], env);
    expect(stderr).toMatch(/^supportguard: cannot use the AWS credentials: sts:GetCallerIdentity: NetworkError: ECONNREFUSED: .*\n$/);
    expect(code).toBe(3);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { assumeRoleCredentials } from '../src/aws/assume.js';
import { cli } from './helpers/cli.js';
import { enforce } from './helpers/enforcing-proxy.js';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.js';
import { motoOrganization, startMoto, type MotoServer } from './helpers/moto.js';

// `drill --org` from the management account (the central responder identity) into the support role of every
// ACTIVE account of a moto organization, behind the enforcing proxy.

const MANAGEMENT = '123456789012';
const SUPPORT = 'arn:aws:iam::aws:policy/AWSSupportAccess';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' }] });

interface DrillJson {
  summary: { total: number; PASS: number; FAIL: number; ERROR: number };
  accounts: { accountId: string; accountName?: string; verdict: string; reasons: string[]; roleArn: string }[];
}

describe('supportguard drill --org (moto organization + enforcing proxy)', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let env: NodeJS.ProcessEnv;
  let members: { good: string; locked: string; leaky: string };

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
    env = { ...moto.env, AWS_ENDPOINT_URL: proxy.endpoint };
    const { opts, orgs, sts, create } = await motoOrganization(moto);
    members = { good: await create('good'), locked: await create('locked'), leaky: await create('leaky') };
    const supportRoleIn = async (iam: IAMClient) => {
      await iam.send(new CreateRoleCommand({ RoleName: 'aws-support', AssumeRolePolicyDocument: TRUST }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'aws-support', PolicyArn: SUPPORT }));
      iam.destroy();
    };
    await supportRoleIn(new IAMClient(opts));
    for (const accountId of Object.values(members)) {
      await supportRoleIn(new IAMClient({ ...opts, credentials: await assumeRoleCredentials(sts, { accountId, partition: 'aws', roleName: 'OrganizationAccountAccessRole' }) }));
    }
    orgs.destroy();
    sts.destroy();
  });

  afterAll(async () => {
    await proxy?.stop();
    await moto?.stop();
  });

  beforeEach(() => {
    proxy.seen = [];
    // The locked account's trust policy refuses the responder; the leaky account's role also has s3 read access.
    enforce(proxy, { allow: { 'aws-support': ['support:*', 'support-console:*'] }, refuseAssume: (arn) => arn.includes(`::${members.locked}:`) });
    const strict = proxy.rule;
    proxy.rule = (r) => (r.account === members.leaky && r.action === 'ListBuckets' ? undefined : strict(r));
  });

  it('gives every ACTIVE account its verdict: the unenterable one ERROR, the leaky one FAIL, the rest PASS (exit 3)', async () => {
    const { code, stdout, stderr } = await cli(['drill', '--org', '--format', 'json', '--concurrency', '2'], env);

    expect(stderr).toBe('');
    const r = JSON.parse(stdout) as DrillJson;
    expect(r.accounts.map((a) => [a.accountId, a.verdict, a.reasons])).toEqual(
      [
        [MANAGEMENT, 'PASS', []],
        [members.good, 'PASS', []],
        [members.locked, 'ERROR', [`cannot assume arn:aws:iam::${members.locked}:role/aws-support: sts:AssumeRole: AccessDenied: User: arn:aws:iam::123456789012:user/responder is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${members.locked}:role/aws-support`]],
        [members.leaky, 'FAIL', ['the support role can reach s3:ListBuckets']],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(r.summary).toEqual({ total: 4, PASS: 2, FAIL: 1, ERROR: 1 });
    // Every role was assumed from the caller's identity, never through another account's role
    expect(proxy.seen.filter((s) => s.action === 'AssumeRole').every((s) => s.account === 'caller')).toBe(true);
    expect(proxy.seen.filter((s) => s.action === 'CreateCase')).toEqual([]);
    expect(code).toBe(3);
  });

  it('with MFA, trades the one code for an MFA session (GetSessionToken) and enters every role with it', async () => {
    const device = `arn:aws:iam::${MANAGEMENT}:mfa/responder`;
    enforce(proxy, { allow: { 'aws-support': ['support:*'] }, mfa: { roles: ['aws-support'], serialNumber: device, tokenCode: '246810' } });
    const { code, stdout } = await cli(['drill', '--org', '--accounts', `${members.good},${MANAGEMENT}`, '--mfa-serial', device, '--token-code', '246810', '--format', 'json'], env);

    const r = JSON.parse(stdout) as DrillJson;
    expect(r.accounts.map((a) => [a.accountId, a.verdict])).toEqual([[MANAGEMENT, 'PASS'], [members.good, 'PASS']].sort((a, b) => a[0]!.localeCompare(b[0]!)));
    expect(proxy.seen.filter((s) => s.action === 'GetSessionToken')).toHaveLength(1);
    expect(proxy.seen.filter((s) => s.action === 'AssumeRole').map((s) => [s.mfaSession, s.params.TokenCode])).toEqual([[true, undefined], [true, undefined]]);
    expect(code).toBe(0);

    const wrong = await cli(['drill', '--org', '--mfa-serial', device, '--token-code', '111111'], env);
    expect(wrong).toEqual({ code: 3, stdout: '', stderr: 'supportguard: cannot open an MFA session (sts:GetSessionToken: AccessDenied: MultiFactorAuthentication failed with invalid MFA one time pass code.)\n' });
  });

  it('--accounts limits the drill; an id the organization does not list is an ERROR of its own; --role-name names the role', async () => {
    const { code, stdout } = await cli(['drill', '--org', '--accounts', `${members.good},999999999999`, '--role-name', 'aws-support', '--format', 'json'], env);

    const r = JSON.parse(stdout) as DrillJson;
    expect(r.accounts.map((a) => [a.accountId, a.verdict, a.reasons])).toEqual([
      [members.good, 'PASS', []],
      ['999999999999', 'ERROR', ['cannot assume arn:aws:iam::999999999999:role/aws-support: not an account of this organization']],
    ]);
    expect(code).toBe(3);
  });

  it('a role name that does not exist in the accounts leaves none of them PASS (AWS refuses AssumeRole; moto would not)', async () => {
    const { code, stdout } = await cli(['drill', '--org', '--accounts', members.good, '--role-name', 'no-such-role'], env);
    expect(stdout).toContain(`account ${members.good} (good)  ERROR  arn:aws:iam::${members.good}:role/no-such-role\n`);
    expect(stdout).toContain(`  ERROR    cannot assume arn:aws:iam::${members.good}:role/no-such-role: sts:AssumeRole: AccessDenied: `);
    expect(code).toBe(3);
  });
});

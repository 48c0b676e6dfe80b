import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListRoleTagsCommand,
  TagRoleCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { CreateAccountCommand, CreateOrganizationCommand, DescribeCreateAccountStatusCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createClients, resolveAwsConfig, type AwsClients } from '../src/aws/clients.js';
import { assumeRoleCredentials } from '../src/aws/assume.js';
import { runCli } from '../src/cli/run.js';
import { startMoto, type MotoServer } from './helpers/moto.js';
import { cli } from './helpers/cli.js';

const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/aws-support`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/Admin`;
const OPS = `arn:aws:iam::${ACCOUNT}:role/Ops`;
const POLICY = 'arn:aws:iam::aws:policy/AWSSupportAccess';

function trustOf(principals: string[], condition?: object) {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
  });
}

async function roleState(iam: IAMClient, name = 'aws-support') {
  const role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role!;
  const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }))).AttachedPolicies ?? [];
  const tags = (await iam.send(new ListRoleTagsCommand({ RoleName: name }))).Tags ?? [];
  const doc = role.AssumeRolePolicyDocument!;
  return {
    trust: JSON.parse(doc.startsWith('%') ? decodeURIComponent(doc) : doc),
    policies: attached.map((p) => p.PolicyArn),
    tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
    maxSession: role.MaxSessionDuration,
  };
}

async function roleExists(iam: IAMClient, name = 'aws-support'): Promise<boolean> {
  try {
    await iam.send(new GetRoleCommand({ RoleName: name }));
    return true;
  } catch (e) {
    if ((e as Error).name === 'NoSuchEntityException') return false;
    throw e;
  }
}

describe('supportguard fix / backout against moto', () => {
  let moto: MotoServer;
  let aws: AwsClients;
  beforeAll(async () => {
    moto = await startMoto();
    aws = await createClients(resolveAwsConfig({ maxAttempts: 1 }, moto.env), { accessKeyId: 'testing', secretAccessKey: 'testing' });
  });
  afterAll(async () => {
    aws?.destroy();
    await moto?.stop();
  });
  beforeEach(async () => moto.reset());

  it('plans without changing anything, applies, and a second apply prints "no changes"', async () => {
    // Given an account without a support role
    // When fix runs without --apply
    const plan = await cli(['fix', '--trust', ADMIN, '--owner', 'platform-security'], moto.env);
    // Then it lists each call it would make, and nothing exists yet
    expect(plan).toMatchObject({ code: 0, stderr: '' });
    expect(plan.stdout).toContain(`Account ${ACCOUNT}: role ${ROLE_ARN} (does not exist)\n  + iam:CreateRole ${ROLE_ARN}\n      path: /\n`);
    expect(plan.stdout).toContain(`  + iam:AttachRolePolicy ${ROLE_ARN}\n      policy: ${POLICY}\n`);
    expect(plan.stdout.endsWith('\nThis was a plan; run again with --apply to make these changes.\n')).toBe(true);
    expect(await roleExists(aws.iam)).toBe(false);

    // When it runs with --apply --yes
    const applied = await cli(['fix', '--trust', ADMIN, '--owner', 'platform-security', '--apply', '--yes'], moto.env);
    // Then the role exists with the policy, the tags and the MFA trust
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    expect(applied.stdout.endsWith(`\n${ACCOUNT} created ${ROLE_ARN}\n`)).toBe(true);
    const state = await roleState(aws.iam);
    expect(state.policies).toEqual([POLICY]);
    // (and the run's creation token, by which a rerun or a lost CreateRole answer recognises the role)
    expect(state.tags).toEqual({
      owner: 'platform-security',
      purpose: 'CIS AWS Foundations IAM support role - AWSSupportAccess',
      'managed-by': 'supportguard',
      'supportguard-token': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(state.maxSession).toBe(3600);
    expect(state.trust.Statement).toEqual([
      { Sid: 'IamPrincipalsWithMfa', Effect: 'Allow', Principal: { AWS: ADMIN }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
    ]);

    // When it runs again
    const again = await cli(['fix', '--trust', ADMIN, '--owner', 'platform-security', '--apply', '--yes'], moto.env);
    // Then nothing changes
    expect(again).toEqual({
      code: 0,
      stderr: '',
      stdout: `Account ${ACCOUNT}: role ${ROLE_ARN} (created by supportguard)\n  no changes: the role already matches the spec\n\nno changes: nothing to apply\n`,
    });
  });

  it('--format json gives each account\'s state and plan; a foreign account root without an external id fails that account', async () => {
    const r = await cli(['fix', '--trust', ADMIN, '--format', 'json'], moto.env);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.mode).toBe('plan');
    expect(json.accounts.map((a: { accountId: string; state: string }) => [a.accountId, a.state])).toEqual([[ACCOUNT, 'would create']]);
    expect(json.accounts[0].plan.actions.map((a: { action: string }) => a.action)).toEqual(['CreateRole', 'AttachRolePolicy']);

    const foreign = await cli(['fix', '--trust', '444455556666', '--format', 'json'], moto.env);
    expect(foreign.code).toBe(3);
    expect(JSON.parse(foreign.stdout).accounts).toEqual([
      {
        accountId: ACCOUNT,
        state: 'failed',
        error: `--trust "arn:aws:iam::444455556666:root": trusting all of foreign account 444455556666 from ${ACCOUNT} needs --external-id`,
      },
    ]);
    expect(await roleExists(aws.iam)).toBe(false);
  });

  it('refuses --apply without a terminal and without --yes, changing nothing (exit 2)', async () => {
    const r = await cli(['fix', '--trust', ADMIN, '--apply'], moto.env);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'supportguard: --apply without a terminal needs --yes (nothing was changed)\n' });
    expect(await roleExists(aws.iam)).toBe(false);
  });

  it('asks on a terminal and changes nothing when the answer is no', async () => {
    const questions: string[] = [];
    let stderr = '';
    const code = await runCli(['fix', '--trust', ADMIN, '--apply'], {
      stdout: () => {},
      stderr: (s) => void (stderr += s),
      env: moto.env,
      stdoutIsTTY: true,
      stderrIsTTY: true,
      confirm: async (q) => {
        questions.push(q);
        return false;
      },
    });
    expect(questions).toEqual(['Apply 2 change(s) in 1 account(s)?']);
    expect(code).toBe(0);
    expect(stderr).toBe('aborted: nothing was changed\n');
    expect(await roleExists(aws.iam)).toBe(false);
  });

  it('never touches a role it did not create, unless --adopt; adopting never widens the trust', async () => {
    // Given someone else's aws-support role trusting Admin and Ops, without the policy
    await aws.iam.send(new CreateRoleCommand({ RoleName: 'aws-support', AssumeRolePolicyDocument: trustOf([ADMIN, OPS]) }));
    // When fix runs
    const refused = await cli(['fix', '--trust', ADMIN, '--apply', '--yes'], moto.env);
    // Then it refuses (exit 3) and the role is as it was
    expect(refused.code).toBe(3);
    expect(refused.stdout).toContain(
      `  refused: role ${ROLE_ARN} exists and was not created by supportguard (no tag managed-by=supportguard); pass --adopt to converge it, or choose another --role-name\n`,
    );
    expect((await roleState(aws.iam)).policies).toEqual([]);

    // When --adopt asks to trust a principal the role does not trust yet
    const widen = await cli(['fix', '--trust', 'arn:aws:iam::123456789012:role/Stranger', '--no-mfa', '--adopt', '--apply', '--yes'], moto.env);
    // Then it is refused: adopting never widens
    expect(widen.code).toBe(3);
    expect(widen.stdout).toContain(
      `  refused: refusing to change the trust policy of ${ROLE_ARN}: it would let role arn:aws:iam::123456789012:role/Stranger assume the role without any identity policy of its own, with MFA, which the existing trust policy does not allow; supportguard never widens the trust policy of a role it did not create\n`,
    );

    // When --adopt narrows it to Admin with MFA
    const adopted = await cli(['fix', '--trust', ADMIN, '--adopt', '--apply', '--yes'], moto.env);
    // Then the policy is attached, the trust narrowed, and the role stays unmarked (backout will never delete it)
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toContain(`${ACCOUNT} updated ${ROLE_ARN}\n`);
    const state = await roleState(aws.iam);
    expect(state.policies).toEqual([POLICY]);
    expect(state.tags).toEqual({});
    expect(state.trust.Statement[0].Principal).toEqual({ AWS: ADMIN });
  });

  it('narrows the trust of its own role, but widens it only with --replace-trust', async () => {
    await cli(['fix', '--trust', ADMIN, '--trust', OPS, '--apply', '--yes'], moto.env);
    // Narrowing: drop Ops
    const narrowed = await cli(['fix', '--trust', ADMIN, '--apply', '--yes'], moto.env);
    expect(narrowed.code).toBe(0);
    expect(narrowed.stdout).toContain(`  ~ iam:UpdateAssumeRolePolicy ${ROLE_ARN}\n`);
    expect((await roleState(aws.iam)).trust.Statement[0].Principal).toEqual({ AWS: ADMIN });
    // Widening: dropping the MFA condition lets Admin in without MFA
    const widen = await cli(['fix', '--trust', ADMIN, '--no-mfa', '--apply', '--yes'], moto.env);
    expect(widen.code).toBe(3);
    expect(widen.stdout).toContain('pass --replace-trust to replace it anyway\n');
    expect(widen.stdout.endsWith('\nnothing was applied (see above)\n')).toBe(true);
    expect((await roleState(aws.iam)).trust.Statement[0].Condition).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    const replaced = await cli(['fix', '--trust', ADMIN, '--no-mfa', '--replace-trust', '--apply', '--yes'], moto.env);
    expect(replaced.code).toBe(0);
    expect((await roleState(aws.iam)).trust.Statement[0].Condition).toBeUndefined();
  });

  it('backout deletes only its own roles, and refuses a recently used one unless --force', async () => {
    // Given a supportguard role, and a look-alike someone else made with the policy attached
    await cli(['fix', '--trust', ADMIN, '--apply', '--yes'], moto.env);
    await aws.iam.send(new CreateRoleCommand({ RoleName: 'their-support', AssumeRolePolicyDocument: trustOf([ADMIN]) }));
    await aws.iam.send(new AttachRolePolicyCommand({ RoleName: 'their-support', PolicyArn: POLICY }));
    await aws.iam.send(new TagRoleCommand({ RoleName: 'their-support', Tags: [{ Key: 'managed-by', Value: 'someone-else' }] }));

    // When backout plans
    const plan = await cli(['backout'], moto.env);
    expect(plan).toEqual({
      code: 0,
      stderr: '',
      stdout: `Account ${ACCOUNT}:\n  - iam:DeleteRole ${ROLE_ARN} (after detaching its managed policies and deleting its inline policies); never used\n\nThis was a plan; run again with --apply to delete.\n`,
    });

    // When the role is used (moto records RoleLastUsed when assumed credentials make a call)
    const creds = await assumeRoleCredentials(aws.sts, { accountId: ACCOUNT, partition: 'aws', roleName: 'aws-support' });
    const asSupport = new STSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: creds });
    await asSupport.send(new GetCallerIdentityCommand({}));
    asSupport.destroy();
    const recent = await cli(['backout', '--apply', '--yes'], moto.env);
    // Then backout refuses it (exit 3) and it is still there
    expect(recent.code).toBe(3);
    expect(recent.stdout).toMatch(new RegExp(`^Account ${ACCOUNT}:\\n  refused: ${ROLE_ARN}: used 0 day\\(s\\) ago \\(.+\\), within --recent-days 30; pass --force to delete it anyway\\n$`));
    expect(await roleExists(aws.iam)).toBe(true);

    // When forced
    const forced = await cli(['backout', '--apply', '--yes', '--force'], moto.env);
    expect(forced.code).toBe(0);
    expect(forced.stdout.endsWith(`${ROLE_ARN} deleted (detached ${POLICY})\n`)).toBe(true);
    // Then only supportguard's role is gone
    expect(await roleExists(aws.iam)).toBe(false);
    expect(await roleExists(aws.iam, 'their-support')).toBe(true);

    // And naming someone else's role is refused
    const theirs = await cli(['backout', '--role-name', 'their-support', '--apply', '--yes'], moto.env);
    expect(theirs.code).toBe(3);
    expect(theirs.stdout).toContain(
      `refused: arn:aws:iam::${ACCOUNT}:role/their-support: not created by supportguard (no tag managed-by=supportguard); supportguard never deletes it`,
    );
    expect(await roleExists(aws.iam, 'their-support')).toBe(true);
  });

  it('backout refuses a break-glass role someone tagged managed-by=supportguard, unless --force', async () => {
    // Given an administrator role carrying supportguard's tag (anyone with iam:TagRole can add it)
    await aws.iam.send(new CreateRoleCommand({ RoleName: 'break-glass', AssumeRolePolicyDocument: trustOf([ADMIN]), Tags: [{ Key: 'managed-by', Value: 'supportguard' }] }));
    await aws.iam.send(new AttachRolePolicyCommand({ RoleName: 'break-glass', PolicyArn: POLICY }));
    await aws.iam.send(new AttachRolePolicyCommand({ RoleName: 'break-glass', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    // When backout runs with --apply --yes
    const run = await cli(['backout', '--apply', '--yes'], moto.env);
    // Then it is refused with the reason (exit 3, as for other refusals) and the role and its policies are untouched
    expect(run).toEqual({
      code: 3,
      stderr: '',
      stdout:
        `Account ${ACCOUNT}:\n  refused: arn:aws:iam::${ACCOUNT}:role/break-glass: not the role supportguard creates: managed policies other than AWSSupportAccess attached (arn:aws:iam::aws:policy/AdministratorAccess); ` +
        'the tag alone does not prove supportguard made it; pass --force to delete it anyway\n',
    });
    expect((await roleState(aws.iam, 'break-glass')).policies).toEqual([POLICY, 'arn:aws:iam::aws:policy/AdministratorAccess']);
    // And --force deletes it, saying what it detached
    const forced = await cli(['backout', '--apply', '--yes', '--force'], moto.env);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`arn:aws:iam::${ACCOUNT}:role/break-glass deleted (detached ${POLICY}, detached arn:aws:iam::aws:policy/AdministratorAccess)`);
    expect(await roleExists(aws.iam, 'break-glass')).toBe(false);
  });

  it('fixes the FAIL accounts of an org scan report, continuing past an account it must refuse', async () => {
    // Given an Organization with two members, one of which has someone else's aws-support role
    await aws.organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const members: string[] = [];
    for (const name of ['dev', 'prod']) {
      const req = await aws.organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
      const st = await aws.organizations.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: req.CreateAccountStatus!.Id! }));
      members.push(st.CreateAccountStatus!.AccountId!);
    }
    const [dev, prod] = members as [string, string];
    const prodCreds = await aws.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${prod}:role/OrganizationAccountAccessRole`, RoleSessionName: 't' }));
    const prodAws = await createClients(resolveAwsConfig({ maxAttempts: 1 }, moto.env), {
      accessKeyId: prodCreds.Credentials!.AccessKeyId!,
      secretAccessKey: prodCreds.Credentials!.SecretAccessKey!,
      sessionToken: prodCreds.Credentials!.SessionToken!,
    });
    await prodAws.iam.send(new CreateRoleCommand({ RoleName: 'aws-support', AssumeRolePolicyDocument: trustOf([`arn:aws:iam::${prod}:role/Admin`]) }));
    // and a scan report where dev and prod FAIL, and a third account could not be read
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const dir = await mkdtemp('/tmp/sg-org-');
    const report = `${dir}/scan.json`;
    await writeFile(
      report,
      JSON.stringify({
        accounts: [
          { accountId: dev, status: 'FAIL', message: 'no role' },
          { accountId: prod, status: 'FAIL', message: 'no role' },
          { accountId: ACCOUNT, status: 'PASS', message: 'ok' },
          { accountId: '999999999999', status: 'ERROR', message: 'access denied' },
        ],
      }),
    );

    // When fix runs over the report
    const r = await cli(['fix', '--org-from', report, '--trust', `arn:aws:iam::${ACCOUNT}:role/SecurityAudit`, '--apply', '--yes'], moto.env);

    // Then dev is created, prod is refused and reported, the run exits 3
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`note: 1 account(s) ended in ERROR in ${report} and are not touched: 999999999999\n`);
    expect(r.stdout).toContain(`\n${dev} created arn:aws:iam::${dev}:role/aws-support\n${prod} refused arn:aws:iam::${prod}:role/aws-support: role arn:aws:iam::${prod}:role/aws-support exists and was not created by supportguard`);
    const devCreds = await assumeRoleCredentials(aws.sts, { accountId: dev, partition: 'aws', roleName: 'OrganizationAccountAccessRole' });
    const devAws = await createClients(resolveAwsConfig({ maxAttempts: 1 }, moto.env), devCreds);
    expect((await roleState(devAws.iam)).policies).toEqual([POLICY]);
    // The role was made in the member account, not in the caller's
    expect(await roleExists(aws.iam)).toBe(false);
    expect((await roleState(prodAws.iam)).policies).toEqual([]);
    devAws.destroy();
    prodAws.destroy();
  });
});

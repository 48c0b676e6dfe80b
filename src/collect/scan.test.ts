import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { IAMClient, ListEntitiesForPolicyCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { resolveAwsConfig } from '../aws/clients.js';
import { runChecks } from '../checks/engine.js';
import { cisSupportRole } from '../checks/cis-support-role/index.js';
import { RuntimeError, UsageError } from '../errors.js';
import { scan } from './scan.js';

// Organization logic with the SDK mocked at the client class: every client scan() builds is stubbed.

const MGMT = '100000000000';
const aws = { ...resolveAwsConfig({ region: 'eu-west-1', maxAttempts: 1 }, {}), credentials: { accessKeyId: 'AKIDCALLER', secretAccessKey: 's' } };

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

const sts = mockClient(STSClient);
const orgs = mockClient(OrganizationsClient);
const iam = mockClient(IAMClient);

/** The account whose (assumed) credentials a mocked IAM client carries. */
async function accountOf(getClient: () => IAMClient): Promise<string> {
  const creds = await getClient().config.credentials();
  return creds.accessKeyId === 'AKIDCALLER' ? MGMT : creds.accessKeyId.replace('AKID-', '');
}

beforeEach(() => {
  sts.on(GetCallerIdentityCommand).resolves({ Account: MGMT, Arn: `arn:aws:iam::${MGMT}:user/auditor` });
  sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
    const account = /iam::(\d{12}):role/.exec(input.RoleArn)![1]!;
    if (account === '300000000000') throw awsError('AccessDenied', `not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
    return { Credentials: { AccessKeyId: `AKID-${account}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) } };
  });
  orgs.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-abc', MasterAccountId: MGMT } });
  // Two pages; the newer State field, the deprecated Status field, or both.
  orgs
    .on(ListAccountsCommand, { NextToken: undefined })
    .resolves({
      Accounts: [
        { Id: MGMT, Name: 'management', State: 'ACTIVE', Status: 'ACTIVE' },
        { Id: '200000000000', Name: 'workloads', State: 'ACTIVE' },
        { Id: '300000000000', Name: 'locked', Status: 'ACTIVE' },
      ],
      NextToken: 'page2',
    })
    .on(ListAccountsCommand, { NextToken: 'page2' })
    .resolves({
      Accounts: [
        { Id: '400000000000', Name: 'leaving', State: 'PENDING_CLOSURE' },
        { Id: '500000000000', Name: 'old', Status: 'SUSPENDED' },
        { Id: '600000000000', Name: 'throttled', State: 'ACTIVE' },
      ],
    });
  iam.on(ListEntitiesForPolicyCommand).callsFake(async (_input, getClient) => {
    const account = await accountOf(getClient);
    if (account === '600000000000') throw awsError('Throttling', 'Rate exceeded');
    if (account === '200000000000') return { PolicyGroups: [], PolicyUsers: [], PolicyRoles: [{ RoleName: 'support' }], IsTruncated: false };
    return { PolicyGroups: [], PolicyUsers: [], PolicyRoles: [], IsTruncated: false };
  });
});
afterEach(() => {
  sts.reset();
  orgs.reset();
  iam.reset();
});

describe('scan --org', () => {
  it('gives every ACTIVE account (all ListAccounts pages) a snapshot, an ERROR where it cannot get in, and lists the rest as skipped', async () => {
    const progress: string[] = [];
    const result = await scan({ aws, org: true, onAccount: (s, done, total) => progress.push(`${done}/${total} ${s.accountId}`) });

    const verdicts = runChecks([cisSupportRole], result.set.accounts).accounts.map((a) => [a.accountId, a.status, a.message]);
    expect(verdicts).toEqual([
      [MGMT, 'FAIL', 'No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.'],
      ['200000000000', 'PASS', '1 support role(s) with AWSSupportAccess: support.'],
      ['300000000000', 'ERROR', 'Account could not be read: cannot assume arn:aws:iam::300000000000:role/OrganizationAccountAccessRole: AccessDenied: not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::300000000000:role/OrganizationAccountAccessRole'],
      ['600000000000', 'ERROR', 'Not judged: supportPolicyUsage could not be read (iam:ListEntitiesForPolicy): Throttling: Rate exceeded'],
    ]);
    expect(result.set.accounts[2]!.accountError).toEqual({
      code: 'AccessDenied',
      operation: 'sts:AssumeRole',
      message: 'cannot assume arn:aws:iam::300000000000:role/OrganizationAccountAccessRole: AccessDenied: not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::300000000000:role/OrganizationAccountAccessRole',
    });
    expect(result.skipped).toEqual([
      { accountId: '400000000000', name: 'leaving', state: 'PENDING_CLOSURE', reason: 'account is PENDING_CLOSURE, not ACTIVE: it cannot be entered' },
      { accountId: '500000000000', name: 'old', state: 'SUSPENDED', reason: 'account is SUSPENDED, not ACTIVE: it cannot be entered' },
    ]);
    expect(result.set.organization).toEqual({ id: 'o-abc', managementAccountId: MGMT });
    // Every account, reachable or not, knows its organization: trust in a sibling account is not "foreign".
    for (const a of result.set.accounts) {
      expect(a.knownAccounts).toEqual({ organizationId: 'o-abc', managementAccountId: MGMT, accountIds: [MGMT, '200000000000', '300000000000', '400000000000', '500000000000', '600000000000'].sort() });
    }
    // The management account is read with the caller's credentials; members through the member role.
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn).sort()).toEqual(
      ['200000000000', '300000000000', '600000000000'].map((id) => `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`),
    );
    expect(progress).toHaveLength(4);
    expect(progress.map((p) => p.split(' ')[0])).toEqual(['1/4', '2/4', '3/4', '4/4']);
  });

  it('--accounts and --exclude-accounts choose among the organization; a skipped account stays reported when chosen', async () => {
    const result = await scan({ aws, org: true, accounts: ['200000000000', '500000000000', '600000000000'], excludeAccounts: ['600000000000'] });
    expect(result.set.accounts.map((a) => a.accountId)).toEqual(['200000000000']);
    expect(result.skipped.map((s) => s.accountId)).toEqual(['500000000000']);
  });

  it('never reads more than --concurrency accounts at once', async () => {
    let inFlight = 0;
    let peak = 0;
    iam.on(ListEntitiesForPolicyCommand).callsFake(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return { PolicyGroups: [], PolicyUsers: [], PolicyRoles: [], IsTruncated: false };
    });
    sts.on(AssumeRoleCommand).callsFake(() => ({ Credentials: { AccessKeyId: 'AKID-x', SecretAccessKey: 's' } }));
    const result = await scan({ aws, org: true, concurrency: 2 });
    expect(result.set.accounts).toHaveLength(4);
    expect(peak).toBe(2);
  });

  it('an organization that cannot be listed is a RuntimeError for the whole run', async () => {
    orgs.on(ListAccountsCommand).rejects(awsError('AccessDeniedException', 'You don\'t have permissions to access this resource.'));
    await expect(scan({ aws, org: true })).rejects.toThrow(
      new RuntimeError("--org: cannot list the organization's accounts (organizations:ListAccounts: AccessDenied: You don't have permissions to access this resource.)"),
    );
  });

  it('an account outside any organization gets a pointer to the single-account scan', async () => {
    orgs.on(DescribeOrganizationCommand).rejects(awsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'));
    await expect(scan({ aws, org: true })).rejects.toThrow(new RuntimeError('--org: this account is not in an AWS Organization (run without --org to scan it alone)'));
  });
});

describe('scan of the caller\'s account', () => {
  it('credentials that cannot be found are a RuntimeError with a hint, not a stack trace', async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    await expect(scan({ aws })).rejects.toThrow(
      new RuntimeError(
        'cannot use the AWS credentials: sts:GetCallerIdentity: NoCredentials: no AWS credentials found (Could not load credentials from any providers); set AWS_PROFILE/--profile, SSO or AWS_ACCESS_KEY_ID',
      ),
    );
  });

  it('account selection flags need --org, ids must be 12 digits, concurrency at least 1', async () => {
    await expect(scan({ aws, accounts: ['200000000000'] })).rejects.toThrow(new UsageError('--accounts and --exclude-accounts select accounts of an organization: add --org'));
    await expect(scan({ aws, org: true, accounts: ['2000'] })).rejects.toThrow(new UsageError('--accounts: not a 12-digit account id: 2000'));
    await expect(scan({ aws, concurrency: 0 })).rejects.toThrow(UsageError);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });
});

import { GetAccountAuthorizationDetailsCommand, IAMClient, ListEntitiesForPolicyCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { generateAccounts, MANAGEMENT_ACCOUNT_ID, startSyntheticAws, type SyntheticAws } from '../bench/lib/synthetic-aws.mjs';
import { collectIam } from '../src/collect/account.js';

// The synthetic endpoint of bench/lib/synthetic-aws.mjs, read through the real SDK clients: what they parse is what the
// org scale test and bench/org-scale.mjs rely on, so its shapes, paging, throttling and latency are proved here.

const caller = { accessKeyId: 'AKIDCALLER', secretAccessKey: 'secret' };
const SUPPORT = 'arn:aws:iam::aws:policy/AWSSupportAccess';
let aws: SyntheticAws | undefined;
const clients: { destroy(): void }[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await aws?.stop();
  aws = undefined;
});

function client<T extends { destroy(): void }>(c: T): T {
  clients.push(c);
  return c;
}
const opts = (endpoint: string, maxAttempts = 1, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = caller) => ({ region: 'us-east-1', endpoint, credentials, maxAttempts });

async function memberIam(endpoint: string, accountId: string, maxAttempts = 1) {
  const sts = client(new STSClient(opts(endpoint)));
  const r = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 't' }));
  const c = r.Credentials!;
  return client(new IAMClient(opts(endpoint, maxAttempts, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! })));
}

describe('synthetic AWS endpoint, read by the real SDK clients', () => {
  it('Organizations: DescribeOrganization, ListAccounts in pages of at most 20 with NextToken, State and Status; MaxResults 21 refused', async () => {
    aws = await startSyntheticAws({ accounts: generateAccounts(45) });
    const org = client(new OrganizationsClient(opts(aws.endpoint)));
    const d = await org.send(new DescribeOrganizationCommand({}));
    expect(d.Organization).toMatchObject({ Id: 'o-synthetic01', MasterAccountId: MANAGEMENT_ACCOUNT_ID, FeatureSet: 'ALL' });
    const pages = [];
    let NextToken: string | undefined;
    do {
      const page = await org.send(new ListAccountsCommand({ NextToken }));
      pages.push(page);
      NextToken = page.NextToken;
    } while (NextToken);
    expect(pages.map((p) => p.Accounts!.length)).toEqual([20, 20, 5]);
    const all = pages.flatMap((p) => p.Accounts!);
    expect(new Set(all.map((a) => a.Id)).size).toBe(45);
    expect(all[0]).toMatchObject({ Id: MANAGEMENT_ACCOUNT_ID, Name: 'management', State: 'ACTIVE', Status: 'ACTIVE' });
    // member-17 is the first suspended account of the cycle; the SDK parses JoinedTimestamp (epoch seconds) into a Date
    expect(all.find((a) => a.Name === 'member-17')).toMatchObject({ State: 'SUSPENDED', Status: 'SUSPENDED' });
    expect(all[1]!.JoinedTimestamp).toEqual(new Date('2025-01-01T00:00:00Z'));
    await expect(org.send(new ListAccountsCommand({ MaxResults: 21 }))).rejects.toMatchObject({ name: 'InvalidInputException', $metadata: { httpStatusCode: 400 } });
  });

  it('STS: GetCallerIdentity of the caller; AssumeRole hands out credentials that act in the member; a refusing member answers AccessDenied 403', async () => {
    aws = await startSyntheticAws({ accounts: generateAccounts(20) });
    const sts = client(new STSClient(opts(aws.endpoint)));
    expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: MANAGEMENT_ACCOUNT_ID, Arn: `arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:user/auditor` });
    const r = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::200000000001:role/OrganizationAccountAccessRole', RoleSessionName: 'scan' }));
    expect(r.AssumedRoleUser?.Arn).toBe('arn:aws:sts::200000000001:assumed-role/OrganizationAccountAccessRole/scan');
    expect(r.Credentials?.Expiration).toBeInstanceOf(Date);
    const member = client(new STSClient(opts(aws.endpoint, 1, { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: 's', sessionToken: r.Credentials!.SessionToken! })));
    expect((await member.send(new GetCallerIdentityCommand({}))).Account).toBe('200000000001');
    // member-16 refuses AssumeRole (kind 'denied'); a role name other than the member role is refused too
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::200000000016:role/OrganizationAccountAccessRole', RoleSessionName: 'scan' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringContaining('is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::200000000016:role/OrganizationAccountAccessRole'),
    });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::200000000001:role/Other', RoleSessionName: 'scan' }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('IAM ListEntitiesForPolicy: roles, users and groups of each kind; Marker pages of MaxItems (default 100); the boundary filter', async () => {
    aws = await startSyntheticAws({ accounts: generateAccounts(20) });
    // member-9 is 'pass-paged': 250 users, then the role, so the role is on page 3
    const iam = await memberIam(aws.endpoint, '200000000009');
    const pages = [];
    let Marker: string | undefined;
    do {
      const page = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: SUPPORT, PolicyUsageFilter: 'PermissionsPolicy', Marker }));
      pages.push(page);
      Marker = page.IsTruncated ? page.Marker : undefined;
    } while (Marker);
    expect(pages.map((p) => [p.PolicyUsers!.length, p.PolicyRoles!.length, p.IsTruncated])).toEqual([
      [100, 0, true],
      [100, 0, true],
      [50, 1, false],
    ]);
    expect(pages[2]!.PolicyRoles![0]).toMatchObject({ RoleName: 'aws-support-responders', RoleId: expect.stringMatching(/^AROA/) });
    // empty lists arrive as [] (IAM sends <PolicyGroups/>), never undefined
    expect(pages[0]!.PolicyGroups).toEqual([]);
    const users = await memberIam(aws.endpoint, '200000000010');
    expect(await users.send(new ListEntitiesForPolicyCommand({ PolicyArn: SUPPORT }))).toMatchObject({ PolicyRoles: [], PolicyUsers: [{ UserName: 'bob' }], PolicyGroups: [{ GroupName: 'support-team' }], IsTruncated: false });
    const boundary = await memberIam(aws.endpoint, '200000000015');
    expect((await boundary.send(new ListEntitiesForPolicyCommand({ PolicyArn: SUPPORT, PolicyUsageFilter: 'PermissionsPolicy' }))).PolicyRoles).toEqual([]);
    expect((await boundary.send(new ListEntitiesForPolicyCommand({ PolicyArn: SUPPORT, PolicyUsageFilter: 'PermissionsBoundary', EntityFilter: 'Role' }))).PolicyRoles).toMatchObject([{ RoleName: 'bounded-support' }]);
    // IAM's error code NoSuchEntity, which the SDK's service model names NoSuchEntityException
    await expect(boundary.send(new ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/Nope' }))).rejects.toMatchObject({ name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 } });
  });

  it('IAM GetAccountAuthorizationDetails: the large account in Marker pages, parsed by the collector the deep scan uses', async () => {
    aws = await startSyntheticAws({ accounts: generateAccounts(1, { largeRoles: 2500, largeUsers: 30 }) });
    const iam = client(new IAMClient(opts(aws.endpoint)));
    const first = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 100 }));
    expect(first).toMatchObject({ IsTruncated: true, Marker: 'g100' });
    expect(first.UserDetailList).toHaveLength(30);
    expect(first.RoleDetailList).toHaveLength(70);
    // The trust policy arrives URL-encoded, as from AWS
    expect(first.RoleDetailList![0]!.AssumeRolePolicyDocument).toMatch(/^%7B%22Version%22/);
    const data = await collectIam(iam);
    expect(data.status).toBe('ok');
    if (data.status !== 'ok') return;
    expect(data.data.roles).toHaveLength(2500);
    expect(data.data.users).toHaveLength(30);
    expect(data.data.roles.find((r) => r.name === 'aws-support-responders')?.attachedManagedPolicies).toEqual([{ name: 'AWSSupportAccess', arn: SUPPORT }]);
    // 2,500 roles + 30 users + 2 policies = 2,532 items: the collector asks for pages of 1,000 (the API's maximum), so 3
    expect(aws.stats.byAction.GetAccountAuthorizationDetails).toBe(1 + 3);
  });

  it('STS rate limit per caller: over it, HTTP 400 Throttling in the query error shape; the SDK retries with backoff until it passes', async () => {
    aws = await startSyntheticAws({ accounts: generateAccounts(5), stsRatePerSecond: 4, stsBurst: 2 });
    const once = client(new STSClient(opts(aws.endpoint, 1)));
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => once.send(new GetCallerIdentityCommand({}))));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    // a burst of 2 passes at once; the rest of the six come within the same few milliseconds and are throttled
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(3);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(refused[0]).toMatchObject({ name: 'Throttling', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
    expect(aws.stats.throttled.sts).toBe(refused.length);
    const retrying = client(new STSClient(opts(aws.endpoint, 10)));
    const all = await Promise.all(Array.from({ length: 6 }, () => retrying.send(new GetCallerIdentityCommand({}))));
    expect(all.map((r) => r.Account)).toEqual(Array(6).fill(MANAGEMENT_ACCOUNT_ID));
  });

  it('IAM rate limit per account: one account throttled does not slow another', async () => {
    aws = await startSyntheticAws({ accounts: generateAccounts(5), iamRatePerSecond: 1, iamBurst: 1 });
    const a = await memberIam(aws.endpoint, '200000000001');
    const b = await memberIam(aws.endpoint, '200000000002');
    await a.send(new ListEntitiesForPolicyCommand({ PolicyArn: SUPPORT }));
    await expect(a.send(new ListEntitiesForPolicyCommand({ PolicyArn: SUPPORT }))).rejects.toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    expect((await b.send(new ListEntitiesForPolicyCommand({ PolicyArn: SUPPORT }))).PolicyRoles).toHaveLength(1);
    expect(aws.stats.throttled).toEqual({ sts: 0, iam: 1 });
  });

  it('latency: every answer waits at least the configured time, and the requests wait side by side', async () => {
    aws = await startSyntheticAws({ accounts: generateAccounts(2), latencyMs: 150 });
    const sts = client(new STSClient(opts(aws.endpoint)));
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 5 }, () => sts.send(new GetCallerIdentityCommand({}))));
    // a lower bound only (never a timed upper bound): each answer was held back for 150 ms
    expect(performance.now() - t0).toBeGreaterThanOrEqual(149);
    expect(aws.stats.maxInFlight).toBe(5);
    expect(aws.stats.requests).toBe(5);
  });
});

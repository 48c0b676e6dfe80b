import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetAccountAuthorizationDetailsCommand, IAMClient, ListEntitiesForPolicyCommand } from '@aws-sdk/client-iam';
import { DescribeSeverityLevelsCommand, SupportClient } from '@aws-sdk/client-support';
import { readFileSync } from 'node:fs';
import { runChecks } from '../checks/engine.js';
import { supportRoleMonitoring } from '../checks/support-role-monitoring/index.js';
import { snapshotsFromJson } from '../snapshot/load.js';
import { cisSupportRole } from '../checks/cis-support-role/index.js';
import type { AccountSnapshot } from '../snapshot/model.js';
import { collectAccount, collectCloudTrail, collectCloudWatch, collectSupportPlan, type AccountApis } from './account.js';

const SUPPORT = 'arn:aws:iam::aws:policy/AWSSupportAccess';
const ACCOUNT = '111122223333';
const creds = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };
const opts = { region: 'eu-west-1', credentials: creds, maxAttempts: 1 };

/** An SDK service error as the clients throw it. */
function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

function apis(): AccountApis {
  return { iam: new IAMClient(opts), cloudTrail: new CloudTrailClient(opts), eventBridge: new EventBridgeClient(opts), support: new SupportClient(opts) };
}

const verdictOf = (s: AccountSnapshot) => runChecks([cisSupportRole], [s]).accounts[0]!;

const iamMock = mockClient(IAMClient);
const ctMock = mockClient(CloudTrailClient);
const ebMock = mockClient(EventBridgeClient);
const supportMock = mockClient(SupportClient);
afterEach(() => {
  iamMock.reset();
  ctMock.reset();
  ebMock.reset();
  supportMock.reset();
});

/** A ListEntitiesForPolicy answer as AWS sends it: every list present, empty or not. */
const usagePage = (p: Record<string, unknown>) => ({ PolicyGroups: [], PolicyUsers: [], PolicyRoles: [], ...p });
/** A GetAccountAuthorizationDetails page as AWS sends it (no Filter): the four lists, empty or not. */
const gaadPage = (p: Record<string, unknown>) => ({ UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], ...p });

describe('fast path: ListEntitiesForPolicy', () => {
  it('follows every Marker page: the role on page 3 turns a users-only FAIL into a PASS', async () => {
    // Given AWS answers in three pages: a user, then a group, then the role
    iamMock
      .on(ListEntitiesForPolicyCommand, { Marker: undefined })
      .resolves(usagePage({ PolicyUsers: [{ UserName: 'alice', UserId: 'AIDA1' }], IsTruncated: true, Marker: 'm1' }))
      .on(ListEntitiesForPolicyCommand, { Marker: 'm1' })
      .resolves(usagePage({ PolicyGroups: [{ GroupName: 'ops', GroupId: 'AGPA1' }], IsTruncated: true, Marker: 'm2' }))
      .on(ListEntitiesForPolicyCommand, { Marker: 'm2' })
      .resolves(usagePage({ PolicyRoles: [{ RoleName: 'support-role', RoleId: 'AROA1' }], IsTruncated: false }));

    // When the account is collected on the fast path
    const snapshot = await collectAccount(apis(), { accountId: ACCOUNT, partition: 'aws', region: 'eu-west-1', deep: false });

    // Then all three pages were read with the right Markers and the role counts
    const calls = iamMock.commandCalls(ListEntitiesForPolicyCommand).map((c) => c.args[0].input);
    expect(calls.map((i) => [i.PolicyArn, i.PolicyUsageFilter, i.Marker])).toEqual([
      [SUPPORT, 'PermissionsPolicy', undefined],
      [SUPPORT, 'PermissionsPolicy', 'm1'],
      [SUPPORT, 'PermissionsPolicy', 'm2'],
    ]);
    expect(snapshot.supportPolicyUsage).toEqual({
      status: 'ok',
      data: { policyArn: SUPPORT, roles: [{ name: 'support-role', id: 'AROA1' }], users: [{ name: 'alice', id: 'AIDA1' }], groups: [{ name: 'ops', id: 'AGPA1' }] },
    });
    expect(snapshot.iam).toBeUndefined();
    expect(verdictOf(snapshot)).toEqual({ accountId: ACCOUNT, status: 'PASS', message: '1 support role(s) with AWSSupportAccess: support-role.' });
  });

  it('when no role has the policy, lists boundary-only roles (every page) so the FAIL says why', async () => {
    iamMock
      .on(ListEntitiesForPolicyCommand, { PolicyUsageFilter: 'PermissionsPolicy' })
      .resolves(usagePage({ IsTruncated: false }))
      .on(ListEntitiesForPolicyCommand, { PolicyUsageFilter: 'PermissionsBoundary', Marker: undefined })
      .resolves(usagePage({ PolicyRoles: [{ RoleName: 'capped' }], IsTruncated: true, Marker: 'b1' }))
      .on(ListEntitiesForPolicyCommand, { PolicyUsageFilter: 'PermissionsBoundary', Marker: 'b1' })
      .resolves(usagePage({ PolicyRoles: [{ RoleName: 'capped-too' }], IsTruncated: false }));

    const snapshot = await collectAccount(apis(), { accountId: ACCOUNT, partition: 'aws-us-gov', region: 'us-gov-west-1', deep: false });

    const boundaryCall = iamMock.commandCalls(ListEntitiesForPolicyCommand)[1]!.args[0].input;
    expect(boundaryCall).toEqual({ PolicyArn: 'arn:aws-us-gov:iam::aws:policy/AWSSupportAccess', PolicyUsageFilter: 'PermissionsBoundary', EntityFilter: 'Role', Marker: undefined });
    expect(verdictOf(snapshot)).toEqual({
      accountId: ACCOUNT,
      status: 'FAIL',
      message: 'No role has arn:aws-us-gov:iam::aws:policy/AWSSupportAccess as a permissions policy; role(s) capped, capped-too use it only as a permissions boundary, which grants nothing.',
    });
  });

  it('a truncated page without a Marker is an ERROR, never a verdict on half the account', async () => {
    iamMock.on(ListEntitiesForPolicyCommand).resolves(usagePage({ PolicyUsers: [{ UserName: 'alice' }], IsTruncated: true }));
    const snapshot = await collectAccount(apis(), { accountId: ACCOUNT, partition: 'aws', region: 'us-east-1', deep: false });
    expect(verdictOf(snapshot)).toEqual({
      accountId: ACCOUNT,
      status: 'ERROR',
      message: 'Not judged: supportPolicyUsage could not be read (iam:ListEntitiesForPolicy): PaginationLoop: iam:ListEntitiesForPolicy: page 1 says IsTruncated but has no Marker; the list would be incomplete',
    });
  });

  it('access denied is ERROR with the AWS reason, not FAIL', async () => {
    iamMock.on(ListEntitiesForPolicyCommand).rejects(awsError('AccessDenied', 'User: arn:aws:sts::111122223333:assumed-role/audit/x is not authorized to perform: iam:ListEntitiesForPolicy'));
    const snapshot = await collectAccount(apis(), { accountId: ACCOUNT, partition: 'aws', region: 'us-east-1', deep: false });
    expect(snapshot.supportPolicyUsage).toEqual({
      status: 'failed',
      error: { code: 'AccessDenied', operation: 'iam:ListEntitiesForPolicy', message: 'User: arn:aws:sts::111122223333:assumed-role/audit/x is not authorized to perform: iam:ListEntitiesForPolicy' },
    });
    expect(verdictOf(snapshot).status).toBe('ERROR');
  });
});

describe('--deep collection', () => {
  const trust = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] }));

  it('merges every GetAccountAuthorizationDetails page; CloudTrail denied does not lose IAM; a basic plan is "basic", not an error', async () => {
    // Given IAM answers in two pages (the support role on the second), CloudTrail is denied, EventBridge has one rule
    iamMock
      .on(GetAccountAuthorizationDetailsCommand, { Marker: undefined })
      .resolves(gaadPage({ UserDetailList: [{ UserName: 'alice', Arn: 'arn:aws:iam::111122223333:user/alice', UserId: 'AIDA1', Path: '/' }], IsTruncated: true, Marker: 'p2' }))
      .on(GetAccountAuthorizationDetailsCommand, { Marker: 'p2' })
      .resolves(gaadPage({
        RoleDetailList: [
          {
            RoleName: 'support-role',
            Arn: 'arn:aws:iam::111122223333:role/support-role',
            RoleId: 'AROA1',
            Path: '/',
            CreateDate: new Date('2024-01-02T03:04:05Z'),
            AssumeRolePolicyDocument: trust,
            AttachedManagedPolicies: [{ PolicyName: 'AWSSupportAccess', PolicyArn: SUPPORT }],
            RoleLastUsed: {},
          },
        ],
        IsTruncated: false,
      }));
    ctMock.on(DescribeTrailsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform cloudtrail:DescribeTrails'));
    ebMock.on(ListRulesCommand).resolves({ Rules: [{ Name: 'watch-support-role', State: 'ENABLED', EventPattern: '{"source":["aws.iam"]}', Arn: 'arn:aws:events:eu-west-1:111122223333:rule/watch-support-role' }] });
    ebMock.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: '1', Arn: 'arn:aws:sns:eu-west-1:111122223333:alerts' }] });
    supportMock.on(DescribeSeverityLevelsCommand).rejects(awsError('SubscriptionRequiredException', 'AWS Premium Support Subscription is required to use this service.'));

    // When the account is collected with --deep
    const snapshot = await collectAccount(apis(), { accountId: ACCOUNT, accountName: 'prod', partition: 'aws', region: 'eu-west-1', deep: true });

    // Then
    expect(iamMock.commandCalls(GetAccountAuthorizationDetailsCommand).map((c) => c.args[0].input.Marker)).toEqual([undefined, 'p2']);
    expect(iamMock.commandCalls(ListEntitiesForPolicyCommand)).toHaveLength(0);
    expect(snapshot.iam?.status).toBe('ok');
    const iam = snapshot.iam?.status === 'ok' ? snapshot.iam.data : undefined;
    expect(iam?.users.map((u) => u.name)).toEqual(['alice']);
    expect(iam?.roles[0]).toMatchObject({ name: 'support-role', createDate: '2024-01-02T03:04:05.000Z', lastUsed: { date: undefined, region: undefined } });
    expect(iam?.roles[0]?.trustPolicy?.Statement).toEqual([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }]);
    expect(snapshot.cloudTrail).toEqual({ status: 'failed', error: { code: 'AccessDenied', operation: 'cloudtrail:DescribeTrails', message: 'not authorized to perform cloudtrail:DescribeTrails' } });
    expect(snapshot.eventBridge).toEqual({
      status: 'ok',
      data: [
        {
          name: 'watch-support-role',
          region: 'eu-west-1',
          state: 'ENABLED',
          arn: 'arn:aws:events:eu-west-1:111122223333:rule/watch-support-role',
          eventPattern: { source: ['aws.iam'] },
          targets: ['arn:aws:sns:eu-west-1:111122223333:alerts'],
        },
      ],
    });
    expect(snapshot.supportPlan).toEqual({ status: 'ok', data: { level: 'basic-or-developer', detail: 'SubscriptionRequiredException' } });
    expect(snapshot.serviceControlPolicies).toBeUndefined();
    expect(verdictOf(snapshot)).toEqual({ accountId: ACCOUNT, accountName: 'prod', status: 'PASS', message: '1 support role(s) with AWSSupportAccess: support-role.' });
  });

  it('scanning from eu-west-1 also reads the rules of us-east-1, where IAM delivers its events; a denied read there fails the part', async () => {
    // Given a rule watching IAM in us-east-1 and none in eu-west-1, the scan's region
    const clientRegions: string[] = [];
    ebMock.on(ListRulesCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      clientRegions.push(region);
      return region === 'us-east-1' ? { Rules: [{ Name: 'iam-watch', State: 'ENABLED', EventPattern: '{"source":["aws.iam"]}' }] } : { Rules: [] };
    });
    ebMock.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: '1', Arn: 'arn:aws:sns:us-east-1:111122223333:alerts' }] });
    const homeClients: string[] = [];
    const withHome = { ...apis(), eventBridgeIn: (region: string) => (homeClients.push(region), new EventBridgeClient({ ...opts, region })) };

    // When the account is collected with --deep from eu-west-1
    const snapshot = await collectAccount(withHome, { accountId: ACCOUNT, partition: 'aws', region: 'eu-west-1', deep: true });

    // Then both regions were read and the us-east-1 rule carries its region
    expect(homeClients).toEqual(['us-east-1']);
    expect(clientRegions.sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(snapshot.eventBridge).toEqual({
      status: 'ok',
      data: [{ name: 'iam-watch', region: 'us-east-1', state: 'ENABLED', eventPattern: { source: ['aws.iam'] }, targets: ['arn:aws:sns:us-east-1:111122223333:alerts'] }],
    });

    // And when us-east-1 refuses ListRules, the part is failed: the rules that matter could not be seen
    ebMock.reset();
    ebMock.on(ListRulesCommand).callsFake(async (_input, getClient) => {
      if ((await getClient().config.region()) === 'us-east-1') throw awsError('AccessDeniedException', 'not authorized to perform events:ListRules');
      return { Rules: [] };
    });
    const denied = await collectAccount(withHome, { accountId: ACCOUNT, partition: 'aws', region: 'eu-west-1', deep: true });
    expect(denied.eventBridge).toEqual({ status: 'failed', error: { code: 'AccessDenied', operation: 'events:ListRules', message: 'not authorized to perform events:ListRules' } });
  });

  it('scanning from us-east-1 reads EventBridge once', async () => {
    ebMock.on(ListRulesCommand).resolves({ Rules: [] });
    const homeClients: string[] = [];
    const withHome = { ...apis(), eventBridgeIn: (region: string) => (homeClients.push(region), new EventBridgeClient({ ...opts, region })) };
    const snapshot = await collectAccount(withHome, { accountId: ACCOUNT, partition: 'aws', region: 'us-east-1', deep: true });
    expect(snapshot.eventBridge).toEqual({ status: 'ok', data: [] });
    expect(homeClients).toEqual([]);
    expect(ebMock.commandCalls(ListRulesCommand)).toHaveLength(1);
  });

  it('when GetAccountAuthorizationDetails is denied, the one-call fast path still gives the CIS verdict', async () => {
    iamMock.on(GetAccountAuthorizationDetailsCommand).rejects(awsError('AccessDenied', 'explicit deny in an SCP'));
    iamMock.on(ListEntitiesForPolicyCommand).resolves(usagePage({ PolicyRoles: [{ RoleName: 'support-role' }], IsTruncated: false }));
    ctMock.on(DescribeTrailsCommand).resolves({ trailList: [] });
    ebMock.on(ListRulesCommand).resolves({ Rules: [] });
    supportMock.on(DescribeSeverityLevelsCommand).resolves({ severityLevels: [{ code: 'low' }, { code: 'normal' }, { code: 'high' }, { code: 'urgent' }] });

    const snapshot = await collectAccount(apis(), { accountId: ACCOUNT, partition: 'aws', region: 'eu-west-1', deep: true });

    expect(snapshot.iam).toEqual({ status: 'failed', error: { code: 'AccessDenied', operation: 'iam:GetAccountAuthorizationDetails', message: 'explicit deny in an SCP' } });
    expect(snapshot.supportPlan).toEqual({ status: 'ok', data: { level: 'business', detail: 'low,normal,high,urgent' } });
    expect(verdictOf(snapshot)).toEqual({ accountId: ACCOUNT, status: 'PASS', message: '1 support role(s) with AWSSupportAccess: support-role.' });
  });
});

describe('CloudTrail and support plan details', () => {
  it('reads each trail\'s logging status and whether management events are recorded', async () => {
    ctMock.on(DescribeTrailsCommand).resolves({
      trailList: [
        { Name: 'org-trail', TrailARN: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail', HomeRegion: 'us-east-1', IsMultiRegionTrail: true, IsOrganizationTrail: true },
        { Name: 'data-only', TrailARN: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/data-only', HomeRegion: 'eu-west-1', IsMultiRegionTrail: false },
      ],
    });
    ctMock.on(GetTrailStatusCommand, { Name: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail' }).resolves({ IsLogging: true });
    ctMock.on(GetTrailStatusCommand, { Name: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/data-only' }).rejects(awsError('TrailNotFoundException', 'gone'));
    ctMock.on(GetEventSelectorsCommand, { TrailName: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail' }).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
    ctMock
      .on(GetEventSelectorsCommand, { TrailName: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/data-only' })
      .resolves({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] });

    const trails = await collectCloudTrail(new CloudTrailClient(opts));

    expect(ctMock.commandCalls(DescribeTrailsCommand)[0]!.args[0].input).toEqual({ includeShadowTrails: true });
    expect(trails).toEqual({
      status: 'ok',
      data: [
        { name: 'org-trail', arn: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail', homeRegion: 'us-east-1', isMultiRegion: true, isOrganizationTrail: true, isLogging: true, logsManagementEvents: true },
        // Status unreadable: unknown, not false. Data events only: management events are not recorded.
        { name: 'data-only', arn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/data-only', homeRegion: 'eu-west-1', isMultiRegion: false, logsManagementEvents: false },
      ],
    });
  });

  it('a multi-region trail whose status was denied is not taken as logging: the CloudTrail part fails, and monitoring says ERROR, not PASS', async () => {
    // Given the only multi-region trail, whose GetTrailStatus the scanning role may not call
    const arn = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management';
    ctMock.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'management', TrailARN: arn, HomeRegion: 'us-east-1', IsMultiRegionTrail: true }] });
    ctMock.on(GetTrailStatusCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform cloudtrail:GetTrailStatus'));
    ctMock.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });

    // When CloudTrail is collected
    const trails = await collectCloudTrail(new CloudTrailClient(opts));

    // Then the part is failed with the reason, and the monitoring check cannot turn "unknown" into a PASS
    expect(trails).toEqual({ status: 'failed', error: { code: 'AccessDenied', operation: 'cloudtrail:GetTrailStatus', message: 'not authorized to perform cloudtrail:GetTrailStatus' } });
    const [account] = snapshotsFromJson(readFileSync('test/fixtures/checks/support-role-monitoring/watched.pass.json', 'utf8'), 'watched.pass.json');
    account!.cloudTrail = trails;
    expect(runChecks([supportRoleMonitoring], [account!]).findings.map((f) => `${f.status} ${f.messageId}: ${f.message}`)).toEqual([
      'ERROR data-unavailable: Not judged: cloudTrail could not be read (cloudtrail:GetTrailStatus): AccessDenied: not authorized to perform cloudtrail:GetTrailStatus',
    ]);
  });

  it('a throttled selector read does not matter when another multi-region trail is verified logging', async () => {
    const verified = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management';
    const throttled = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/audit';
    ctMock.on(DescribeTrailsCommand).resolves({
      trailList: [
        { Name: 'management', TrailARN: verified, IsMultiRegionTrail: true },
        { Name: 'audit', TrailARN: throttled, IsMultiRegionTrail: true },
      ],
    });
    ctMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    ctMock.on(GetEventSelectorsCommand, { TrailName: verified }).resolves({ EventSelectors: [{ IncludeManagementEvents: true }] });
    ctMock.on(GetEventSelectorsCommand, { TrailName: throttled }).rejects(awsError('ThrottlingException', 'Rate exceeded'));

    expect(await collectCloudTrail(new CloudTrailClient(opts))).toEqual({
      status: 'ok',
      data: [
        { name: 'management', arn: verified, isMultiRegion: true, isLogging: true, logsManagementEvents: true },
        { name: 'audit', arn: throttled, isMultiRegion: true, isLogging: true },
      ],
    });
  });

  it('an organization trail seen from a member keeps its unreadable selectors unknown: not this account\'s to read, not an error', async () => {
    // Given the management account's organization trail, whose selectors a member may not read (AWS answers
    // CloudTrailARNInvalidException: "AccountID in ARN is wrong")
    const org = 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail';
    ctMock.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'org-trail', TrailARN: org, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, IsOrganizationTrail: true }] });
    ctMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    ctMock.on(GetEventSelectorsCommand).rejects(awsError('CloudTrailARNInvalidException', 'AccountID in ARN is wrong, you can only access resources with AccountID 111122223333.'));

    expect(await collectCloudTrail(new CloudTrailClient(opts))).toEqual({
      status: 'ok',
      data: [{ name: 'org-trail', arn: org, homeRegion: 'us-east-1', isMultiRegion: true, isOrganizationTrail: true, isLogging: true }],
    });
  });

  it('names the support plan from the severity levels it allows; a throttled Support API is a failure, not "basic"', async () => {
    supportMock.on(DescribeSeverityLevelsCommand).resolves({ severityLevels: [{ code: 'low' }, { code: 'normal' }, { code: 'high' }, { code: 'urgent' }, { code: 'critical' }] });
    expect(await collectSupportPlan(new SupportClient(opts))).toEqual({ status: 'ok', data: { level: 'enterprise', detail: 'low,normal,high,urgent,critical' } });
    supportMock.reset().on(DescribeSeverityLevelsCommand).resolves({ severityLevels: [{ code: 'low' }, { code: 'normal' }] });
    expect(await collectSupportPlan(new SupportClient(opts))).toEqual({ status: 'ok', data: { level: 'unknown', detail: 'low,normal' } });
    supportMock.reset().on(DescribeSeverityLevelsCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    expect(await collectSupportPlan(new SupportClient(opts))).toEqual({ status: 'failed', error: { code: 'Throttling', operation: 'support:DescribeSeverityLevels', message: 'Rate exceeded' } });
  });
});

describe('which trails record the support role being assumed, detached or deleted', () => {
  it('counts write management events only: a ReadOnly trail records no AssumeRole, DetachRolePolicy or DeleteRole', async () => {
    const { logsManagementEvents } = await import('./account.js');
    expect(logsManagementEvents({})).toBe(true);
    expect(logsManagementEvents({ EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All' }] })).toBe(true);
    expect(logsManagementEvents({ EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'WriteOnly' }] })).toBe(true);
    expect(logsManagementEvents({ EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'ReadOnly' }] })).toBe(false);
    expect(logsManagementEvents({ EventSelectors: [{ IncludeManagementEvents: false, ReadWriteType: 'All' }] })).toBe(false);
    const advanced = (readOnly?: { Equals?: string[]; NotEquals?: string[] }) => ({
      AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...(readOnly ? [{ Field: 'readOnly', ...readOnly }] : [])] }],
    });
    expect(logsManagementEvents(advanced())).toBe(true);
    expect(logsManagementEvents(advanced({ Equals: ['false'] }))).toBe(true);
    expect(logsManagementEvents(advanced({ Equals: ['true'] }))).toBe(false);
    expect(logsManagementEvents(advanced({ NotEquals: ['false'] }))).toBe(false);
    expect(logsManagementEvents({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] })).toBe(false);
  });
});

describe('CloudWatch: the trails\' log groups, their metric filters and the alarms on them', () => {
  const logsMock = mockClient(CloudWatchLogsClient);
  const cwMock = mockClient(CloudWatchClient);
  afterEach(() => {
    logsMock.reset();
    cwMock.reset();
  });
  const regions: string[] = [];
  const regional = {
    cloudWatchLogsIn: (region: string) => (regions.push(`logs/${region}`), new CloudWatchLogsClient({ ...opts, region })),
    cloudWatchIn: (region: string) => (regions.push(`monitoring/${region}`), new CloudWatchClient({ ...opts, region })),
  };
  const own = { name: 'management', isMultiRegion: true, homeRegion: 'us-west-2', cloudWatchLogsLogGroupArn: `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:CloudTrail/management:*` };
  const org = { name: 'org', isMultiRegion: true, isOrganizationTrail: true, cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:999999999999:log-group:org-trail:*' };

  it('reads the log group in its own region, follows every page, keeps only the alarms on its metrics, and does not read another account\'s log group', async () => {
    // Given a trail whose log group is in us-west-2 (not the scan's region) with two pages of filters, and an org trail of another account
    logsMock
      .on(DescribeMetricFiltersCommand, { logGroupName: 'CloudTrail/management', nextToken: undefined })
      .resolves({ metricFilters: [{ filterName: 'assume', filterPattern: '{ $.eventName = AssumeRole }', metricTransformations: [{ metricName: 'Assume', metricNamespace: 'CIS', metricValue: '1' }] }], nextToken: 'p2' })
      .on(DescribeMetricFiltersCommand, { logGroupName: 'CloudTrail/management', nextToken: 'p2' })
      .resolves({ metricFilters: [{ filterName: 'iam', filterPattern: '{ $.eventName = DeleteRole }', metricTransformations: [{ metricName: 'Iam', metricNamespace: 'CIS', metricValue: '1' }] }] });
    cwMock.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        { AlarmName: 'assume-alarm', MetricName: 'Assume', Namespace: 'CIS', ActionsEnabled: true, AlarmActions: ['arn:aws:sns:us-west-2:111122223333:secops'] },
        { AlarmName: 'cpu', MetricName: 'CPUUtilization', Namespace: 'AWS/EC2', ActionsEnabled: true, AlarmActions: [] },
        { AlarmName: 'math', ActionsEnabled: false, Metrics: [{ Id: 'm1', MetricStat: { Metric: { MetricName: 'Iam', Namespace: 'CIS' }, Period: 300, Stat: 'Sum' } }] },
      ],
    });
    // When the CloudWatch part is collected
    const part = await collectCloudWatch([own, org], ACCOUNT, regional);
    // Then
    expect(part).toEqual({
      status: 'ok',
      data: [
        {
          arn: own.cloudWatchLogsLogGroupArn, name: 'CloudTrail/management', region: 'us-west-2', accountId: ACCOUNT, trails: ['management'],
          metricFilters: { status: 'ok', data: [{ name: 'assume', pattern: '{ $.eventName = AssumeRole }', metrics: [{ name: 'Assume', namespace: 'CIS' }] }, { name: 'iam', pattern: '{ $.eventName = DeleteRole }', metrics: [{ name: 'Iam', namespace: 'CIS' }] }] },
          alarms: { status: 'ok', data: [
            { name: 'assume-alarm', metrics: [{ name: 'Assume', namespace: 'CIS' }], actionsEnabled: true, alarmActions: ['arn:aws:sns:us-west-2:111122223333:secops'] },
            { name: 'math', metrics: [{ name: 'Iam', namespace: 'CIS' }], actionsEnabled: false, alarmActions: [] },
          ] },
        },
        { arn: org.cloudWatchLogsLogGroupArn, name: 'org-trail', region: 'us-east-1', accountId: '999999999999', trails: ['org'] },
      ],
    });
    expect(logsMock.commandCalls(DescribeMetricFiltersCommand).map((c) => c.args[0].input.logGroupName)).toEqual(['CloudTrail/management', 'CloudTrail/management']);
    expect(regions.filter((r) => r.endsWith('us-east-1'))).toEqual([]);
  });

  it('records a denied DescribeAlarms on the log group\'s alarms only, keeping its filters', async () => {
    logsMock.on(DescribeMetricFiltersCommand).resolves({ metricFilters: [{ filterName: 'assume', filterPattern: '{ $.eventName = AssumeRole }', metricTransformations: [{ metricName: 'Assume', metricNamespace: 'CIS', metricValue: '1' }] }] });
    cwMock.on(DescribeAlarmsCommand).rejects(awsError('AccessDenied', 'not authorized to perform: cloudwatch:DescribeAlarms'));
    const part = await collectCloudWatch([own], ACCOUNT, regional);
    const group = part.status === 'ok' ? part.data[0]! : undefined;
    expect(group?.metricFilters?.status).toBe('ok');
    expect(group?.alarms).toEqual({ status: 'failed', error: { code: 'AccessDenied', operation: 'cloudwatch:DescribeAlarms', message: 'not authorized to perform: cloudwatch:DescribeAlarms' } });
  });

  it('collects it in a deep scan from the trails DescribeTrails returned', async () => {
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves(gaadPage({ RoleDetailList: [], UserDetailList: [], GroupDetailList: [], Policies: [], IsTruncated: false }));
    ctMock.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'management', TrailARN: `arn:aws:cloudtrail:us-west-2:${ACCOUNT}:trail/management`, HomeRegion: 'us-west-2', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: own.cloudWatchLogsLogGroupArn }] });
    ctMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    ctMock.on(GetEventSelectorsCommand).resolves({});
    ebMock.on(ListRulesCommand).resolves({ Rules: [] });
    supportMock.on(DescribeSeverityLevelsCommand).rejects(awsError('SubscriptionRequiredException', 'no'));
    logsMock.on(DescribeMetricFiltersCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: logs:DescribeMetricFilters'));
    const snapshot = await collectAccount({ ...apis(), ...regional }, { accountId: ACCOUNT, partition: 'aws', region: 'eu-west-1', deep: true });
    expect(snapshot.cloudTrail?.status === 'ok' && snapshot.cloudTrail.data[0]!.cloudWatchLogsLogGroupArn).toBe(own.cloudWatchLogsLogGroupArn);
    expect(snapshot.cloudWatch).toEqual({ status: 'ok', data: [{ arn: own.cloudWatchLogsLogGroupArn, name: 'CloudTrail/management', region: 'us-west-2', accountId: ACCOUNT, trails: ['management'],
      metricFilters: { status: 'failed', error: { code: 'AccessDenied', operation: 'logs:DescribeMetricFilters', message: 'not authorized to perform: logs:DescribeMetricFilters' } } }] });
  });
});

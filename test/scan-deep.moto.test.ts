import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { assumeRoleCredentials } from '../src/aws/assume.js';
import { cli } from './helpers/cli.js';
import { startMoto, type MotoServer } from './helpers/moto.js';

// The live deep path end to end: an organization of three accounts built in moto, scanned with
// `scan --org --deep`, so the collector's own output (not a hand-made snapshot) feeds the monitoring and
// SCP checks. Member A is set up the way the docs recommend; member B has a support role and nothing else;
// the management account has a support role that no SCP can protect.

const MANAGEMENT = '123456789012';
const SUPPORT = 'arn:aws:iam::aws:policy/AWSSupportAccess';
const ROLE = 'aws-support';
const doc = (statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement });

interface Finding {
  checkId: string;
  accountId: string;
  status: string;
  messageId: string;
  message: string;
  resourceArn: string;
}
interface JsonReport {
  accounts: { accountId: string; status: string; message: string }[];
  findings: Finding[];
  skipped: unknown[];
}

/** One line per finding of a check in an account, in a stable order. */
const lines = (report: JsonReport, checkId: string, accountId: string) =>
  report.findings
    .filter((f) => f.checkId === checkId && f.accountId === accountId)
    .map((f) => `${f.status} ${f.messageId}: ${f.message}`)
    .sort();

describe('scan --org --deep against an organization in moto', () => {
  let moto: MotoServer;
  let memberA: string;
  let memberB: string;
  let ou: string;
  let root: string;
  let scanned: { code: number; stdout: string; stderr: string };
  let report: JsonReport;
  const dirs: string[] = [];
  let saveDir: string;

  beforeAll(async () => {
    moto = await startMoto();
    const opts = { region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
    const orgs = new OrganizationsClient(opts);
    const sts = new STSClient(opts);
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const create = async (name: string) => (await orgs.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus!.AccountId!;
    memberA = await create('member-a');
    memberB = await create('member-b');
    const member = async (accountId: string) => ({ ...opts, credentials: await assumeRoleCredentials(sts, { accountId, partition: 'aws', roleName: 'OrganizationAccountAccessRole' }) });

    // A support role in every account: trusted by an on-call role of the same account, MFA required, tagged,
    // and the on-call role's identity policy allows assuming it.
    const supportRole = async (iam: IAMClient, accountId: string) => {
      await iam.send(new CreateRoleCommand({ RoleName: 'oncall', AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }]) }));
      await iam.send(
        new PutRolePolicyCommand({ RoleName: 'oncall', PolicyName: 'assume-support', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${accountId}:role/${ROLE}` }]) }),
      );
      await iam.send(
        new CreateRoleCommand({
          RoleName: ROLE,
          AssumeRolePolicyDocument: doc([
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:role/oncall` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
          ]),
          Tags: [
            { Key: 'owner', Value: 'secops' },
            { Key: 'purpose', Value: 'aws-support-cases' },
          ],
        }),
      );
      await iam.send(new AttachRolePolicyCommand({ RoleName: ROLE, PolicyArn: SUPPORT }));
    };

    const iamManagement = new IAMClient(opts);
    await supportRole(iamManagement, MANAGEMENT);
    const aOpts = await member(memberA);
    const iamA = new IAMClient(aOpts);
    await supportRole(iamA, memberA);
    const iamB = new IAMClient(await member(memberB));
    await supportRole(iamB, memberB);

    // Member A: a multi-region trail that is logging. moto's CreateTrail insists the bucket exists in the
    // trail's account; there is no S3 client in the project, and moto's documented x-moto-account-id header
    // creates it in member A with one unsigned request.
    const bucket = await fetch(`${moto.endpoint}/member-a-trail`, { method: 'PUT', headers: { 'x-moto-account-id': memberA } });
    expect(bucket.status).toBe(200);
    const ct = new CloudTrailClient(aOpts);
    await ct.send(new CreateTrailCommand({ Name: 'management-events', S3BucketName: 'member-a-trail', IsMultiRegionTrail: true }));
    await ct.send(new StartLoggingCommand({ Name: 'management-events' }));

    // Member A: an enabled rule in us-east-1 (where IAM events are delivered) with a target, matching the role.
    const eb = new EventBridgeClient(aOpts);
    await eb.send(
      new PutRuleCommand({
        Name: 'support-role-watch',
        State: 'ENABLED',
        EventPattern: JSON.stringify({
          $or: [
            { source: ['aws.sts'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: ['AssumeRole'], requestParameters: { roleArn: [`arn:aws:iam::${memberA}:role/${ROLE}`] } } },
            { source: ['aws.iam'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: ['DetachRolePolicy', 'DeleteRole'], requestParameters: { roleName: [ROLE] } } },
          ],
        }),
      }),
    );
    await eb.send(new PutTargetsCommand({ Rule: 'support-role-watch', Targets: [{ Id: 'secops', Arn: `arn:aws:sns:us-east-1:${memberA}:secops-alerts` }] }));

    // Member A sits in an OU whose SCP denies deleting the role or detaching its policy (platform admins exempt).
    root = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await orgs.send(new EnablePolicyTypeCommand({ RootId: root, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    ou = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'workloads' }))).OrganizationalUnit!.Id!;
    await orgs.send(new MoveAccountCommand({ AccountId: memberA, SourceParentId: root, DestinationParentId: ou }));
    const scp = await orgs.send(
      new CreatePolicyCommand({
        Name: 'protect-support-role',
        Description: 'Keep the CIS support role',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: doc([
          {
            Sid: 'ProtectSupportRole',
            Effect: 'Deny',
            Action: ['iam:DeleteRole', 'iam:DetachRolePolicy', 'iam:UpdateAssumeRolePolicy'],
            Resource: `arn:aws:iam::*:role/${ROLE}`,
            Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/platform-admin' } },
          },
        ]),
      }),
    );
    await orgs.send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: ou }));
    for (const c of [orgs, sts, iamManagement, iamA, iamB, ct, eb]) c.destroy();

    // When the management account scans the organization deeply and saves the snapshots
    saveDir = await mkdtemp(join(tmpdir(), 'supportguard-deep-'));
    dirs.push(saveDir);
    scanned = await cli(['scan', '--org', '--deep', '--save', saveDir, '--format', 'json'], moto.env);
    report = JSON.parse(scanned.stdout) as JsonReport;
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('member A, set up as documented, passes monitoring and SCP protection from what the collector read', () => {
    // Then the trail, the rule and the SCP on its OU were all read and evaluated
    expect(lines(report, 'cis-support-role', memberA)).toEqual(['PASS pass: 1 support role(s) with AWSSupportAccess: aws-support.']);
    expect(lines(report, 'support-role-monitoring', memberA)).toEqual([
      'PASS trail-logging: CloudTrail logs management events in every region: management-events.',
      'PASS watched: EventBridge rule(s) support-role-watch catch AssumeRole, DetachRolePolicy and DeleteRole of aws-support.',
    ]);
    expect(lines(report, 'support-role-scp-protection', memberA)).toEqual([
      'PASS protected: SCPs deny iam:DeleteRole and iam:DetachRolePolicy on aws-support to administrators of the account.',
    ]);
    // FullAWSAccess at account, OU and root (as moto and AWS attach it) lets support through at every level.
    expect(lines(report, 'support-role-case-capability', memberA)).toEqual([
      "PASS can-open-cases: aws-support can open and work AWS Support cases: 9 capabilities proved (support:CreateCase, support:DescribeCases, support:AddCommunicationToCase, support:DescribeCommunications, support:AddAttachmentsToSet, support:ResolveCase, support:DescribeSeverityLevels, support:DescribeServices, support-console:*) by its identity policies and 2 SCP(s) at 3 level(s) of the account's path.",
    ]);
  });

  it('member B, a support role and nothing else, fails both for lack of a trail, a rule and an SCP', () => {
    expect(lines(report, 'cis-support-role', memberB)).toEqual(['PASS pass: 1 support role(s) with AWSSupportAccess: aws-support.']);
    expect(lines(report, 'support-role-monitoring', memberB)).toEqual([
      'FAIL no-trail: No multi-region CloudTrail trail logs management events (no trail at all): assuming, detaching or deleting the support role leaves no record.',
      'FAIL not-watched: No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support: its use, detachment or deletion goes unnoticed.',
    ]);
    // FullAWSAccess applies to B (root and account), so "no SCP applies" would be wrong: the note stays empty.
    expect(lines(report, 'support-role-scp-protection', memberB)).toEqual(['FAIL not-protected: No SCP denies iam:DeleteRole and iam:DetachRolePolicy on aws-support.']);
  });

  it('the management account fails SCP protection because SCPs never restrict it, and says so', () => {
    expect(lines(report, 'cis-support-role', MANAGEMENT)).toEqual(['PASS pass: 1 support role(s) with AWSSupportAccess: aws-support.']);
    expect(lines(report, 'support-role-scp-protection', MANAGEMENT)).toEqual([
      'FAIL not-protected: No SCP denies iam:DeleteRole and iam:DetachRolePolicy on aws-support (this is the management account, which SCPs never restrict: protect the role with a permissions boundary on its administrators and keep their number small).',
    ]);
    expect(lines(report, 'support-role-case-capability', MANAGEMENT)[0]).toMatch(/^PASS can-open-cases: .* by its identity policies \(SCPs never restrict the organization's management account\)\.$/);
    expect(lines(report, 'support-role-monitoring', MANAGEMENT).map((l) => l.slice(0, l.indexOf(':')))).toEqual(['FAIL no-trail', 'FAIL not-watched']);
  });

  it('every account has its verdict, no check errored or was skipped, and the FAILs of quality checks make exit code 1', () => {
    expect(report.accounts.map((a) => [a.accountId, a.status]).sort()).toEqual(
      [
        [MANAGEMENT, 'PASS'],
        [memberA, 'PASS'],
        [memberB, 'PASS'],
      ].sort(),
    );
    expect(report.findings.filter((f) => f.status === 'ERROR')).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(scanned.stderr).toBe(`saved 3 snapshot(s) to ${saveDir}\n`);
    expect(scanned.code).toBe(1);
  });

  it('the saved snapshots hold what the collector read: the trail, the rule with its target, the SCPs on the path, the management account', async () => {
    const a = JSON.parse(await readFile(join(saveDir, `${memberA}.json`), 'utf8')).accounts[0];
    // moto returns no event selectors for a new trail (AWS returns the default one, management events included):
    // both mean "management events are logged".
    expect(a.cloudTrail).toEqual({
      status: 'ok',
      data: [
        {
          name: 'management-events',
          isMultiRegion: true,
          arn: `arn:aws:cloudtrail:us-east-1:${memberA}:trail/management-events`,
          homeRegion: 'us-east-1',
          isOrganizationTrail: false,
          isLogging: true,
          logsManagementEvents: true,
        },
      ],
    });
    expect(a.eventBridge.data.map((r: { name: string; region: string; state: string; targets: string[] }) => [r.name, r.region, r.state, r.targets])).toEqual([
      ['support-role-watch', 'us-east-1', 'ENABLED', [`arn:aws:sns:us-east-1:${memberA}:secops-alerts`]],
    ]);
    // Account → OU → root. As in AWS, moto attaches FullAWSAccess to every new account, OU and root;
    // the protecting SCP sits on the OU only.
    const scps = a.serviceControlPolicies.data as { id: string; name: string; targets: string[] }[];
    expect(scps.map((p) => [p.name, p.targets])).toEqual([
      ['FullAWSAccess', [memberA, ou, root]],
      ['protect-support-role', [ou]],
    ]);
    expect(a.knownAccounts.managementAccountId).toBe(MANAGEMENT);
    // moto has no Support DescribeSeverityLevels: the plan is recorded as unread, never guessed (no check needs it here).
    expect(a.supportPlan).toEqual({
      status: 'failed',
      error: { code: 'UnexpectedResponse', operation: 'support:DescribeSeverityLevels', message: 'the endpoint did not answer with this API (unsupported operation or a proxy page)' },
    });

    const m = JSON.parse(await readFile(join(saveDir, `${MANAGEMENT}.json`), 'utf8')).accounts[0];
    expect(m.serviceControlPolicies).toEqual({ status: 'ok', data: [] });
    expect(m.knownAccounts.managementAccountId).toBe(MANAGEMENT);
  });

  it('scanned from eu-west-1, member A is still watched: the collector also reads us-east-1, where IAM events arrive', async () => {
    // From eu-west-1 the trail is a shadow copy; moto answers GetEventSelectors on it with TrailNotFoundException
    // (AWS accepts the ARN), so its selectors stay unknown while GetTrailStatus still says it is logging.
    const { code, stdout } = await cli(['scan', '--org', '--deep', '--region', 'eu-west-1', '--accounts', memberA, '--format', 'json'], moto.env);
    const fromEurope = JSON.parse(stdout) as JsonReport;
    expect(lines(fromEurope, 'support-role-monitoring', memberA)).toEqual([
      'PASS trail-logging: CloudTrail logs management events in every region: management-events.',
      'PASS watched: EventBridge rule(s) support-role-watch catch AssumeRole, DetachRolePolicy and DeleteRole of aws-support.',
    ]);
    expect(fromEurope.findings.filter((f) => f.status === 'FAIL' || f.status === 'ERROR')).toEqual([]);
    expect(code).toBe(0);
  });

  it('`audit DIR` on the saved snapshots gives the same findings, every check, and the same exit code', async () => {
    const audited = await cli(['audit', saveDir, '--format', 'json']);
    const fromAudit = JSON.parse(audited.stdout) as JsonReport;
    const key = (f: Finding) => `${f.accountId} ${f.checkId} ${f.resourceArn} ${f.messageId}`;
    const sorted = (fs: Finding[]) => [...fs].sort((x, y) => key(x).localeCompare(key(y)));
    expect(sorted(fromAudit.findings)).toEqual(sorted(report.findings));
    expect(new Set(fromAudit.findings.map((f) => f.checkId))).toEqual(
      new Set([
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
      ]),
    );
    expect(fromAudit.accounts).toEqual(report.accounts);
    expect(audited.code).toBe(scanned.code);
  });
});

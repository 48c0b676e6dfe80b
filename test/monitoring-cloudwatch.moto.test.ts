import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { cli } from './helpers/cli.js';
import { startMoto, type MotoServer } from './helpers/moto.js';

// The CIS monitoring path end to end: a trail delivering to a CloudWatch Logs log group, a metric filter on the
// support role's events and an alarm with an SNS action, built in moto; `scan --deep` must collect it and the
// monitoring check must PASS through it, and each broken variant must FAIL naming its missing link. moto's own
// answers (not a hand-made snapshot) feed the check, then the saved snapshot is audited again.

const ACCOUNT = '123456789012';
const ROLE = 'aws-support';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
const LOG_GROUP = 'CloudTrail/management';
const LOG_GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${LOG_GROUP}:*`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:secops-alerts`;
const ROLE_PATTERN =
  `{ (($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "${ROLE_ARN}")) || ` +
  `(($.eventName = "DetachRolePolicy" || $.eventName = "DeleteRole") && ($.requestParameters.roleName = "${ROLE}")) }`;

interface Variant {
  pattern?: string;
  alarm?: { actionsEnabled: boolean } | 'none';
  multiRegion?: boolean;
}

interface Finding {
  checkId: string;
  status: string;
  messageId: string;
  message: string;
  resourceType: string;
  details?: Record<string, unknown>;
}

describe('support-role-monitoring through CloudTrail → CloudWatch Logs → metric filter → alarm, in moto', () => {
  let moto: MotoServer;
  const dirs: string[] = [];

  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  /** Builds one account as the variant says, runs `scan --deep --save`, and returns the report and the saved snapshot. */
  async function scanVariant(v: Variant) {
    await moto.reset();
    const opts = { region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
    const iam = new IAMClient(opts);
    await iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] }) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: ROLE, PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }));
    // CreateTrail needs the bucket; there is no S3 client in the project, one unsigned PUT creates it in moto.
    expect((await fetch(`${moto.endpoint}/trail-bucket`, { method: 'PUT' })).status).toBe(200);
    const logs = new CloudWatchLogsClient(opts);
    await logs.send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }));
    const ct = new CloudTrailClient(opts);
    await ct.send(
      new CreateTrailCommand({
        Name: 'management',
        S3BucketName: 'trail-bucket',
        IsMultiRegionTrail: v.multiRegion ?? true,
        CloudWatchLogsLogGroupArn: LOG_GROUP_ARN,
        CloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/cloudtrail-to-logs`,
      }),
    );
    await ct.send(new StartLoggingCommand({ Name: 'management' }));
    await logs.send(
      new PutMetricFilterCommand({
        logGroupName: LOG_GROUP,
        filterName: 'support-role-activity',
        filterPattern: v.pattern ?? ROLE_PATTERN,
        metricTransformations: [{ metricName: 'SupportRoleActivity', metricNamespace: 'CISBenchmark', metricValue: '1' }],
      }),
    );
    if (v.alarm !== 'none') {
      await new CloudWatchClient(opts).send(
        new PutMetricAlarmCommand({
          AlarmName: 'support-role-activity',
          MetricName: 'SupportRoleActivity',
          Namespace: 'CISBenchmark',
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          ActionsEnabled: v.alarm?.actionsEnabled ?? true,
          AlarmActions: [TOPIC],
        }),
      );
    }
    const dir = await mkdtemp(join(tmpdir(), 'sg-cw-'));
    dirs.push(dir);
    const scanned = await cli(['scan', '--deep', '--check', 'support-role-monitoring', '--save', dir, '--format', 'json'], moto.env);
    const report = JSON.parse(scanned.stdout) as { findings: Finding[] };
    // one snapshot file, and the save's manifest (a dot file, not read as a snapshot)
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    expect(await readdir(dir)).toContain('.supportguard-save');
    const saved = JSON.parse(await readFile(join(dir, files[0]!), 'utf8'));
    return { code: scanned.code, stderr: scanned.stderr, findings: report.findings.filter((f) => f.checkId === 'support-role-monitoring'), saved, dir };
  }

  const line = (f: Finding) => `${f.status} ${f.messageId}: ${f.message}`;
  const roleLine = (findings: Finding[]) => findings.filter((f) => f.resourceType === 'AwsIamRole').map(line);

  it('PASSes through the CloudWatch path, and the saved snapshot audits to the same verdict', async () => {
    const { code, findings, saved, dir } = await scanVariant({});
    expect(findings.map(line)).toEqual([
      'PASS trail-logging: CloudTrail logs management events in every region: management.',
      'PASS watched-by-alarm: CloudWatch alarm(s) support-role-activity on metric filter(s) support-role-activity of log group CloudTrail/management (fed by trail management) catch AssumeRole, DetachRolePolicy and DeleteRole of aws-support.',
    ]);
    expect(code).toBe(0);
    // What moto really returned: the pattern verbatim, the trail's log group ARN, ActionsEnabled and the SNS action.
    const account = saved.accounts[0];
    expect(account.cloudTrail.data[0].cloudWatchLogsLogGroupArn).toBe(LOG_GROUP_ARN);
    expect(account.cloudWatch).toEqual({
      status: 'ok',
      data: [
        {
          arn: LOG_GROUP_ARN, name: LOG_GROUP, region: 'us-east-1', accountId: ACCOUNT, trails: ['management'],
          metricFilters: { status: 'ok', data: [{ name: 'support-role-activity', pattern: ROLE_PATTERN, metrics: [{ name: 'SupportRoleActivity', namespace: 'CISBenchmark' }] }] },
          alarms: { status: 'ok', data: [{ name: 'support-role-activity', arn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:support-role-activity`, metrics: [{ name: 'SupportRoleActivity', namespace: 'CISBenchmark' }], actionsEnabled: true, alarmActions: [TOPIC] }] },
        },
      ],
    });
    const audited = await cli(['audit', dir, '--check', 'support-role-monitoring', '--format', 'json']);
    expect(audited.code).toBe(0);
    expect((JSON.parse(audited.stdout) as { findings: Finding[] }).findings.map(line)).toEqual(findings.map(line));
  });

  it.each<[string, Variant, string]>([
    ['a filter for another role', { pattern: ROLE_PATTERN.replaceAll(ROLE, 'aws-support-other') },
      'FAIL no-matching-filter: No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support, and no metric filter on log group CloudTrail/management matches them (filters: support-role-activity).'],
    ['a filter for another event', { pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }' },
      'FAIL no-matching-filter: No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support, and no metric filter on log group CloudTrail/management matches them (filters: support-role-activity).'],
    ['an alarm with ActionsEnabled false', { alarm: { actionsEnabled: false } },
      'FAIL alarm-without-action: No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support: metric filter(s) support-role-activity on log group CloudTrail/management match AssumeRole, DetachRolePolicy, DeleteRole, but alarm(s) support-role-activity alert nobody (support-role-activity: actions disabled).'],
    ['no alarm', { alarm: 'none' },
      'FAIL no-alarm: No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support: metric filter(s) support-role-activity on log group CloudTrail/management match AssumeRole, DetachRolePolicy, DeleteRole, but no CloudWatch alarm watches their metric (CISBenchmark/SupportRoleActivity).'],
    ['a trail that is not multi-region', { multiRegion: false },
      'FAIL log-group-not-fed: No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support: alarm(s) support-role-activity on metric filter(s) support-role-activity would, but log group CloudTrail/management is fed by no multi-region, logging trail that records write management events (management: single-region).'],
  ])('FAILs %s, naming the missing link (exit 1)', async (_name, variant, expected) => {
    const { code, findings } = await scanVariant(variant);
    expect(roleLine(findings)).toEqual([expected]);
    expect(code).toBe(1);
  });
});

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../../test/helpers/cli.js';
import { readCloudTrailLogs } from './cloudtrail.js';
import type { KpiReport } from './kpi.js';

const HISTORY = 'test/fixtures/kpi/history.jsonl';
const TRAIL = 'test/fixtures/kpi/cloudtrail';
const FILE_222 = `${TRAIL}/AWSLogs/222222222222/CloudTrail/us-east-1/2026/11/03/222222222222_CloudTrail_us-east-1_20261103T0800Z_efgh.json`;
/** Dummy credentials in the CLI's environment: the SDK is mocked, nothing leaves the process. */
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };

async function kpiJson(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stderr: string; kpi: KpiReport }> {
  const run = await cli(['kpi', ...args, '--format', 'json'], env);
  return { code: run.code, stderr: run.stderr, kpi: run.code === 0 ? (JSON.parse(run.stdout) as KpiReport) : (undefined as never) };
}

describe('supportguard kpi from history and CloudTrail log files', () => {
  it('computes the pass rate per scan and each account’s trend', async () => {
    const { code, kpi } = await kpiJson(['--history', HISTORY]);
    expect(code).toBe(0);
    expect(kpi.passRate.map((p) => [p.time.slice(0, 10), p.cisPassRate === null ? null : Math.round(p.cisPassRate * 1000) / 10, p.PASS, p.FAIL, p.ERROR])).toEqual([
      ['2026-10-01', 0, 0, 2, 1],
      ['2026-10-15', 33.3, 1, 2, 0],
      ['2026-11-05', 66.7, 2, 1, 0],
    ]);
    expect(kpi.passRateChange).toBe(66.7);
    expect(kpi.accountTrend.map((a) => `${a.accountId} ${a.statuses.map((s) => s.status).join(' ')}`)).toEqual([
      '111111111111 FAIL PASS PASS',
      '222222222222 FAIL FAIL PASS',
      '333333333333 ERROR FAIL FAIL',
    ]);
    // support roles and their last use come from each account's latest scan
    expect(kpi.supportRoles).toEqual([
      { accountId: '111111111111', arn: 'arn:aws:iam::111111111111:role/aws-support-responders', name: 'aws-support-responders', lastUsed: '2026-11-02T10:05:00Z', lastUsedRegion: 'us-east-1', seenAt: '2026-11-05T09:00:00.000Z' },
      { accountId: '222222222222', arn: 'arn:aws:iam::222222222222:role/support/SupportOnCall', name: 'SupportOnCall', seenAt: '2026-11-05T09:00:00.000Z' },
    ]);
    expect(kpi.accountsWithoutSupportRole).toEqual(['333333333333']);
  });

  it('finds support role sessions and tells who opened support cases: root, admins, the support role', async () => {
    // Given the history (support roles, administrators) and a CloudTrail S3 folder with a digest file and an event logged twice
    const { code, kpi } = await kpiJson(['--history', HISTORY, '--cloudtrail', TRAIL]);
    expect(code).toBe(0);
    // Then every session of the support roles is listed, whichever STS call opened it: AssumeRole, AssumeRoleWithSAML
    // (SAML and Identity Center users) and AssumeRoleWithWebIdentity (OIDC); other roles are ignored, refused attempts marked
    expect(kpi.assumeRoleEvents.map((e) => [e.time, e.eventName, e.roleName, e.callerArn, e.errorCode ?? ''])).toEqual([
      ['2026-11-02T10:00:00Z', 'AssumeRole', 'aws-support-responders', 'arn:aws:iam::111111111111:user/alice', ''],
      ['2026-11-03T09:10:00Z', 'AssumeRole', 'SupportOnCall', 'arn:aws:iam::222222222222:user/carol', 'AccessDenied'],
      ['2026-11-04T07:00:00Z', 'AssumeRoleWithSAML', 'aws-support-responders', 'arn:aws:iam::111111111111:saml-provider/AWSSSO_1a2b3c4d_DO_NOT_DELETE as alice@example.com', ''],
      [
        '2026-11-04T07:30:00Z',
        'AssumeRoleWithWebIdentity',
        'aws-support-responders',
        'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com as repo:example/ops:ref:refs/heads/main',
        '',
      ],
      ['2026-11-04T08:00:00Z', 'AssumeRoleWithSAML', 'aws-support-responders', 'arn:aws:iam::111111111111:saml-provider/AWSSSO_1a2b3c4d_DO_NOT_DELETE as mallory@example.com', 'AccessDenied'],
    ]);
    // And each support API call is classified with the rule that decided it
    expect(kpi.supportCaseEvents.map((e) => [e.eventName, e.actorKind, e.rule])).toEqual([
      ['CreateCase', 'root', 'userIdentity.type is Root'],
      ['CreateCase', 'support-role', 'session of support role aws-support-responders (from the scan history)'],
      ['AddCommunicationToCase', 'support-role', 'session of support role aws-support-responders (from the scan history)'],
      ['CreateCase', 'root', 'userIdentity.type is Root'],
      ['CreateCase', 'admin', 'role PlatformBreakGlass has AdministratorAccess (from the scan history)'],
      ['CreateCase', 'admin', 'user name bob-administrator matches /admin|poweruser|OrganizationAccountAccessRole|AWSControlTowerExecution/i'],
      ['CreateCase', 'admin', 'role ops-admin has AdministratorAccess (from the scan history)'],
      ['CreateCase', 'other', 'IAM user not known as administrator'],
      ['ResolveCase', 'support-role', 'session of support role SupportOnCall (from the scan history)'],
    ]);
    // A refused CreateCase opened nothing, so it is not counted
    expect(kpi.casesOpenedBy).toEqual({ root: 2, admin: 3, 'support-role': 1, other: 0 });
  });

  it('limits scans and events to --since', async () => {
    const { kpi } = await kpiJson(['--history', HISTORY, '--cloudtrail', TRAIL, '--since', '2026-10-10']);
    expect(kpi.since).toBe('2026-10-10');
    expect(kpi.scans).toBe(2);
    expect(kpi.casesOpenedBy).toEqual({ root: 1, admin: 3, 'support-role': 1, other: 0 });
  });

  it('prints a readable table', async () => {
    const run = await cli(['kpi', '--history', HISTORY, '--cloudtrail', TRAIL]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  2026-11-05T09:00:00.000Z   66.7%  2 PASS, 1 FAIL, 0 ERROR of 3\n  change: 0% → 66.7% (+66.7 points over 3 scans)\n');
    expect(run.stdout).toContain('  111111111111 (prod)  FAIL → PASS → PASS\n');
    expect(run.stdout).toContain('  111111111111  aws-support-responders  last used 2026-11-02T10:05:00Z in us-east-1\n');
    expect(run.stdout).toContain('  222222222222  SupportOnCall  last use not recorded\n  no support role: 333333333333\n');
    expect(run.stdout).toContain('Support role sessions (AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity): 3, 2 refused\n');
    expect(run.stdout).toContain(
      '  2026-11-04T07:00:00Z  111111111111  aws-support-responders (AssumeRoleWithSAML)  by arn:aws:iam::111111111111:saml-provider/AWSSSO_1a2b3c4d_DO_NOT_DELETE as alice@example.com from 198.51.100.7\n',
    );
    expect(run.stdout).toContain('Support cases opened (CreateCase): 6 — by root 2, by administrators 3, by the support role 1, by others 0\n');
  });

  it('reads gzipped log files as CloudTrail delivers them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-ct-'));
    await writeFile(join(dir, 'x.json.gz'), gzipSync(await readFile(FILE_222)));
    const records = await readCloudTrailLogs([dir]);
    expect(records.map((r) => (r as { eventID?: string }).eventID)).toEqual(['e-0101', 'e-0102', 'e-0103', 'e-0104', 'e-0105', 'e-0005']);
  });

  it('reports corrupt history lines by number and still computes the KPIs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-kpi-'));
    const history = join(dir, 'h.jsonl');
    const lines = (await readFile(HISTORY, 'utf8')).split('\n');
    await writeFile(history, [lines[0], '{"kind":"supportguard-scan",', lines[1], lines[2]].join('\n') + '\n');
    const { code, stderr, kpi } = await kpiJson(['--history', history]);
    expect(code).toBe(0);
    expect(stderr).toMatch(new RegExp(`^supportguard: warning: ${history.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} line 2: not valid JSON \\(.*\\) \\(line skipped\\)\\n$`));
    expect(kpi.scans).toBe(3);
  });

  it('refuses a file with no history record in it (exit 3, one line), instead of a warning per line and zero KPIs', async () => {
    // Given a text file that is not a history (like /etc/passwd), and an empty one
    const dir = await mkdtemp(join(tmpdir(), 'sg-kpi-'));
    const passwd = join(dir, 'passwd');
    await writeFile(passwd, 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
    const empty = join(dir, 'empty.jsonl');
    await writeFile(empty, '\n');
    // When kpi reads them, Then each is one InputError line, exit 3, nothing on stdout
    const run = await cli(['kpi', '--history', passwd]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^supportguard: ${passwd.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not a supportguard history file \\(no valid record in 2 line\\(s\\); line 1: not valid JSON \\(.+\\)\\)\\n$`));
    expect(await cli(['kpi', '--history', empty])).toEqual({ code: 3, stdout: '', stderr: `supportguard: ${empty}: history file is empty (no supportguard history record)\n` });
  });

  it('reports at most 5 corrupt lines one by one, then how many more', async () => {
    // Given a history with 8 corrupt lines among good records
    const dir = await mkdtemp(join(tmpdir(), 'sg-kpi-'));
    const history = join(dir, 'h.jsonl');
    const good = (await readFile(HISTORY, 'utf8')).split('\n').filter(Boolean);
    await writeFile(history, [...good, ...Array.from({ length: 8 }, (_, i) => `garbage ${i}`)].join('\n') + '\n');
    const { code, stderr, kpi } = await kpiJson(['--history', history]);
    // Then the KPIs are computed, with 5 warnings and a count of the rest
    expect(code).toBe(0);
    expect(kpi.scans).toBe(3);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(new RegExp(`^supportguard: warning: .*h\\.jsonl line ${good.length + 1}: not valid JSON`));
    expect(lines[5]).toBe(`supportguard: warning: ${history}: 3 more corrupt line(s) skipped`);
  });

  it('refuses a CloudTrail folder with no log file (exit 3), as audit refuses an empty folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-ct-empty-'));
    await writeFile(join(dir, 'notes.txt'), 'not a log');
    expect(await cli(['kpi', '--cloudtrail', dir])).toEqual({ code: 3, stdout: '', stderr: `supportguard: ${dir}: folder holds no CloudTrail log file (.json or .json.gz)\n` });
  });

  it('refuses bad input with one line: a non-CloudTrail file (exit 3), a bad date or no source (exit 2)', async () => {
    const notTrail = await cli(['kpi', '--cloudtrail', 'examples/accounts/111111111111-support-role.json']);
    expect(notTrail).toMatchObject({ code: 3, stdout: '', stderr: 'supportguard: examples/accounts/111111111111-support-role.json: not a CloudTrail log file (no "Records" list)\n' });
    const missing = await cli(['kpi', '--history', 'no/such/file.jsonl']);
    expect(missing).toMatchObject({ code: 3, stderr: 'supportguard: cannot read history no/such/file.jsonl: ENOENT\n' });
    expect(await cli(['kpi', '--history', HISTORY, '--since', 'last week'])).toMatchObject({ code: 2, stderr: 'supportguard: --since "last week" is not an ISO date (e.g. 2026-01-31)\n' });
    expect(await cli(['kpi'])).toMatchObject({ code: 2, stderr: 'supportguard: give --history, --cloudtrail or --live (see --help)\n' });
    expect(await cli(['kpi', '--history', HISTORY, '--region', 'eu-west-1'])).toMatchObject({ code: 2, stderr: 'supportguard: --profile, --region and --endpoint-url need --live\n' });
  });
});

describe('supportguard kpi --live (CloudTrail LookupEvents, mocked: moto has no LookupEvents)', () => {
  const ct = mockClient(CloudTrailClient);
  afterEach(() => ct.reset());

  it('follows every page of each event name and classifies what it finds', async () => {
    // Given LookupEvents returns the fixture events over two pages for CreateCase and one for AssumeRole
    const trail = JSON.parse(await readFile(`${TRAIL}/AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/02/111111111111_CloudTrail_us-east-1_20261102T1000Z_abcd.json`, 'utf8')) as { Records: { eventName: string; eventID: string }[] };
    const asEvent = (r: { eventID: string }) => ({ EventId: r.eventID, CloudTrailEvent: JSON.stringify(r) });
    const byName = (n: string) => trail.Records.filter((r) => r.eventName === n);
    ct.on(LookupEventsCommand).resolves({ Events: [] });
    ct.on(LookupEventsCommand, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }] }).resolves({ Events: byName('AssumeRole').map(asEvent) });
    // and an Identity Center session (AssumeRoleWithSAML) of the support role
    const saml = (JSON.parse(await readFile(`${TRAIL}/AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/04/111111111111_CloudTrail_us-east-1_20261104T0700Z_ijkl.json`, 'utf8')) as { Records: { eventID: string }[] }).Records[0]!;
    ct.on(LookupEventsCommand, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRoleWithSAML' }] }).resolves({ Events: [asEvent(saml)] });
    const cases = byName('CreateCase');
    ct.on(LookupEventsCommand, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateCase' }], NextToken: undefined }).resolves({ Events: cases.slice(0, 1).map(asEvent), NextToken: 'page2' });
    ct.on(LookupEventsCommand, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateCase' }], NextToken: 'page2' }).resolves({ Events: cases.slice(1).map(asEvent) });
    // When the KPIs are computed live since 2026-10-01
    const { code, kpi } = await kpiJson(['--history', HISTORY, '--live', '--since', '2026-10-01'], ENV);
    // Then both pages were read, every event name was asked for with the start time, and the cases are classified
    expect(code).toBe(0);
    const calls = ct.commandCalls(LookupEventsCommand).map((c) => [c.args[0].input.LookupAttributes![0]!.AttributeValue, c.args[0].input.NextToken ?? '-', c.args[0].input.StartTime?.toISOString()]);
    expect(calls).toEqual([
      ['AssumeRole', '-', '2026-10-01T00:00:00.000Z'],
      ['AssumeRoleWithSAML', '-', '2026-10-01T00:00:00.000Z'],
      ['AssumeRoleWithWebIdentity', '-', '2026-10-01T00:00:00.000Z'],
      ['CreateCase', '-', '2026-10-01T00:00:00.000Z'],
      ['CreateCase', 'page2', '2026-10-01T00:00:00.000Z'],
      ['AddCommunicationToCase', '-', '2026-10-01T00:00:00.000Z'],
      ['ResolveCase', '-', '2026-10-01T00:00:00.000Z'],
    ]);
    expect(kpi.assumeRoleEvents.map((e) => [e.eventName, e.roleName])).toEqual([
      ['AssumeRole', 'aws-support-responders'],
      ['AssumeRoleWithSAML', 'aws-support-responders'],
    ]);
    expect(kpi.casesOpenedBy).toEqual({ root: 1, admin: 1, 'support-role': 1, other: 0 });
  });

  it('exits 3 with one line when CloudTrail refuses (access denied), instead of understating the KPIs', async () => {
    ct.on(LookupEventsCommand).rejects(Object.assign(new Error('User is not authorized to perform: cloudtrail:LookupEvents'), { name: 'AccessDeniedException' }));
    const run = await cli(['kpi', '--history', HISTORY, '--live'], ENV);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('supportguard: cloudtrail:LookupEvents (AssumeRole) failed: AccessDeniedException: User is not authorized to perform: cloudtrail:LookupEvents\n');
  });
});

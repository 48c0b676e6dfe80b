import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from './cloudtrail.js';
import type { DrillHistoryRecord } from './drill-record.js';
import { computeKpis, formatDuration, median, renderKpiTable } from './kpi.js';
import { parseHistory } from './store.js';

const ROLE = 'arn:aws:iam::111111111111:role/aws-support';
const SESSION = 'arn:aws:sts::111111111111:assumed-role/aws-support/incident-42';

function drill(time: string, accounts: [string, number | null, 'PASS' | 'FAIL' | 'ERROR'][]): DrillHistoryRecord {
  return {
    kind: 'supportguard-drill',
    schemaVersion: 1,
    time,
    tool: { name: 'supportguard', version: '0.1.0' },
    testCase: false,
    accounts: accounts.map(([accountId, ms, verdict]) => ({ accountId, roleArn: `arn:aws:iam::${accountId}:role/aws-support`, verdict, timeToEngageMs: ms, timings: { credentialsMs: 1 }, probesAllowed: [], reasons: [] })),
    summary: { total: accounts.length, PASS: 0, FAIL: 0, ERROR: 0 },
  };
}

const assumeRole = (time: string, sessionName: string, extra: Partial<CloudTrailRecord> = {}): CloudTrailRecord => ({
  eventTime: time,
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  recipientAccountId: '111111111111',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice' },
  requestParameters: { roleArn: ROLE, roleSessionName: sessionName },
  responseElements: { assumedRoleUser: { arn: `arn:aws:sts::111111111111:assumed-role/aws-support/${sessionName}` }, credentials: { accessKeyId: `ASIA${sessionName.toUpperCase().replace(/[^A-Z0-9]/g, '')}` } },
  ...extra,
});
const createCase = (time: string, identity: NonNullable<CloudTrailRecord['userIdentity']>, extra: Partial<CloudTrailRecord> = {}): CloudTrailRecord => ({
  eventTime: time,
  eventSource: 'support.amazonaws.com',
  eventName: 'CreateCase',
  recipientAccountId: '111111111111',
  userIdentity: { type: 'AssumedRole', ...identity },
  ...extra,
});

describe('MTTES', () => {
  it('from drills: per account the latest and the median, overall the median; drills that never reached Support are left out', () => {
    // Given three drills of two accounts, one of which never reached Support
    const drills = [drill('2026-11-01T00:00:00Z', [['111111111111', 4000, 'PASS'], ['222222222222', null, 'ERROR']]), drill('2026-11-08T00:00:00Z', [['111111111111', 2000, 'PASS'], ['222222222222', 9000, 'FAIL']]), drill('2026-11-15T00:00:00Z', [['111111111111', 3000, 'PASS']])];
    const k = computeKpis([], [], { drills });
    expect(k.mttes.drills).toEqual({
      count: 4,
      medianMs: 3500,
      latestMs: 3000,
      accounts: [
        { accountId: '111111111111', drills: 3, latestMs: 3000, latestAt: '2026-11-15T00:00:00Z', latestVerdict: 'PASS', medianMs: 3000 },
        { accountId: '222222222222', drills: 1, latestMs: 9000, latestAt: '2026-11-08T00:00:00Z', latestVerdict: 'FAIL', medianMs: 9000 },
      ],
    });
    expect(renderKpiTable(k)).toContain(
      'Mean time to engage support (MTTES), from drills: median 3.5 s over 4 drill(s), latest 3.0 s\n  111111111111  latest 3.0 s (PASS)  median 3.0 s over 3 drill(s)\n  222222222222  latest 9.0 s (FAIL)  median 9.0 s over 1 drill(s)\n',
    );
    // --since drops older drills
    expect(computeKpis([], [], { drills, since: '2026-11-10' }).mttes.drills.count).toBe(1);
  });

  it('from CloudTrail: a support-role session to its first CreateCase, matched by the assumed-role ARN or the access key', () => {
    // Given two sessions of the drilled role: one opens two cases (only the first counts), one is matched by key only;
    // a third session opens none, a refused CreateCase opens nothing, and a case of another session is not theirs
    const events = [
      assumeRole('2026-11-20T10:00:00Z', 'incident-42'),
      createCase('2026-11-20T10:07:30Z', { arn: SESSION }),
      createCase('2026-11-20T10:09:00Z', { arn: SESSION }),
      assumeRole('2026-11-21T08:00:00Z', 'supportguard-drill-1'),
      createCase('2026-11-21T08:00:02Z', { arn: 'arn:aws:sts::111111111111:assumed-role/aws-support/renamed', accessKeyId: 'ASIASUPPORTGUARDDRILL1' }),
      assumeRole('2026-11-22T08:00:00Z', 'quiet'),
      assumeRole('2026-11-23T08:00:00Z', 'refused-case'),
      createCase('2026-11-23T08:01:00Z', { arn: 'arn:aws:sts::111111111111:assumed-role/aws-support/refused-case' }, { errorCode: 'AccessDeniedException' }),
      createCase('2026-11-23T09:00:00Z', { arn: 'arn:aws:sts::111111111111:assumed-role/Admin/bob' }),
    ];
    const k = computeKpis([], events, { drills: [drill('2026-11-01T00:00:00Z', [['111111111111', 1000, 'PASS']])] });
    expect(k.mttes.incidents).toEqual([
      { accountId: '111111111111', roleArn: ROLE, sessionArn: SESSION, assumedAt: '2026-11-20T10:00:00Z', caseCreatedAt: '2026-11-20T10:07:30Z', mttesMs: 450_000, drill: false },
      { accountId: '111111111111', roleArn: ROLE, sessionArn: 'arn:aws:sts::111111111111:assumed-role/aws-support/supportguard-drill-1', assumedAt: '2026-11-21T08:00:00Z', caseCreatedAt: '2026-11-21T08:00:02Z', mttesMs: 2000, drill: true },
    ]);
    expect(k.mttes.incidentMedianMs).toBe(226_000);
    expect(renderKpiTable(k)).toContain(
      'MTTES from CloudTrail (support-role AssumeRole → first CreateCase of that session): 2 incident(s), median 3.8 min\n  2026-11-20T10:00:00Z  111111111111    7.5 min  arn:aws:sts::111111111111:assumed-role/aws-support/incident-42\n  2026-11-21T08:00:00Z  111111111111      2.0 s  arn:aws:sts::111111111111:assumed-role/aws-support/supportguard-drill-1  (drill)\n',
    );
  });

  it('a role known neither from a scan nor from a drill is no support role: its sessions are no incidents', () => {
    const k = computeKpis([], [assumeRole('2026-11-20T10:00:00Z', 'incident-42'), createCase('2026-11-20T10:07:30Z', { arn: SESSION })]);
    expect(k.mttes).toEqual({ drills: { count: 0, medianMs: null, latestMs: null, accounts: [] }, incidents: [], incidentMedianMs: null });
    expect(renderKpiTable(k)).toContain('Mean time to engage support (MTTES), from drills: no drill reached Support (run `supportguard drill --history FILE`)\n');
  });

  it('median and durations', () => {
    expect([median([]), median([5]), median([9, 1, 4]), median([1, 2, 3, 4])]).toEqual([null, 5, 4, 3]);
    expect([formatDuration(850), formatDuration(12_400), formatDuration(450_000), formatDuration(7_560_000)]).toEqual(['850 ms', '12.4 s', '7.5 min', '2.1 h']);
  });
});

describe('drill lines in the history file', () => {
  it('are read as drills, not as scans and not as corrupt lines; a broken drill line is a problem naming why', () => {
    const good = JSON.stringify(drill('2026-11-01T00:00:00Z', [['111111111111', 1200, 'PASS']]));
    const bad = JSON.stringify({ ...drill('2026-11-02T00:00:00Z', []), accounts: [{ accountId: '1', verdict: 'MAYBE' }] });
    const negative = JSON.stringify(drill('2026-11-03T00:00:00Z', [['111111111111', -5, 'PASS']]));
    const read = parseHistory([good, bad, negative].join('\n'));
    expect(read.records).toEqual([]);
    expect(read.drills.map((d) => d.time)).toEqual(['2026-11-01T00:00:00Z']);
    expect(read.problems).toEqual([
      { line: 2, message: 'a drill account lacks accountId or verdict' },
      { line: 3, message: 'a drill account has no valid timeToEngageMs' },
    ]);
  });
});

describe('history consumers with drill lines among the scans', () => {
  it('the dashboard shows the same pass-rate trend and no problem; kpi the same pass rate plus MTTES', async () => {
    const { mkdtemp, readFile, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { dashboardLoader } = await import('../dashboard/load.js');
    const { CHECKS } = await import('../checks/registry.js');
    const scans = await readFile('test/fixtures/kpi/history.jsonl', 'utf8');
    const dir = await mkdtemp(join(tmpdir(), 'sg-mixed-'));
    const mixed = join(dir, 'history.jsonl');
    // Given the scans' history with a drill line first and another between the scans
    const [first, ...rest] = scans.trim().split('\n');
    await writeFile(mixed, [JSON.stringify(drill('2026-09-30T00:00:00Z', [['111111111111', 1500, 'PASS']])), first, JSON.stringify(drill('2026-10-02T00:00:00Z', [['111111111111', 2500, 'PASS']])), ...rest].join('\n') + '\n');

    const plain = await (await dashboardLoader({ history: 'test/fixtures/kpi/history.jsonl' }, CHECKS))();
    const withDrills = await (await dashboardLoader({ history: mixed }, CHECKS))();
    expect(withDrills.trend).toEqual(plain.trend);
    expect(withDrills.trend).toHaveLength(3);
    expect(withDrills.historyProblems).toEqual([]);

    const read = parseHistory(await readFile(mixed, 'utf8'));
    const k = computeKpis(read.records, [], { drills: read.drills });
    expect(k.passRate).toEqual(computeKpis(parseHistory(scans).records, []).passRate);
    expect(k.mttes.drills.medianMs).toBe(2000);
  });
});

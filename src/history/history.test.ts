import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../../test/helpers/cli.js';
import { readHistory } from './store.js';
import type { HistoryRecord } from './record.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-history-'));
});

describe('scan history (--history)', () => {
  it('appends one JSON line per run with verdicts, support roles and their last use', async () => {
    // Given an empty history file name
    const history = join(dir, 'scans.jsonl');
    // When two audits run with --history
    const first = await cli(['audit', 'examples/accounts', '--history', history, '--format', 'json', '--exit-zero']);
    const second = await cli(['audit', 'examples/accounts/111111111111-support-role.json', '--history', history, '--exit-zero']);
    expect([first.code, second.code]).toEqual([0, 0]);
    // Then the file holds exactly two lines, each a full record
    const text = await readFile(history, 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    expect(text.endsWith('\n')).toBe(true);
    const [a, b] = text.trim().split('\n').map((l) => JSON.parse(l) as HistoryRecord);
    expect(a!.kind).toBe('supportguard-scan');
    expect(a!.tool.name).toBe('supportguard');
    expect(a!.summary.accounts).toEqual({ total: 8, PASS: 2, FAIL: 5, ERROR: 1 });
    expect(a!.checks['cis-support-role']).toEqual({ PASS: 2, FAIL: 5, ERROR: 1, INFO: 0 });
    expect(a!.accounts.map((x) => `${x.accountId}:${x.status}`)).toEqual([
      '111111111111:PASS', '222222222222:FAIL', '333333333333:FAIL', '444444444444:FAIL', '555555555555:FAIL', '666666666666:FAIL', '777777777777:PASS', '888888888888:ERROR',
    ]);
    expect(a!.accounts[0]!.supportRoles).toEqual([
      { arn: 'arn:aws:iam::111111111111:role/aws-support-responders', name: 'aws-support-responders', lastUsed: '2026-10-02T14:11:00Z', lastUsedRegion: 'us-east-1' },
    ]);
    // administrators are recorded so `kpi` can tell who opened a support case
    expect(a!.accounts[1]!.adminPrincipals).toEqual(['arn:aws:iam::222222222222:role/ops-admin']);
    // the time of the record is the report's generatedAt
    expect(a!.time).toBe(JSON.parse(first.stdout).generatedAt);
    expect(b!.accounts).toHaveLength(1);
    expect(Date.parse(b!.time)).toBeGreaterThanOrEqual(Date.parse(a!.time));
  });

  it('reports a corrupt line with its number and keeps the good ones', async () => {
    // Given a history with a good line, a torn line (a run killed mid-write) and a foreign JSON line
    const history = join(dir, 'scans.jsonl');
    await cli(['audit', 'examples/accounts/111111111111-support-role.json', '--history', history]);
    const good = (await readFile(history, 'utf8')).trim();
    await writeFile(history, `${good}\n${good.slice(0, 40)}\n{"hello":"world"}\n`);
    // When read
    const { records, problems } = await readHistory(history);
    // Then the good line is kept and each bad one is named by its line number
    expect(records).toHaveLength(1);
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
    expect(problems[0]!.message).toMatch(/^not valid JSON/);
    expect(problems[1]!.message).toBe('not a supportguard scan record (kind undefined)');
  });

  it('never glues a new record onto a torn last line', async () => {
    // Given a history whose last line was cut off without a newline
    const history = join(dir, 'scans.jsonl');
    await writeFile(history, '{"kind":"supportguard-scan","sch');
    // When a run appends
    const run = await cli(['audit', 'examples/accounts/111111111111-support-role.json', '--history', history]);
    expect(run.code).toBe(0);
    // Then the torn fragment stays its own (reported) line and the new record is intact on line 2
    const { records, problems } = await readHistory(history);
    expect(problems).toEqual([{ line: 1, message: expect.stringMatching(/^not valid JSON/) }]);
    expect(records).toHaveLength(1);
    expect(records[0]!.accounts[0]!.accountId).toBe('111111111111');
  });

  it('fails with one line and exit 3 when the history cannot be written', async () => {
    // Given a history path that is a directory
    const run = await cli(['audit', 'examples/accounts/111111111111-support-role.json', '--history', dir]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`supportguard: cannot append to history ${dir}: EISDIR\n`);
  });
});

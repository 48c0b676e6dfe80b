import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../../test/helpers/cli.js';
import { readHistory } from './store.js';
import type { HistoryRecord } from './record.js';

/** The message JSON.parse gives for this text on this Node version. */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('valid JSON');
}

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
    expect(a!.summary.accounts).toEqual({ total: 9, PASS: 3, FAIL: 5, ERROR: 1 });
    expect(a!.checks['cis-support-role']).toEqual({ PASS: 3, FAIL: 5, ERROR: 1, INFO: 0 });
    expect(a!.accounts.map((x) => `${x.accountId}:${x.status}`)).toEqual([
      '111111111111:PASS', '121212121212:PASS', '222222222222:FAIL', '333333333333:FAIL', '444444444444:FAIL', '555555555555:FAIL', '666666666666:FAIL', '777777777777:PASS', '888888888888:ERROR',
    ]);
    expect(a!.accounts[0]!.supportRoles).toEqual([
      {
        arn: 'arn:aws:iam::111111111111:role/aws-support-responders',
        name: 'aws-support-responders',
        lastUsed: '2026-10-02T14:11:00Z',
        lastUsedRegion: 'us-east-1',
        // who could assume it, for `review` and `kpi` (no responder list configured: no approvedAs)
        assumers: [{ principal: 'user arn:aws:iam::111111111111:user/alice', arn: 'arn:aws:iam::111111111111:user/alice', who: 'responder', requiresMfa: true, requiresExternalId: false, otherConditions: [] }],
      },
    ]);
    // administrators are recorded so `kpi` can tell who opened a support case
    expect(a!.accounts[2]!.adminPrincipals).toEqual(['arn:aws:iam::222222222222:role/ops-admin']);
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

  it('refuses a folder as history with one line and exit 3, before any report is written', async () => {
    // Given a history path that is a directory
    const report = join(dir, 'report.json');
    const run = await cli(['audit', 'examples/accounts/111111111111-support-role.json', '--history', dir, '-o', report]);
    expect(run).toEqual({ code: 3, stdout: '', stderr: `supportguard: --history ${dir}: not a file\n` });
    expect(existsSync(report)).toBe(false);
  });

  it('refuses to append to a file that is not a history (a JSON line into a text file), leaving it and -o untouched', async () => {
    // Given a plain text file passed as --history by mistake
    const notes = join(dir, 'notes.txt');
    await writeFile(notes, 'deploy checklist\n- rotate keys\n');
    const report = join(dir, 'report.json');
    // When an audit runs with it
    const run = await cli(['audit', 'examples/accounts/111111111111-support-role.json', '--history', notes, '-o', report, '--format', 'json']);
    // Then one InputError line, exit 3, the file unchanged and no report written (validated before the work)
    expect(run).toEqual({ code: 3, stdout: '', stderr: `supportguard: --history ${notes}: not a supportguard history file (line 1: not valid JSON (${jsonError('deploy checklist')})); refusing to append to it\n` });
    expect(await readFile(notes, 'utf8')).toBe('deploy checklist\n- rotate keys\n');
    expect(existsSync(report)).toBe(false);
    // And a JSON file that is not a history is refused the same way
    const other = join(dir, 'report-old.json');
    await writeFile(other, '{"generatedAt":"2026-11-01T00:00:00Z"}\n');
    const json = await cli(['audit', 'examples/accounts/111111111111-support-role.json', '--history', other]);
    expect(json).toMatchObject({ code: 3, stderr: `supportguard: --history ${other}: not a supportguard history file (line 1: not a supportguard scan record (kind undefined)); refusing to append to it\n` });
  });

  it('creates missing folders for the history, as -o does', async () => {
    const history = join(dir, 'new', 'deeper', 'scans.jsonl');
    const run = await cli(['audit', 'examples/accounts/111111111111-support-role.json', '--history', history, '-o', join(dir, 'out', 'r.txt')]);
    expect(run.code).toBe(0);
    const { records } = await readHistory(history);
    expect(records.map((r) => r.accounts[0]!.accountId)).toEqual(['111111111111']);
  });

  it('refuses a history under a path whose parent is a file, before the report', async () => {
    const file = join(dir, 'plain');
    await writeFile(file, 'x');
    const report = join(dir, 'r.txt');
    const run = await cli(['audit', 'examples/accounts/111111111111-support-role.json', '--history', join(file, 'scans.jsonl'), '-o', report]);
    expect(run).toEqual({ code: 3, stdout: '', stderr: `supportguard: --history ${join(file, 'scans.jsonl')}: ${file} is not a folder\n` });
    expect(existsSync(report)).toBe(false);
  });
});

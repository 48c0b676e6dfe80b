import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

// Issue 11 §3: several outputs in one run, and what is shown (--severity, --status, --quiet) apart from what fails.
const FAILING = 'examples/accounts/222222222222-users-and-groups-only.json'; // FAIL medium cis-support-role + 3 INFO
const PASSING = 'examples/accounts/111111111111-support-role.json';
const tmp = () => mkdtempSync(join(tmpdir(), 'sg-outputs-'));

describe('several outputs in one run', () => {
  it('-f table,json,sarif,html -o DIR/ writes one file per format under its documented name, and prints nothing', async () => {
    const dir = join(tmp(), 'reports/');
    const r = await cli(['audit', FAILING, '-f', 'table,json,sarif,html', '-o', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual(['supportguard.html', 'supportguard.json', 'supportguard.sarif', 'supportguard.txt']);
    expect(r.stderr).toBe(['table', 'json', 'sarif', 'html'].map((f) => `wrote ${f} report to ${join(dir, { table: 'supportguard.txt', json: 'supportguard.json', sarif: 'supportguard.sarif', html: 'supportguard.html' }[f]!)}\n`).join(''));
    expect(JSON.parse(readFileSync(join(dir, 'supportguard.json'), 'utf8')).summary.accounts).toEqual({ total: 1, PASS: 0, FAIL: 1, ERROR: 0 });
    expect(JSON.parse(readFileSync(join(dir, 'supportguard.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(join(dir, 'supportguard.txt'), 'utf8')).toContain('account 222222222222  FAIL \n  FAIL  medium   cis-support-role\n');
    expect(readFileSync(join(dir, 'supportguard.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('-f ocsf,asff,json -o DIR/ writes the reports the CLI gets in parts whole: OCSF one event a line, ASFF and JSON indented', async () => {
    // Given every example account (the CIS check), the three formats that come in parts, to files and OCSF also to stdout
    const dir = join(tmp(), 'reports/');
    const files = await cli(['audit', 'examples/accounts', '--check', 'cis-support-role', '-f', 'ocsf,asff,json', '-o', dir, '--exit-zero']);
    const stdout = await cli(['audit', 'examples/accounts', '--check', 'cis-support-role', '-f', 'ocsf', '--exit-zero']);
    expect(files).toMatchObject({ code: 0, stdout: '' });
    // Then the OCSF file is "[", one compact event a line (a Detection and a Compliance Finding per account), "]"
    for (const text of [readFileSync(join(dir, 'supportguard.ocsf.json'), 'utf8'), stdout.stdout]) {
      const lines = text.split('\n');
      expect([lines[0], ...lines.slice(-2)]).toEqual(['[', ']', '']);
      const events = lines.slice(1, -2).map((l) => JSON.parse(l.replace(/,$/, '')) as { class_uid: number });
      expect(events.map((e) => e.class_uid)).toEqual(Array.from({ length: 9 }, () => [2004, 2003]).flat());
      expect(JSON.parse(text)).toEqual(events);
    }
    // and ASFF and JSON are the two-space indented documents they always were, whole
    for (const name of ['supportguard.asff.json', 'supportguard.json']) {
      const text = readFileSync(join(dir, name), 'utf8');
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
    expect(JSON.parse(readFileSync(join(dir, 'supportguard.asff.json'), 'utf8'))).toHaveLength(9);
    expect(JSON.parse(readFileSync(join(dir, 'supportguard.json'), 'utf8')).findings).toHaveLength(9);
  });

  it('a repeated -f adds formats instead of keeping the last one', async () => {
    const dir = tmp();
    const r = await cli(['audit', PASSING, '-f', 'json', '-f', 'csv,junit', '-o', dir]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['supportguard.csv', 'supportguard.json', 'supportguard.junit.xml']);
  });

  it('--output-file FORMAT=PATH places a format anywhere, and the table stays on stdout', async () => {
    const dir = tmp();
    const r = await cli(['audit', FAILING, '--output-file', `sarif=${join(dir, 'ci.sarif')}`, '--output-file', `json=${join(dir, 'r.json')}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('account 222222222222  FAIL ');
    expect(readdirSync(dir).sort()).toEqual(['ci.sarif', 'r.json']);
  });

  it('-o FILE with one format still writes that file', async () => {
    const file = join(tmp(), 'report.json');
    const r = await cli(['audit', PASSING, '-f', 'json', '-o', file]);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: `wrote json report to ${file}\n` });
    expect(JSON.parse(readFileSync(file, 'utf8')).accounts[0].status).toBe('PASS');
  });

  it('refuses, with one line and exit 2, what it cannot do as asked, before reading any input', async () => {
    const file = join(tmp(), 'exists.txt');
    writeFileSync(file, 'keep me');
    const cases: [string[], string][] = [
      [['-f', 'table,json'], 'supportguard: only one output can go to stdout, not table and json: give -o DIR/ or --output-file FORMAT=PATH for the others\n'],
      [['-f', 'json,xml', '-o', 'x/'], 'supportguard: unknown --format "xml" (one of: table, json, junit, csv, ocsf, asff, html, sarif)\n'],
      [['-f', 'json,', '-o', 'x/'], 'supportguard: --format "json," has an empty entry (one of: table, json, junit, csv, ocsf, asff, html, sarif, comma-separated)\n'],
      [['-f', 'json,sarif', '-o', file], `supportguard: -o ${file} is a file, but 2 formats (json, sarif) need a folder: give -o DIR/ or --output-file FORMAT=PATH\n`],
      [['--output-file', 'sarif'], 'supportguard: --output-file "sarif" must be FORMAT=PATH (e.g. sarif=supportguard.sarif; PATH - is stdout)\n'],
      [['--output-file', 'json=a.json', '--output-file', 'sarif=a.json'], 'supportguard: a.json is given for both json and sarif: each output needs its own file\n'],
      [['--output-file', 'json=-'], 'supportguard: only one output can go to stdout, not json and table: give -o DIR/ or --output-file FORMAT=PATH for the others\n'],
      [['--quiet', '--verbose'], "supportguard: option '-q, --quiet' cannot be used with option '--verbose'\n"],
    ];
    for (const [flags, stderr] of cases) expect(await cli(['audit', 'does-not-exist.json', ...flags])).toEqual({ code: 2, stdout: '', stderr });
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('writes no file at all when one of them cannot be written', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'supportguard.sarif')); // a folder where the SARIF file should go
    const r = await cli(['audit', PASSING, '-f', 'json,sarif,csv', '-o', dir]);
    expect(r).toEqual({ code: 3, stdout: '', stderr: `supportguard: cannot write ${join(dir, 'supportguard.sarif')}: it is a folder\n` });
    expect(readdirSync(dir)).toEqual(['supportguard.sarif']);
  });

  it('drill and kpi write table and json in one run too', async () => {
    const dir = tmp();
    const history = join(dir, 'scans.jsonl');
    expect((await cli(['audit', PASSING, '--history', history, '-o', join(dir, 'a.txt')])).code).toBe(0);
    const r = await cli(['kpi', '--history', history, '-f', 'table,json', '-o', join(dir, 'kpi/')]);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(readdirSync(join(dir, 'kpi')).sort()).toEqual(['supportguard-kpi.json', 'supportguard-kpi.txt']);
    expect(JSON.parse(readFileSync(join(dir, 'kpi', 'supportguard-kpi.json'), 'utf8'))).toBeTypeOf('object');
    expect(await cli(['drill', '-f', 'table,json'])).toMatchObject({ code: 2, stderr: 'supportguard: only one output can go to stdout, not table and json: give -o DIR/ or --output-file FORMAT=PATH for the others\n' });
  });
});

describe('what is shown (--severity, --status, --quiet) is not what fails (--fail-on)', () => {
  it('--severity high hides the medium FAIL, says so, and the run still fails on it', async () => {
    const r = await cli(['audit', FAILING, '--severity', 'high']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'account 222222222222  FAIL ',
        '',
        '1 account(s): 0 PASS, 1 FAIL, 0 ERROR; CIS support-role pass rate 0% of judged accounts.',
        '4 finding(s) not shown (--severity high): 1 FAIL, 3 INFO.',
        'Not run for lack of data (only scan --deep collects it): support-role-monitoring, support-role-scp-protection.',
        '',
      ].join('\n'),
    );
  });

  it('--status INFO shows exactly the INFO findings; the JSON summary still counts every finding and says what it left out', async () => {
    const table = await cli(['audit', FAILING, '--status', 'INFO']);
    expect(table.stdout.match(/^ {2}\w+/gm)).toEqual(['  INFO', '  INFO', '  INFO']);
    const r = await cli(['audit', FAILING, '--status', 'INFO', '-f', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { status: string }) => f.status)).toEqual(['INFO', 'INFO', 'INFO']);
    expect(report.summary.findings).toEqual({ PASS: 0, FAIL: 1, ERROR: 0, INFO: 3 });
    expect(report.filtered).toEqual({ total: 1, byStatus: { PASS: 0, FAIL: 1, ERROR: 0, INFO: 0 }, suppressed: 0, by: ['--status INFO'] });
  });

  it('--fail-on high passes a run whose only FAIL is medium, whatever is shown', async () => {
    expect((await cli(['audit', FAILING, '--fail-on', 'high', '--status', 'FAIL'])).code).toBe(0);
  });

  it('--quiet prints only the accounts with a FAIL or ERROR, and the summary', async () => {
    const r = await cli(['audit', FAILING, PASSING, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('account '))).toEqual(['account 222222222222  FAIL ']);
    expect(r.stdout).toContain('1 account(s) with no FAIL or ERROR finding shown not listed (1 PASS; --quiet).\n2 account(s): 1 PASS, 1 FAIL, 0 ERROR;');
    expect(r.stdout).toContain('\n11 finding(s) not shown (--quiet): 8 PASS, 3 INFO.\n');
  });

  it('a filtered format that cannot say it itself gets the count on stderr', async () => {
    const file = join(tmp(), 'r.sarif');
    const r = await cli(['audit', FAILING, '--severity', 'high', '-f', 'sarif', '-o', file, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('supportguard: note: 4 finding(s) not shown (--severity high, --quiet): 1 FAIL, 3 INFO. --fail-on and the exit code still count them.\n');
    expect(JSON.parse(readFileSync(file, 'utf8')).runs[0].results).toEqual([]);
  });

  it('refuses an unknown severity or status with one line', async () => {
    expect(await cli(['audit', FAILING, '--severity', 'severe'])).toEqual({ code: 2, stdout: '', stderr: 'supportguard: unknown --severity "severe" (a minimum or a comma list of: info, low, medium, high, critical)\n' });
    expect(await cli(['audit', FAILING, '--status', 'FAIL,WARN'])).toEqual({ code: 2, stdout: '', stderr: 'supportguard: unknown --status "WARN" (a comma list of: PASS, FAIL, ERROR, INFO, SUPPRESSED)\n' });
  });
});

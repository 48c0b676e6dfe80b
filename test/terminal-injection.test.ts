import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { terminalSafe, terminalSafeValue } from '../src/report/terminal.js';
import { renderHtml } from '../src/report/html.js';
import { cli } from './helpers/cli.js';
import { exampleReportInput } from './helpers/report-input.js';

// Terminal injection (issue 15, item 11): values from exports, history files and AWS answers must not clear the
// screen, fake or hide text, or reverse it, in any command's text output.

const ESC = '\u001b';
/** Clear screen, a fake line, conceal, a C1 CSI, and a right-to-left override. */
const HOSTILE = `${ESC}[2J${ESC}[8mhidden\r\u009b31mfake\u202Eexe.txt`;
/** Anything a terminal would act on. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-tty-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('terminalSafe', () => {
  it('replaces C0, DEL, C1 and bidirectional controls, and keeps tab, newline and ordinary Unicode', () => {
    expect(terminalSafe(`${HOSTILE}\tnext\nline é 日本`)).toBe('?[2J?[8mhidden??31mfake?exe.txt\tnext\nline é 日本');
  });

  it('for one value, replaces tab and newline too', () => {
    expect(terminalSafeValue(`${HOSTILE}\tnext\nline é`)).toBe('?[2J?[8mhidden??31mfake?exe.txt?next?line é');
  });
});

describe('every text output is filtered', () => {
  it('kpi prints RoleLastUsed fields and names from an export and a history file as inert text', async () => {
    // Given an export whose support role's RoleLastUsed region and account name carry escape sequences
    const exportFile = join(dir, '111111111111.json');
    const raw = JSON.parse(await readFile('examples/accounts/111111111111-support-role.json', 'utf8'));
    const role = raw.RoleDetailList.find((r: { RoleName: string }) => r.RoleName === 'aws-support-responders');
    role.RoleLastUsed = { LastUsedDate: '2026-10-02T14:11:00Z', Region: HOSTILE };
    await writeFile(exportFile, JSON.stringify(raw));
    const history = join(dir, 'scans.jsonl');
    expect((await cli(['audit', exportFile, '--history', history, '--exit-zero'])).code).toBe(0);
    // and a history line edited by someone else (account name with the same payload)
    const line = JSON.parse((await readFile(history, 'utf8')).trim());
    line.accounts[0].accountName = HOSTILE;
    await writeFile(history, JSON.stringify(line) + '\n');
    // When kpi prints its table
    const r = await cli(['kpi', '--history', history]);
    // Then the values are there, made inert
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(UNSAFE);
    expect(r.stdout).toContain('last used 2026-10-02T14:11:00Z in ?[2J?[8mhidden??31mfake?exe.txt');
  });

  it('kpi keeps a newline inside one value from faking a line of its own', async () => {
    const history = join(dir, 'scans.jsonl');
    await cli(['audit', 'examples/accounts/111111111111-support-role.json', '--history', history, '--exit-zero']);
    const line = JSON.parse((await readFile(history, 'utf8')).trim());
    line.accounts[0].accountName = 'prod\nSupport cases opened (CreateCase): 0';
    await writeFile(history, JSON.stringify(line) + '\n');
    const r = await cli(['kpi', '--history', history]);
    expect(r.stdout).toContain('111111111111 (prod?Support cases opened (CreateCase): 0)');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('Support cases opened'))).toHaveLength(1);
  });

  it('an error line naming a hostile path is one inert line on stderr', async () => {
    const r = await cli(['audit', join(dir, `missing${HOSTILE}.json`)]);
    expect(r.code).toBe(3);
    expect(r.stderr).not.toMatch(UNSAFE);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  it('the HTML report neutralises a right-to-left override as well as markup', async () => {
    const input = await exampleReportInput(['examples/accounts']);
    input.result.findings[0]!.message = `role named harmless\u202Eexe.txt`;
    const html = renderHtml(input);
    expect(html).not.toContain('\u202E');
    expect(html).toContain('role named harmless\ufffdexe.txt');
  });
});

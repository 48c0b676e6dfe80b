import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const EX = 'examples/accounts';

describe('supportguard audit (offline)', () => {
  it('audits the bundled examples: exit 3 because one export is truncated (ERROR wins over FAIL)', async () => {
    const r = await cli(['audit', EX]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('account 222222222222  FAIL');
    expect(r.stdout).toContain('account 888888888888  ERROR');
    expect(r.stdout).toContain('9 account(s): 3 PASS, 5 FAIL, 1 ERROR; CIS support-role pass rate 37.5% of judged accounts.');
  });

  it('exits 0 when every account passes the checks asked for', async () => {
    const r = await cli(['audit', `${EX}/111111111111-support-role.json`, `${EX}/777777777777-govcloud-url-encoded.json`, '--check', 'cis-support-role']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 account(s): 2 PASS, 0 FAIL, 0 ERROR; CIS support-role pass rate 100% of judged accounts.');
  });

  it('exits 0 for an account whose support role passes every check, and 1 when a quality check fails although CIS passes', async () => {
    expect((await cli(['audit', `${EX}/111111111111-support-role.json`])).code).toBe(0);
    // GovCloud example: the CIS control passes, but nobody can assume the role and it lacks a purpose tag
    const gov = await cli(['audit', `${EX}/777777777777-govcloud-url-encoded.json`, '-f', 'json']);
    expect(gov.code).toBe(1);
    const fails = JSON.parse(gov.stdout).findings.filter((f: { status: string }) => f.status === 'FAIL').map((f: { checkId: string; messageId: string }) => `${f.checkId} ${f.messageId}`);
    expect(fails).toEqual(['support-role-effective-access unusable', 'support-role-tags missing-tags']);
  });

  it('exits 1 when an account fails', async () => {
    const r = await cli(['audit', `${EX}/555555555555-service-linked-only.json`]);
    expect(r.code).toBe(1);
    // The table wraps long reasons; compare the text with white space folded.
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('the only support-related role is the service-linked AWSServiceRoleForSupport');
  });

  it('--fail-on high lets a medium FAIL through with exit 0; the FAIL is still reported', async () => {
    const r = await cli(['audit', `${EX}/555555555555-service-linked-only.json`, '--fail-on', 'high']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('FAIL  medium   cis-support-role');
  });

  it('--exit-zero reports FAIL and ERROR without failing the pipeline', async () => {
    const r = await cli(['audit', EX, '--exit-zero']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 ERROR');
  });

  it('--format json gives every account a verdict and every finding its references', async () => {
    const r = await cli(['audit', EX, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.summary.accounts).toEqual({ total: 9, PASS: 3, FAIL: 5, ERROR: 1 });
    expect(report.accounts.map((a: { accountId: string; status: string }) => `${a.accountId} ${a.status}`)).toEqual([
      '111111111111 PASS',
      '121212121212 PASS',
      '222222222222 FAIL',
      '333333333333 FAIL',
      '444444444444 FAIL',
      '555555555555 FAIL',
      '666666666666 FAIL',
      '777777777777 PASS',
      '888888888888 ERROR',
    ]);
    expect(report.findings[0].references).toContainEqual({ framework: 'CIS AWS Foundations Benchmark', version: '5.0.0', control: '1.16' });
    expect(report.findings[0].references).toContainEqual({ framework: 'AWS Security Hub', version: 'CSPM', control: 'IAM.18' });
  });

  it('--output writes the report whole and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-cli-'));
    const out = join(dir, 'reports', 'audit.json');
    const r = await cli(['audit', EX, '-f', 'json', '-o', out, '--exit-zero']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`wrote json report to ${out}\n`);
    expect(JSON.parse(await readFile(out, 'utf8')).summary.accounts.total).toBe(9);
    expect(await readdir(join(dir, 'reports'))).toEqual(['audit.json']);
  });

  it('without the CIS check (--check), sums up the selected checks: no false ERROR, no CIS pass rate', async () => {
    const r = await cli(['audit', `${EX}/777777777777-govcloud-url-encoded.json`, '--check', 'support-role-tags']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('account 777777777777  FAIL');
    expect(r.stdout).toContain('1 account(s): 0 PASS, 1 FAIL, 0 ERROR; the CIS check was not selected, so no CIS pass rate.');
    const ok = await cli(['audit', `${EX}/111111111111-support-role.json`, '--check', 'support-role-tags', '-f', 'json']);
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report.accounts).toEqual([{ accountId: '111111111111', status: 'PASS', basis: 'selected-checks', message: 'cis-support-role not run; selected checks: 1 PASS, 0 FAIL, 0 ERROR, 0 INFO.' }]);
    expect(report.summary.cisPassRate).toBeNull();
  });

  it('lists the checks with their framework controls', async () => {
    const r = await cli(['checks']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cis-support-role  [medium]  An IAM role has the AWS-managed AWSSupportAccess policy attached');
    expect(r.stdout).toContain('CIS 7.0.0 §2.15');
  });
});

describe('bad command lines and bad input: one line, non-zero exit, no stack trace', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['unknown flag', ['audit', EX, '--frobnicate'], 2, /^supportguard: unknown option '--frobnicate' \(see --help\)\n$/],
    ['unknown command', ['audti', EX], 2, /^supportguard: unknown command 'audti'/],
    ['missing path', ['audit'], 2, /^supportguard: missing required argument 'paths' \(see --help\)\n$/],
    ['unknown format', ['audit', EX, '--format', 'pdf'], 2, /^supportguard: unknown --format "pdf" \(one of: table, json/],
    ['unknown severity', ['audit', EX, '--fail-on', 'severe'], 2, /^supportguard: unknown --fail-on "severe"/],
    ['unknown check', ['audit', EX, '--check', 'nope'], 2, /^supportguard: unknown --check nope/],
    ['missing file', ['audit', 'does/not/exist.json'], 3, /^supportguard: does\/not\/exist\.json: no such file or folder\n$/],
    ['wrong kind of file', ['audit', 'package.json'], 3, /^supportguard: package\.json: not an 'aws iam get-account-authorization-details' output/],
  ];
  it.each(cases)('%s', async (_name, argv, code, stderr) => {
    const r = await cli(argv);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(stderr);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('malformed JSON names the file and the parser error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-cli-'));
    await writeFile(join(dir, 'broken.json'), '{"RoleDetailList": [');
    const r = await cli(['audit', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^supportguard: .*broken\.json: not valid JSON \(/);
  });

  it('does not leave a report behind when the input is bad', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-cli-'));
    const out = join(dir, 'r.json');
    const r = await cli(['audit', 'package.json', '-f', 'json', '-o', out]);
    expect(r.code).toBe(3);
    expect(existsSync(out)).toBe(false);
  });
});

describe('the installed binary', () => {
  const run = promisify(execFile);
  it('runs as a process, prints one line for bad input and exits 3 without a stack trace', async () => {
    // `npm test` builds first (pretest), so dist/ is the code under test.
    const err = await run('node', ['dist/cli/main.js', 'audit', 'package.json']).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(3);
    expect((err as { stderr: string }).stderr).toMatch(/^supportguard: package\.json: not an 'aws iam get-account-authorization-details' output[^\n]*\n$/);
  });

  it('prints the version', async () => {
    const { stdout } = await run('node', ['dist/cli/main.js', '--version']);
    expect(stdout.trim()).toBe(JSON.parse(await readFile('package.json', 'utf8')).version);
  });
});

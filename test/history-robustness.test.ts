import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHistory } from '../src/history/store.js';
import { cli } from './helpers/cli.js';

// A history line that parses but lies about its shape must be skipped with a warning, never stop `kpi` with an
// internal error or make the dashboard answer 500 (issue 15, item 12); FIFOs must be refused, not waited on.

let dir: string;
let good: Record<string, unknown>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-hist-'));
  const history = join(dir, 'scans.jsonl');
  await cli(['audit', 'examples/accounts/111111111111-support-role.json', '--history', history, '--exit-zero']);
  good = JSON.parse((await readFile(history, 'utf8')).trim());
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const withAccount = (change: (a: Record<string, unknown>) => void) => {
  const copy = structuredClone(good) as { accounts: Record<string, unknown>[] };
  change(copy.accounts[0]!);
  return copy;
};

describe('history records are validated whole', () => {
  it.each([
    ['a null support role', () => withAccount((a) => (a.supportRoles = [null])), 'line 1: accounts[0].supportRoles[0] is not a role with a text arn and name'],
    ['a numeric role name', () => withAccount((a) => (a.supportRoles = [{ arn: 'arn:aws:iam::111111111111:role/x', name: 42 }])), 'line 1: accounts[0].supportRoles[0] is not a role with a text arn and name'],
    ['a numeric account name', () => withAccount((a) => (a.accountName = 7)), 'line 1: accounts[0].accountName is not text'],
    ['an empty summary', () => ({ ...good, summary: {} }), 'line 1: summary.accounts lacks its total, PASS, FAIL and ERROR counts'],
    ['a text pass rate', () => ({ ...good, summary: { ...(good.summary as object), cisPassRate: '100%' } }), 'line 1: summary.cisPassRate is neither a number nor null'],
    ['admin principals that are not ARNs', () => withAccount((a) => (a.adminPrincipals = [{}])), 'line 1: accounts[0].adminPrincipals is not a list of ARNs'],
  ])('skips a line with %s and says why', (_, make, why) => {
    const { records, problems } = parseHistory(JSON.stringify(make()) + '\n' + JSON.stringify(good) + '\n');
    expect(records).toHaveLength(1);
    expect(problems.map((p) => `line ${p.line}: ${p.message}`)).toEqual([why]);
  });

  it('kpi warns about the bad line and reports from the good one (exit 0, no internal error)', async () => {
    const history = join(dir, 'mixed.jsonl');
    await writeFile(history, JSON.stringify(withAccount((a) => (a.supportRoles = [null]))) + '\n' + JSON.stringify(good) + '\n');
    const r = await cli(['kpi', '--history', history]);
    expect(r.stderr).toBe(`supportguard: warning: ${history} line 1: accounts[0].supportRoles[0] is not a role with a text arn and name (line skipped)\n`);
    expect(r.stdout).toContain('111111111111  aws-support-responders  last used 2026-10-02T14:11:00Z in us-east-1');
    expect(r.code).toBe(0);
  });
});

describe('named inputs that are not regular files are refused at once', () => {
  it('kpi --history on a FIFO', async () => {
    const fifo = join(dir, 'fifo.jsonl');
    execFileSync('mkfifo', [fifo]);
    const r = await cli(['kpi', '--history', fifo]);
    expect(r.stderr).toBe(`supportguard: cannot read history ${fifo}: not a regular file\n`);
    expect(r.code).toBe(3);
  });

  it('securityhub import of a FIFO', async () => {
    const fifo = join(dir, 'report.json');
    execFileSync('mkfifo', [fifo]);
    const r = await cli(['securityhub', 'import', fifo], { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' });
    expect(r.stderr).toBe(`supportguard: cannot read report ${fifo}: not a regular file\n`);
    expect(r.code).toBe(3);
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../src/cli/run.js';
import { validateConfig } from '../src/config/validate.js';
import { STARTER_CONFIG } from '../src/config/starter.js';

// supportguard.yml as a user meets it: found in the working directory, validated with one-line errors, giving flag
// defaults that the command line overrides, and suppressing findings until their expiry.

const USERS_ONLY = resolve('examples/accounts/222222222222-users-and-groups-only.json');
const PASSING = resolve('examples/accounts/111111111111-support-role.json');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** Runs the CLI in `cwd` on `today`, as a user in that folder would. */
async function cliIn(cwd: string, argv: string[], today = new Date('2026-12-02T10:00:00Z')) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env: {}, stdoutIsTTY: false, stderrIsTTY: false, cwd, today });
  return { code, stdout, stderr };
}

const SUPPRESS_USERS_ONLY = `
suppressions:
  - check: cis-support-role
    messageId: only-users-or-groups
    scope: { accounts: ["222222222222"] }
    reason: responders move to a role in January
    owner: security@example.com
    expires: 2026-12-31
`;

describe('supportguard.yml: finding and validating it', () => {
  it.each([
    ['wrong type', 'defaults:\n  scan:\n    concurrency: [1, 2]\n', 'supportguard.yml: defaults.scan.concurrency: must be a string or a number (got a list)'],
    ['unknown key, with the likely one', 'checks:\n  serverity:\n    cis-support-role: high\n', 'supportguard.yml: checks: unknown key "serverity" (did you mean "severity"?)'],
    ['unknown top-level key', 'supressions: []\n', 'supportguard.yml: unknown key "supressions" (did you mean "suppressions"?)'],
    ['bad date', 'suppressions:\n  - { check: cis-support-role, reason: r, owner: o, expires: "2026-13-01" }\n', 'supportguard.yml: suppressions[0].expires: "2026-13-01" is not a date (YYYY-MM-DD)'],
    ['a day that does not exist', 'suppressions:\n  - { check: cis-support-role, reason: r, owner: o, expires: "2026-02-30" }\n', 'supportguard.yml: suppressions[0].expires: "2026-02-30" is not a date (YYYY-MM-DD)'],
    ['missing expiry', 'suppressions:\n  - { check: cis-support-role, reason: r, owner: o }\n', 'supportguard.yml: suppressions[0]: missing required key "expires"'],
    ['bad pattern', 'naming:\n  rolePattern: "aws-support-("\n', 'supportguard.yml: naming.rolePattern: "aws-support-(" is not a valid regular expression: /aws-support-(/u: Unterminated group'],
    ['bad tag pattern', 'tagging:\n  required:\n    owner: { pattern: "[a-" }\n', 'supportguard.yml: tagging.required.owner.pattern: "[a-" is not a valid regular expression: /[a-/u: Unterminated character class'],
    ['bad account id', 'thirdParties:\n  - { accountId: "12345", name: Acme }\n', 'supportguard.yml: thirdParties[0].accountId: "12345" is not an account id (12 digits)'],
    ['account id as a number', 'thirdParties:\n  - { accountId: 444455556666, name: Acme }\n', 'supportguard.yml: thirdParties[0].accountId: must be a string (got a number)'],
    ['unknown check id', 'checks:\n  disabled: [support-role-tag]\n', 'supportguard.yml: checks.disabled[0]: unknown check "support-role-tag" (see `supportguard checks`)'],
    ['unknown severity', 'checks:\n  severity:\n    support-role-tags: urgent\n', 'supportguard.yml: checks.severity.support-role-tags: unknown severity "urgent" (one of: info, low, medium, high, critical)'],
    ['unknown flag of a command', 'defaults:\n  scan:\n    member-role: X\n', 'supportguard.yml: defaults.scan: unknown key "member-role" (did you mean "member-role-name"?)'],
    ['two kinds of responder in one entry', 'responders:\n  - { principal: "arn:aws:iam::*:role/R", permissionSet: P }\n', 'supportguard.yml: responders[0]: has principal and permissionSet; give exactly one of principal, samlProvider, permissionSet'],
    ['YAML syntax', 'checks: [\n', 'supportguard.yml:2:1: not valid YAML: '],
  ])('%s: one line naming the file, the key and the problem, exit 2', async (_, text, message) => {
    const dir = await folderWith({ 'supportguard.yml': text });
    const r = await cliIn(dir, ['audit', USERS_ONLY]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr.startsWith(`supportguard: ${message}`)).toBe(true);
  });

  it('reads supportguard.json too, and refuses two config files side by side', async () => {
    const json = await folderWith({ 'supportguard.json': JSON.stringify({ defaults: { audit: { 'fail-on': 'bogus' } } }) });
    expect((await cliIn(json, ['audit', USERS_ONLY])).stderr).toBe('supportguard: supportguard.json: defaults.audit.fail-on: unknown --fail-on "bogus" (one of: info, low, medium, high, critical)\n');
    const both = await folderWith({ 'supportguard.yml': 'version: 1\n', 'supportguard.json': '{}' });
    const r = await cliIn(both, ['audit', USERS_ONLY]);
    expect(r).toMatchObject({ code: 2, stderr: 'supportguard: supportguard.yml and supportguard.json both found; keep one, or choose with --config FILE\n' });
  });

  it('--config FILE works before or after the command name; --no-config ignores the file; a missing --config file is an error', async () => {
    const dir = await folderWith({ 'supportguard.yml': 'defaults:\n  audit:\n    fail-on: bogus\n', 'other.yml': 'defaults:\n  audit:\n    fail-on: critical\n' });
    // the users-only FAIL is medium: below --fail-on critical from other.yml
    expect((await cliIn(dir, ['--config', 'other.yml', 'audit', USERS_ONLY])).code).toBe(0);
    expect((await cliIn(dir, ['audit', USERS_ONLY, '--config', 'other.yml'])).code).toBe(0);
    expect((await cliIn(dir, ['audit', USERS_ONLY, '--no-config'])).code).toBe(1);
    expect(await cliIn(dir, ['audit', USERS_ONLY])).toMatchObject({ code: 2, stderr: 'supportguard: supportguard.yml: defaults.audit.fail-on: unknown --fail-on "bogus" (one of: info, low, medium, high, critical)\n' });
    expect(await cliIn(dir, ['--config', 'nope.yml', 'audit', USERS_ONLY])).toMatchObject({ code: 2, stderr: 'supportguard: --config nope.yml: no such file\n' });
  });

  it('the starter file of `init` validates as written and with every example uncommented; examples/supportguard.yml validates', async () => {
    expect((await validateConfig(parse(STARTER_CONFIG), 'starter')).config).toEqual({ version: 1 });
    const uncommented = STARTER_CONFIG.replace(/^# (?!yaml-language-server)/gm, '');
    const all = await validateConfig(parse(uncommented), 'starter', { today: new Date('2026-12-02') });
    expect(Object.keys(all.config).sort()).toEqual(['checks', 'defaults', 'naming', 'responders', 'suppressions', 'tagging', 'thirdParties', 'version']);
    expect(all.warnings).toEqual([]);
    const example = await readFile('examples/supportguard.yml', 'utf8');
    expect(example).toMatch(/^# yaml-language-server: \$schema=https:\/\//);
    expect(Object.keys((await validateConfig(parse(example), 'examples/supportguard.yml', { today: new Date('2026-12-02') })).config).sort()).toEqual(all.config ? Object.keys(all.config).sort() : []);
  });
});

describe('supportguard init', () => {
  it('writes the starter file, refuses to overwrite it without --force, and replaces it (even an invalid one) with --force', async () => {
    const dir = await folderWith({});
    expect(await cliIn(dir, ['init'])).toMatchObject({ code: 0, stdout: '' });
    expect(await readFile(join(dir, 'supportguard.yml'), 'utf8')).toBe(STARTER_CONFIG);
    await writeFile(join(dir, 'supportguard.yml'), 'serverity: high\n');
    expect(await cliIn(dir, ['init'])).toMatchObject({ code: 2, stderr: 'supportguard: supportguard.yml already exists (use --force to overwrite it)\n' });
    expect(await readFile(join(dir, 'supportguard.yml'), 'utf8')).toBe('serverity: high\n');
    expect((await cliIn(dir, ['init', '--force'])).code).toBe(0);
    expect(await readFile(join(dir, 'supportguard.yml'), 'utf8')).toBe(STARTER_CONFIG);
    // and the file it wrote is read by the next command without complaint
    expect(await cliIn(dir, ['audit', PASSING, '--check', 'cis-support-role'])).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('flag defaults from supportguard.yml', () => {
  it('a command section beats `all`, and a flag on the command line beats both', async () => {
    const dir = await folderWith({ 'supportguard.yml': 'defaults:\n  all:\n    fail-on: critical\n    format: csv\n  audit:\n    format: json\n' });
    const fromConfig = await cliIn(dir, ['audit', USERS_ONLY]);
    expect(fromConfig.code).toBe(0); // medium FAIL, fail-on critical from `all`
    expect(JSON.parse(fromConfig.stdout).summary.accounts.FAIL).toBe(1); // format json from `audit`
    const typed = await cliIn(dir, ['audit', USERS_ONLY, '--fail-on', 'low', '-f', 'table']);
    expect(typed.code).toBe(1);
    expect(typed.stdout).toMatch(/^account 222222222222 {2}FAIL/);
  });

  it('switches, lists and --no-* flags take YAML booleans and lists', async () => {
    const dir = await folderWith({ 'supportguard.yml': 'defaults:\n  audit:\n    exit-zero: true\n    check: [cis-support-role]\n    no-color: true\n' });
    const r = await cliIn(dir, ['audit', USERS_ONLY]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('support-functional-equivalents');
    const bad = await folderWith({ 'supportguard.yml': 'defaults:\n  audit:\n    check: [cis-suport-role]\n' });
    expect((await cliIn(bad, ['audit', USERS_ONLY])).stderr).toBe('supportguard: supportguard.yml: defaults.audit.check: unknown --check cis-suport-role (see `supportguard checks`)\n');
  });
});

describe('checks policy and severity overrides', () => {
  it('checks.disabled leaves a check out, --check on the command line still runs it', async () => {
    const dir = await folderWith({ 'supportguard.yml': 'checks:\n  disabled: [support-functional-equivalents]\n' });
    expect((await cliIn(dir, ['audit', USERS_ONLY, '-f', 'json'])).stdout).not.toContain('"checkId": "support-functional-equivalents"');
    expect((await cliIn(dir, ['audit', USERS_ONLY, '-f', 'json', '--check', 'support-functional-equivalents'])).stdout).toContain('"checkId": "support-functional-equivalents"');
    const enabled = await folderWith({ 'supportguard.yml': 'checks:\n  enabled: [support-functional-equivalents]\n' });
    const report = JSON.parse((await cliIn(enabled, ['audit', USERS_ONLY, '-f', 'json', '--exit-zero'])).stdout) as { findings: { checkId: string }[] };
    expect(new Set(report.findings.map((f) => f.checkId))).toEqual(new Set(['support-functional-equivalents']));
  });

  it('an overridden severity decides --fail-on, and the original stays in the details', async () => {
    const dir = await folderWith({ 'supportguard.yml': 'checks:\n  severity:\n    cis-support-role: critical\n' });
    const r = await cliIn(dir, ['audit', USERS_ONLY, '-f', 'json', '--fail-on', 'critical', '--check', 'cis-support-role']);
    expect(r.code).toBe(1);
    const f = (JSON.parse(r.stdout) as { findings: { severity: string; details: Record<string, unknown> }[] }).findings[0]!;
    expect(f.severity).toBe('critical');
    expect(f.details).toMatchObject({ originalSeverity: 'medium' });
    expect((await cliIn(dir, ['audit', USERS_ONLY, '--fail-on', 'critical', '--no-config'])).code).toBe(0);
  });
});

describe('suppressions', () => {
  it('a suppressed FAIL exits 0 and shows SUPPRESSED in every format; the account stays FAIL, marked suppressed', async () => {
    const dir = await folderWith({ 'supportguard.yml': SUPPRESS_USERS_ONLY });
    const brief = await cliIn(dir, ['audit', USERS_ONLY, '--check', 'cis-support-role']);
    expect(brief.code).toBe(0);
    // The default table lists only what needs someone: the suppressed finding is counted, --verbose shows it.
    expect(brief.stdout).toContain('account 222222222222  FAIL  SUPPRESSED\n  (1 SUPPRESSED not shown; --verbose shows them)\n');
    const table = await cliIn(dir, ['audit', USERS_ONLY, '--check', 'cis-support-role', '--verbose']);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe('');
    expect(table.stdout).toContain('account 222222222222  FAIL  SUPPRESSED\n  SUPPRESSED medium   cis-support-role\n');
    expect(table.stdout.replace(/\s+/g, ' ')).toContain('suppressed FAIL (supportguard.yml suppressions[0]): responders move to a role in January — owner security@example.com, expires 2026-12-31');
    expect(table.stdout).toContain('1 account(s): 0 PASS, 1 FAIL, 0 ERROR; CIS support-role pass rate 0% of judged accounts.');

    const run = async (format: string) => {
      const r = await cliIn(dir, ['audit', USERS_ONLY, '--check', 'cis-support-role', '-f', format]);
      expect(r.code).toBe(0);
      return r.stdout;
    };
    const json = JSON.parse(await run('json')) as { accounts: object[]; findings: { status: string; suppression: object }[]; summary: object };
    expect(json.accounts[0]).toMatchObject({ status: 'FAIL', suppressed: true });
    expect(json.findings[0]).toMatchObject({ status: 'FAIL', suppression: { index: 0, reason: 'responders move to a role in January', owner: 'security@example.com', expires: '2026-12-31' } });
    expect(json.summary).toMatchObject({ cisPassRate: 0, suppressed: { findings: 1, accounts: 1 } });
    const sarif = JSON.parse(await run('sarif')) as { runs: { results: { suppressions: object[] }[] }[] };
    expect(sarif.runs[0]!.results[0]!.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'responders move to a role in January (owner security@example.com, expires 2026-12-31)' }]);
    const ocsf = JSON.parse(await run('ocsf')) as { class_uid: number; status_id: number; status: string; is_alert?: boolean; compliance?: { status: string } }[];
    expect(ocsf.map((e) => [e.class_uid, e.status_id, e.status])).toEqual([
      [2004, 3, 'Suppressed'],
      [2003, 3, 'Suppressed'],
    ]);
    expect(ocsf[0]!.is_alert).toBe(false);
    expect(ocsf[1]!.compliance!.status).toBe('Fail'); // suppressed, not passed
    const asff = JSON.parse(await run('asff')) as { Workflow: { Status: string }; Compliance: { Status: string } }[];
    expect(asff.map((f) => [f.Workflow.Status, f.Compliance.Status])).toEqual([['SUPPRESSED', 'FAILED']]);
    const junit = await run('junit');
    expect(junit).toContain('failures="0" errors="0" skipped="1"');
    expect(junit).toContain('<skipped message="SUPPRESSED FAIL: responders move to a role in January (owner security@example.com, expires 2026-12-31)"/>');
    const csv = (await run('csv')).split('\r\n');
    expect(csv[0]!.split(',').slice(3, 4).concat(csv[0]!.split(',').slice(-3))).toEqual(['status', 'suppression_reason', 'suppression_owner', 'suppression_expires']);
    expect(csv[1]!.split(',')[3]).toBe('SUPPRESSED');
    expect(csv[1]!.endsWith(',responders move to a role in January,security@example.com,2026-12-31')).toBe(true);
    const html = await run('html');
    expect(html).toContain('<span class="badge SUPPRESSED">SUPPRESSED</span>');
    expect(html).toContain('suppressed FAIL (supportguard.yml suppressions[0]): responders move to a role in January');
  });

  it('is active through its expiry day (UTC) and inactive from the next: the FAIL counts again, with a warning', async () => {
    const dir = await folderWith({ 'supportguard.yml': SUPPRESS_USERS_ONLY });
    expect((await cliIn(dir, ['audit', USERS_ONLY, '--check', 'cis-support-role'], new Date('2026-12-31T23:59:59Z'))).code).toBe(0);
    const expired = await cliIn(dir, ['audit', USERS_ONLY, '--check', 'cis-support-role'], new Date('2027-01-01T00:00:00Z'));
    expect(expired.code).toBe(1);
    expect(expired.stderr).toBe('supportguard: warning: supportguard.yml: suppressions[0] (cis-support-role, owner security@example.com) expired on 2026-12-31: its findings count again\n');
    expect(expired.stdout).toContain('account 222222222222  FAIL \n  FAIL  medium   cis-support-role');
    expect(expired.stdout).not.toContain('SUPPRESSED');
    const json = JSON.parse((await cliIn(dir, ['audit', USERS_ONLY, '--check', 'cis-support-role', '-f', 'json'], new Date('2027-01-01T00:00:00Z'))).stdout) as { suppressions: object };
    expect(json.suppressions).toEqual({ expired: [{ index: 0, check: 'cis-support-role', owner: 'security@example.com', expires: '2026-12-31' }], unmatched: [] });
  });

  it('an entry that matched nothing is reported on stderr and in the JSON report; an ERROR is never suppressed', async () => {
    const dir = await folderWith({
      'supportguard.yml': `${SUPPRESS_USERS_ONLY}  - check: cis-support-role
    reason: the truncated export is being redone
    owner: ops@example.com
    expires: 2026-12-31
`,
    });
    const truncated = resolve('examples/accounts/888888888888-truncated-export.json');
    const r = await cliIn(dir, ['audit', PASSING, truncated, '--check', 'cis-support-role', '-f', 'json']);
    expect(r.code).toBe(3); // the ERROR stays an ERROR
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'supportguard: warning: supportguard.yml: suppressions[0] (cis-support-role, owner security@example.com, expires 2026-12-31) matched no finding: remove it if the exception is gone',
      'supportguard: warning: supportguard.yml: suppressions[1] (cis-support-role, owner ops@example.com, expires 2026-12-31) matched no finding: remove it if the exception is gone',
    ]);
    const report = JSON.parse(r.stdout) as { findings: { status: string; suppression?: object }[]; suppressions: { unmatched: { index: number }[] } };
    expect(report.findings.map((f) => [f.status, f.suppression])).toEqual([
      ['PASS', undefined],
      ['ERROR', undefined],
    ]);
    expect(report.suppressions.unmatched.map((u) => u.index)).toEqual([0, 1]);
  });
});

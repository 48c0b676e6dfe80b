import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

/**
 * `supportguard review` end to end, through the CLI: the same export audited at three moments (carol added then
 * removed, MFA dropped, mallory added), the history written by `audit --history`, and the review of the latest state.
 */
const EXAMPLE = 'examples/accounts/111111111111-support-role.json';
const ROLE = 'aws-support-responders';
const ALICE = 'arn:aws:iam::111111111111:user/alice';

type Statements = { Statement: { Condition?: unknown }[] };
type Export = {
  UserDetailList: { UserName: string; UserId: string; Arn: string; GroupList: string[] }[];
  GroupDetailList: { GroupPolicyList: { PolicyDocument: Statements }[] }[];
  RoleDetailList: { RoleName: string; AssumeRolePolicyDocument: Statements }[];
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-review-'));
});

/** The example account with extra responders in the `responders` group, and the MFA conditions (trust and group policy) kept or dropped. */
function account(name: string, o: { extraUsers?: string[]; mfa?: boolean }): string {
  const e = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Export;
  const alice = e.UserDetailList[0]!;
  for (const u of o.extraUsers ?? []) e.UserDetailList.push({ ...alice, UserName: u, UserId: `AIDA${u.toUpperCase().padEnd(16, 'Z')}`, Arn: `arn:aws:iam::111111111111:user/${u}` });
  if (o.mfa === false) {
    for (const s of e.RoleDetailList.find((r) => r.RoleName === ROLE)!.AssumeRolePolicyDocument.Statement) delete s.Condition;
    for (const s of e.GroupDetailList[0]!.GroupPolicyList[0]!.PolicyDocument.Statement) delete s.Condition;
  }
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(e));
  return path;
}

function config(responders: string[]): string {
  const path = join(dir, 'supportguard.yml');
  writeFileSync(path, `version: 1\nresponders:\n${responders.map((p) => `  - principal: "${p}"\n    description: on-call`).join('\n')}\n`);
  return path;
}

describe('supportguard review', () => {
  it('prints who can assume each support role and what changed since the previous scan of the history (Markdown)', async () => {
    // Given two scans in the history: alice and carol with MFA, then alice alone with MFA
    const history = join(dir, 'scans.jsonl');
    expect((await cli(['audit', account('t1', { extraUsers: ['carol'] }), '--history', history, '--exit-zero'])).code).toBe(0);
    expect((await cli(['audit', account('t2', {}), '--history', history, '--exit-zero'])).code).toBe(0);
    // When the account now lets alice in without MFA and mallory joined the group, and only alice is approved
    const r = await cli(['review', account('t3', { extraUsers: ['mallory'], mfa: false }), '--history', history, '--config', config([ALICE])]);
    // Then the review names both, says mallory is not approved, and lists the changes against the latest scan (not the first)
    expect(r.stderr).toBe('');
    const previous = (JSON.parse(readFileSync(history, 'utf8').trim().split('\n')[1]!) as { time: string }).time;
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('# Support-role access review');
    expect(lines[2]).toMatch(/^Generated \d{4}-\d\d-\d\dT[\d:.]+Z\. Approved responders from \/.+\/supportguard\.yml\.$/);
    expect(lines.slice(3)).toEqual([
      `Changes are against the scan of ${previous} in ${history}.`,
      '',
      '**2 principal(s) can assume 1 support role(s); 1 not approved; 2 change(s) since the previous scan.**',
      '',
      `## 111111111111: ${ROLE}`,
      '',
      `\`arn:aws:iam::111111111111:role/${ROLE}\``,
      '',
      '| principal | conditions | approved |',
      '| --- | --- | --- |',
      `| user ${ALICE} | none | yes (${ALICE}) |`,
      '| user arn:aws:iam::111111111111:user/mallory | none | **NO** |',
      '',
      'Changes since the previous scan:',
      expect.stringMatching(new RegExp(`^- user ${ALICE} can assume ${ROLE} in 111111111111 with weaker conditions since \\d{4}-\\d\\d-\\d\\d: MFA no longer required$`)),
      expect.stringMatching(new RegExp(`^- new principal user arn:aws:iam::111111111111:user/mallory can assume ${ROLE} in 111111111111 since \\d{4}-\\d\\d-\\d\\d$`)),
      '',
    ]);
    // An unapproved principal can assume a support role: exit 1
    expect(r.code).toBe(1);
  });

  it('exits 0 when every principal is approved, and writes CSV and JSON with -o whole', async () => {
    const input = account('ok', {});
    const cfg = config([ALICE]);
    const csvPath = join(dir, 'out', 'review.csv');
    const csv = await cli(['review', input, '--config', cfg, '-f', 'csv', '-o', csvPath]);
    expect([csv.code, csv.stdout, csv.stderr]).toEqual([0, '', `wrote csv review to ${csvPath}\n`]);
    const rows = readFileSync(csvPath, 'utf8').split('\r\n');
    expect(rows[0]).toBe('account_id,account_name,role_arn,role_name,principal,principal_arn,kind,conditions,approved,approved_as,change,change_detail,generated_at');
    expect(rows[1]).toMatch(new RegExp(`^111111111111,,arn:aws:iam::111111111111:role/${ROLE},${ROLE},user ${ALICE},${ALICE},responder,MFA,approved,${ALICE},,,\\d{4}-`));
    expect(rows.slice(2)).toEqual(['']);

    const json = await cli(['review', input, '--config', cfg, '--format', 'json']);
    expect(json.code).toBe(0);
    const review = JSON.parse(json.stdout);
    expect(review).toMatchObject({ kind: 'supportguard-review', schemaVersion: 1, responderPolicy: true, accountsNotReviewed: [], accountsWithoutSupportRole: [], summary: { roles: 1, principals: 1, unapproved: 0, changes: 0 } });
    expect(review.roles).toEqual([
      {
        accountId: '111111111111',
        roleArn: `arn:aws:iam::111111111111:role/${ROLE}`,
        roleName: ROLE,
        judged: true,
        principals: [{ principal: `user ${ALICE}`, arn: ALICE, who: 'responder', conditions: ['MFA'], approval: 'approved', approvedAs: ALICE }],
      },
    ]);
    expect(review.previousScan).toBeUndefined();
  });

  it('without a responder list says approval is not configured and exits 0; audit fails the same unapproved principal', async () => {
    const input = account('plain', {});
    const r = await cli(['review', input, '--no-config']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`| user ${ALICE} | MFA | not configured |`);
    expect(r.stdout).toContain('No approved-responder list (responders in supportguard.yml): approval not judged.');
    // The check behind it, at the CLI: the unapproved principal is a FAIL naming it, exit 1
    const audit = await cli(['audit', input, '--check', 'support-role-effective-access', '--config', config(['arn:aws:iam::111111111111:role/IncidentResponder']), '--no-color']);
    expect(audit.stdout).toContain(`FAIL  high     support-role-effective-access`);
    expect(audit.stdout.replace(/\s+/g, ' ')).toContain(`${ROLE} can be assumed by 1 principal(s) that are not approved responders: user ${ALICE} (with MFA).`);
    expect(audit.code).toBe(1);
  });

  it('reads a history written before it carried assumers: the changes are unknown, not "everyone removed"', async () => {
    const history = join(dir, 'old.jsonl');
    // A line as supportguard wrote it before the access review (no assumers), for the same account
    const old = readFileSync('test/fixtures/kpi/history.jsonl', 'utf8').trim().split('\n')[1]!;
    writeFileSync(history, `${old}\n`);
    const r = await cli(['review', account('now', {}), '--history', history, '--no-config']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**1 principal(s) can assume 1 support role(s); 0 not approved; 0 change(s) since the previous scan.**');
    expect(r.stdout).toContain('Changes: not known (the previous scan did not record who could assume this role).');
  });

  it('rejects a bad format (2), a missing history file and an unreadable account (3), in one line each', async () => {
    const bad = await cli(['review', EXAMPLE, '-f', 'html']);
    expect([bad.code, bad.stderr]).toEqual([2, 'supportguard: unknown --format "html" (one of: markdown, csv, json)\n']);
    const missing = await cli(['review', EXAMPLE, '--history', join(dir, 'nope.jsonl')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr.split('\n')).toHaveLength(2);
    expect(missing.stderr).toContain('nope.jsonl');
    const truncated = await cli(['review', 'examples/accounts/888888888888-truncated-export.json', '-o', join(dir, 'r.md')]);
    expect(truncated.code).toBe(3);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toContain('## Accounts not reviewed\n\n- 888888888888: Not judged: iam could not be read');
    expect(existsSync(join(dir, 'nope.jsonl'))).toBe(false);
  });
});

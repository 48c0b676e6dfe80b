import { describe, expect, it } from 'vitest';
import type { AccountVerdict, AuditResult } from '../checks/engine.js';
import type { Finding, Status } from '../findings/model.js';
import { filterResult } from './select.js';
import { renderTable, TABLE_ACCOUNT_LIMIT } from './table.js';

const id = (n: number) => String(100000000000 + n);
const finding = (n: number, status: Status, checkId = 'cis-support-role', extra: Partial<Finding> = {}): Finding => ({
  checkId, title: 't', status, severity: 'medium', accountId: id(n), partition: 'aws', resourceArn: `arn:aws:iam::${id(n)}:root`, resourceType: 'AwsAccount',
  messageId: 'm', message: `${checkId} ${status.toLowerCase()} in ${id(n)}.`, remediation: status === 'FAIL' ? 'Attach AWSSupportAccess to a role.' : '', references: [], ...extra,
});

/** n accounts: every third FAILs the CIS check, the others PASS it and pass one quality check and have one INFO. */
function org(n: number): AuditResult {
  const accounts: AccountVerdict[] = [];
  const findings: Finding[] = [];
  for (let i = 0; i < n; i++) {
    const fail = i % 3 === 0;
    accounts.push({ accountId: id(i), status: fail ? 'FAIL' : 'PASS', message: '' });
    findings.push(finding(i, fail ? 'FAIL' : 'PASS'));
    if (!fail) findings.push(finding(i, 'PASS', 'support-role-tags'), finding(i, 'INFO', 'support-functional-equivalents'));
  }
  return { accounts, findings, skipped: [] };
}
const input = (result: AuditResult, detail?: 'problems' | 'all' | 'quiet') => ({ result, checks: [], generatedAt: '2026-12-02T00:00:00Z', detail });

describe('table: what a terminal gets', () => {
  it('by default prints each account, its FAIL and ERROR findings, and counts the others', () => {
    expect(renderTable(input(org(2)))).toBe(
      [
        'account 100000000000  FAIL ',
        '  FAIL  medium   cis-support-role',
        '        cis-support-role fail in 100000000000.',
        '        fix: Attach AWSSupportAccess to a role.',
        '',
        'account 100000000001  PASS ',
        '  (2 PASS, 1 INFO not shown; --verbose shows them)',
        '',
        '2 account(s): 1 PASS, 1 FAIL, 0 ERROR; CIS support-role pass rate 50% of judged accounts.',
        '',
      ].join('\n'),
    );
  });

  it('with --verbose prints every finding', () => {
    const text = renderTable(input(org(2), 'all'));
    expect(text).toContain('account 100000000001  PASS \n  PASS  medium   cis-support-role\n        cis-support-role pass in 100000000001.\n  PASS  medium   support-role-tags\n');
    expect(text).toContain('  INFO  medium   support-functional-equivalents\n');
    expect(text).not.toContain('not shown');
  });

  it(`beyond ${TABLE_ACCOUNT_LIMIT} accounts lists only accounts with something to act on, prints a shared fix once, and counts the rest`, () => {
    const text = renderTable(input(org(3000)));
    const lines = text.split('\n');
    // 1,000 FAIL accounts of 4 lines and a blank each, then the count of the 2,000 PASS accounts and the summary
    expect(lines.filter((l) => l.startsWith('account '))).toHaveLength(1000);
    expect(lines.filter((l) => l.includes('fix: Attach AWSSupportAccess'))).toHaveLength(1);
    expect(lines.filter((l) => l === '        fix: as for 100000000000 above')).toHaveLength(999);
    expect(lines.slice(-3)).toEqual([
      '2000 account(s) with no FAIL or ERROR finding shown not listed (2000 PASS; more than 50 accounts; --verbose lists them).',
      '3000 account(s): 2000 PASS, 1000 FAIL, 0 ERROR; CIS support-role pass rate 66.7% of judged accounts.',
      '',
    ]);
    expect(lines).toHaveLength(5000 + 3);
    // And --verbose still prints all of it
    expect(renderTable(input(org(3000), 'all')).split('\n').filter((l) => l.startsWith('account '))).toHaveLength(3000);
  });

  it('with --quiet lists only accounts with a FAIL or ERROR finding, whatever their number', () => {
    const shown = filterResult(org(4), { statuses: ['FAIL', 'ERROR'], by: ['--quiet'] });
    expect(renderTable(input(shown, 'quiet'))).toBe(
      [
        'account 100000000000  FAIL ',
        '  FAIL  medium   cis-support-role',
        '        cis-support-role fail in 100000000000.',
        '        fix: Attach AWSSupportAccess to a role.',
        '',
        'account 100000000003  FAIL ',
        '  FAIL  medium   cis-support-role',
        '        cis-support-role fail in 100000000003.',
        '        fix: Attach AWSSupportAccess to a role.',
        '',
        '2 account(s) with no FAIL or ERROR finding shown not listed (2 PASS; --quiet).',
        '4 account(s): 2 PASS, 2 FAIL, 0 ERROR; CIS support-role pass rate 50% of judged accounts.',
        '6 finding(s) not shown (--quiet): 4 PASS, 2 INFO.',
        '',
      ].join('\n'),
    );
  });

  it('shows a suppressed finding as SUPPRESSED with its owner, expiry and reason, and not in the default view', () => {
    const result = org(1);
    result.findings[0] = { ...result.findings[0]!, suppression: { index: 0, reason: 'exception accepted in RISK-12', owner: 'secops@example.com', expires: '2027-01-31' } };
    expect(renderTable(input(result, 'all'))).toContain(
      '  SUPPRESSED medium   cis-support-role\n        cis-support-role fail in 100000000000.\n        suppressed FAIL (supportguard.yml suppressions[0]): exception accepted in RISK-12 — owner\n        secops@example.com, expires 2027-01-31\n',
    );
    expect(renderTable(input(result))).toContain('account 100000000000  FAIL \n  (1 SUPPRESSED not shown; --verbose shows them)\n');
  });
});

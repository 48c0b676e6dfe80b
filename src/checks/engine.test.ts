import { describe, expect, it } from 'vitest';
import { formatMessage, runChecks } from './engine.js';
import type { Check } from './types.js';
import type { AccountSnapshot } from '../snapshot/model.js';

const account: AccountSnapshot = { schemaVersion: 1, accountId: '123456789012', partition: 'aws', source: { kind: 'live' }, iam: { status: 'ok', data: { roles: [], users: [], groups: [], policies: [] } } };

function check(partial: Partial<Check>): Check {
  return {
    id: 'demo',
    title: 'Demo',
    description: '',
    severity: 'low',
    severityReason: 'because this is a test double',
    references: [],
    messages: { ok: 'fine {{n}}', bad: 'broken' },
    remediation: 'do it',
    requires: { allOf: ['iam'], whenNotCollected: 'skip' },
    evaluate: () => [{ status: 'PASS', messageId: 'ok', params: { n: 1 } }],
    ...partial,
  };
}

describe('check engine', () => {
  it('fills placeholders and refuses a missing one', () => {
    expect(formatMessage('a {{x}} b', { x: 'X' })).toBe('a X b');
    expect(() => formatMessage('a {{y}}', {})).toThrow('missing message parameter "y"');
  });

  it('turns a check that throws into an ERROR finding instead of crashing the scan', () => {
    const r = runChecks([check({ evaluate: () => { throw new Error('boom'); } })], [account]);
    expect(r.findings).toMatchObject([{ status: 'ERROR', messageId: 'check-failed', message: 'Check demo failed on this account: boom' }]);
  });

  it('reports an unknown message id as an ERROR (a bug in the check, not a verdict)', () => {
    const r = runChecks([check({ evaluate: () => [{ status: 'FAIL', messageId: 'nope' }] })], [account]);
    expect(r.findings[0]).toMatchObject({ status: 'ERROR', message: 'Check demo failed on this account: unknown message id "nope"' });
  });

  it('skips a check whose data was not collected and records why', () => {
    const r = runChecks([check({ requires: { allOf: ['cloudTrail'], whenNotCollected: 'skip' } })], [account]);
    expect(r.findings).toEqual([]);
    expect(r.skipped).toEqual([{ accountId: '123456789012', checkId: 'demo', missing: ['cloudTrail'] }]);
  });

  it('gives remediation only to FAIL findings', () => {
    const r = runChecks([check({ evaluate: () => [{ status: 'FAIL', messageId: 'bad' }, { status: 'PASS', messageId: 'ok', params: { n: 2 } }] })], [account]);
    expect(r.findings.map((f) => [f.status, f.remediation])).toEqual([
      ['FAIL', 'do it'],
      ['PASS', ''],
    ]);
  });

  it('reports an unreadable account once, through the checks every account must get, not through every optional check', () => {
    const unreadable: AccountSnapshot = { ...account, accountError: { code: 'AccessDenied', message: 'cannot assume the member role' } };
    const required = check({ id: 'required', requires: { anyOf: ['iam'], whenNotCollected: 'error' } });
    const optional = check({ id: 'optional' });
    const r = runChecks([required, optional], [unreadable]);
    expect(r.findings.map((f) => `${f.checkId} ${f.status} ${f.message}`)).toEqual(['required ERROR Account could not be read: cannot assume the member role']);
    expect(r.skipped).toEqual([]);
  });

  it('lets an optional check stay silent about failed data a required check already reports, and report other failures', () => {
    const denied = { status: 'failed' as const, error: { code: 'AccessDenied', message: 'no', operation: 'iam:GetAccountAuthorizationDetails' } };
    const required = check({ id: 'required', requires: { anyOf: ['iam'], whenNotCollected: 'error' } });
    const needsIam = check({ id: 'needs-iam', requires: { allOf: ['iam'], whenNotCollected: 'skip' } });
    const needsTrail = check({ id: 'needs-trail', requires: { allOf: ['cloudTrail'], whenNotCollected: 'skip' } });
    const r = runChecks([required, needsIam, needsTrail], [{ ...account, iam: denied, cloudTrail: { ...denied, error: { ...denied.error, operation: 'cloudtrail:DescribeTrails' } } }]);
    expect(r.findings.map((f) => `${f.checkId} ${f.status}`)).toEqual(['required ERROR', 'needs-trail ERROR']);
    // Without the required check in the run, the optional one must say it could not judge.
    expect(runChecks([needsIam], [{ ...account, iam: denied }]).findings.map((f) => `${f.checkId} ${f.status}`)).toEqual(['needs-iam ERROR']);
  });

  it('gives INFO findings the info severity', () => {
    const r = runChecks([check({ severity: 'high', evaluate: () => [{ status: 'INFO', messageId: 'bad' }] })], [account]);
    expect(r.findings[0]!.severity).toBe('info');
  });
});

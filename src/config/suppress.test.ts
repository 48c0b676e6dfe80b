import { describe, expect, it } from 'vitest';
import type { Finding } from '../findings/model.js';
import { onePerResource } from '../report/common.js';
import { ok, type AccountSnapshot } from '../snapshot/model.js';
import { applySeverityOverrides, applySuppressions } from './suppress.js';
import { ouPathOf } from '../snapshot/ou-path.js';
import type { Suppression } from './types.js';

const finding = (over: Partial<Finding>): Finding => ({
  checkId: 'support-role-trust-policy',
  title: 't',
  status: 'FAIL',
  severity: 'high',
  accountId: '111122223333',
  partition: 'aws',
  resourceArn: 'arn:aws:iam::111122223333:role/aws-support-legacy',
  resourceType: 'AwsIamRole',
  messageId: 'foreign-account-without-external-id',
  message: 'm',
  remediation: 'r',
  references: [],
  ...over,
});
const entry = (over: Partial<Suppression>): Suppression => ({ check: 'support-role-trust-policy', reason: 'why', owner: 'me', expires: '2026-12-31', ...over });
const today = new Date('2026-12-02T12:00:00Z');
const run = (fs: Finding[], ss: Suppression[], ouPaths = new Map<string, string[] | undefined>()) => applySuppressions(fs, ss, { today, ouPaths });

describe('suppressions', () => {
  it('match on check, message id, accounts and role ARN patterns (IAM wildcards, case-sensitive)', () => {
    const fs = [finding({}), finding({ messageId: 'no-mfa' }), finding({ accountId: '444455556666', resourceArn: 'arn:aws:iam::444455556666:role/aws-support-legacy' }), finding({ resourceArn: 'arn:aws:iam::111122223333:role/AWS-SUPPORT-LEGACY' })];
    run(fs, [entry({ messageId: 'foreign-account-without-external-id', scope: { accounts: ['111122223333'], roles: ['arn:aws:iam::*:role/aws-support-?egacy'] } })]);
    expect(fs.map((f) => f.suppression?.index)).toEqual([0, undefined, undefined, undefined]);
  });

  it('an OU matches an account whose path (from its SCP targets) contains it; without SCP data it cannot match and is reported', () => {
    const account = (id: string, targets?: string[]): AccountSnapshot => ({
      schemaVersion: 1,
      accountId: id,
      partition: 'aws',
      source: { kind: 'live' },
      ...(targets ? { serviceControlPolicies: ok([{ id: 'p-FullAWSAccess', name: 'FullAWSAccess', document: { Statement: [] }, targets }]) } : {}),
    });
    const inOu = account('111122223333', ['111122223333', 'ou-abcd-11111111', 'r-abcd']);
    expect(ouPathOf(inOu)).toEqual(['r-abcd', 'ou-abcd-11111111']);
    const unknown = account('444455556666');
    expect(ouPathOf(unknown)).toBeUndefined();
    const fs = [finding({}), finding({ accountId: '444455556666' })];
    const report = run(fs, [entry({ scope: { ous: ['ou-abcd-11111111'] } })], new Map([inOu, unknown].map((a) => [a.accountId, ouPathOf(a)])));
    expect(fs.map((f) => f.suppression?.index)).toEqual([0, undefined]);
    expect(report.ouPathUnknown).toEqual(['444455556666']);
  });

  it('never suppress an ERROR or a PASS; the first matching entry wins; expired entries are inactive from the day after', () => {
    const fs = [finding({ status: 'ERROR' }), finding({ status: 'PASS' }), finding({ status: 'INFO' }), finding({})];
    const report = run(fs, [entry({ expires: '2026-12-01' }), entry({ owner: 'first' }), entry({ owner: 'second' })]);
    expect(fs.map((f) => f.suppression?.owner)).toEqual([undefined, undefined, 'first', 'first']);
    expect(report.expired.map((e) => e.index)).toEqual([0]);
    expect(report.unmatched.map((e) => e.index)).toEqual([2]);
    const onTheDay = [finding({})];
    applySuppressions(onTheDay, [entry({ expires: '2026-12-02' })], { today: new Date('2026-12-02T23:59:59Z'), ouPaths: new Map() });
    expect(onTheDay[0]!.suppression?.expires).toBe('2026-12-02');
  });

  it('a merged finding (SARIF/OCSF/ASFF: one per resource) is suppressed only when all its problems are', () => {
    const two = [finding({}), finding({ messageId: 'no-mfa' })];
    run(two, [entry({ messageId: 'no-mfa' })]);
    expect(onePerResource(two)[0]!.suppression).toBeUndefined();
    const both = [finding({}), finding({ messageId: 'no-mfa' })];
    run(both, [entry({})]);
    expect(onePerResource(both)[0]!.suppression?.index).toBe(0);
  });
});

describe('severity overrides', () => {
  it('set the severity of judged findings, keep the original in details, and leave INFO as info', () => {
    const fs = [finding({}), finding({ status: 'INFO', severity: 'info' }), finding({ checkId: 'other' })];
    applySeverityOverrides(fs, { severity: { 'support-role-trust-policy': 'low' } });
    expect(fs.map((f) => f.severity)).toEqual(['low', 'info', 'high']);
    expect(fs[0]!.details).toEqual({ originalSeverity: 'high', severityFrom: 'supportguard.yml checks.severity' });
  });
});

import { describe, expect, it } from 'vitest';
import type { ProbeResult, SupportCall } from './model.js';
import { judgeAccount, judgeCall, SUBSCRIPTION_NOTE, type AccountObservations } from './verdict.js';

const ROLE = 'arn:aws:iam::111111111111:role/aws-support';
const sdkError = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const ok = (action: SupportCall['action']): SupportCall => ({ action, outcome: 'ok', detail: 'fine', ms: 5 });
const deniedProbe = (action: string): ProbeResult => ({ action, outcome: 'denied', detail: `${action}: AccessDenied: no` });

function observed(o: Partial<AccountObservations> = {}): AccountObservations {
  return {
    accountId: '111111111111',
    roleArn: ROLE,
    support: [ok('support:DescribeSeverityLevels'), ok('support:DescribeCases')],
    probes: [deniedProbe('iam:ListRoles'), deniedProbe('s3:ListBuckets')],
    timings: { credentialsMs: 10, assumeRoleMs: 20, firstSupportAnswerMs: 30 },
    testCaseAsked: false,
    ...o,
  };
}

describe('judgeCall: what an AWS answer means for the drill', () => {
  it.each([
    [sdkError('AccessDeniedException', 'User: x is not authorized'), 'denied', 'support:DescribeCases: AccessDenied: User: x is not authorized'],
    [sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403), 'denied', 'support:DescribeCases: AccessDenied: You are not authorized to perform this operation.'],
    [sdkError('SubscriptionRequiredException', 'AWS Premium Support Subscription is required'), 'subscription-required', SUBSCRIPTION_NOTE],
    [sdkError('AWSOrganizationsNotInUseException', 'not in an organization'), 'ok', 'allowed (the account is not in an organization)'],
    [sdkError('ThrottlingException', 'Rate exceeded'), 'error', 'support:DescribeCases: Throttling: Rate exceeded'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'error', 'support:DescribeCases: NetworkError: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9'],
  ])('%s → %s', (error, outcome, detail) => {
    expect(judgeCall(error, 'support:DescribeCases')).toEqual({ outcome, detail });
  });
});

describe('judgeAccount', () => {
  it('PASS when Support answers and every probe is denied; time to engage is the sum of the steps', () => {
    const a = judgeAccount(observed());
    expect([a.verdict, a.reasons, a.notes, a.timeToEngageMs]).toEqual(['PASS', [], [], 60]);
  });

  it('FAIL beats ERROR: an allowed probe is proven even if another probe could not be decided', () => {
    const a = judgeAccount(observed({ probes: [{ action: 'iam:ListRoles', outcome: 'ok', detail: 'allowed' }, { action: 's3:ListBuckets', outcome: 'error', detail: 's3:ListBuckets: Throttling: SlowDown' }] }));
    expect(a.verdict).toBe('FAIL');
    expect(a.reasons).toEqual(['the support role can reach iam:ListRoles', 'probe s3:ListBuckets: Throttling: SlowDown']);
  });

  it('an account that could not be entered is ERROR with no time to engage, never PASS', () => {
    const a = judgeAccount(observed({ assumeError: 'sts:AssumeRole: AccessDenied: no', support: [], probes: [], timings: { credentialsMs: 10 } }));
    expect([a.verdict, a.reasons, a.timeToEngageMs]).toEqual(['ERROR', [`cannot assume ${ROLE}: sts:AssumeRole: AccessDenied: no`], null]);
  });

  it('with --test-case the time to engage runs to the case; a case created but not resolved is ERROR (someone must close it)', () => {
    const resolved = judgeAccount(observed({ testCaseAsked: true, testCase: { outcome: 'created-and-resolved', caseId: 'case-1', detail: 'ok' }, timings: { credentialsMs: 10, assumeRoleMs: 20, firstSupportAnswerMs: 30, caseCreatedMs: 40 } }));
    expect([resolved.verdict, resolved.timeToEngageMs]).toEqual(['PASS', 100]);
    const open = judgeAccount(observed({ testCaseAsked: true, testCase: { outcome: 'created-not-resolved', caseId: 'case-1', detail: 'case case-1 created but not resolved' }, timings: { credentialsMs: 10, assumeRoleMs: 20, firstSupportAnswerMs: 30, caseCreatedMs: 40 } }));
    expect([open.verdict, open.reasons]).toEqual(['ERROR', ['test case: case case-1 created but not resolved']]);
    const denied = judgeAccount(observed({ testCaseAsked: true, testCase: { outcome: 'denied', detail: 'support:CreateCase: AccessDenied: no' } }));
    expect([denied.verdict, denied.reasons, denied.timeToEngageMs]).toEqual(['FAIL', ['the support role cannot open a case: support:CreateCase: AccessDenied: no'], null]);
  });

  it('the Basic/Developer plan is a note, not a failure; a Support call denied is a FAIL', () => {
    const basic = judgeAccount(observed({ support: [{ action: 'support:DescribeSeverityLevels', outcome: 'subscription-required', detail: SUBSCRIPTION_NOTE, ms: 3 }] }));
    expect([basic.verdict, basic.notes]).toEqual(['PASS', [SUBSCRIPTION_NOTE]]);
    const denied = judgeAccount(observed({ support: [{ action: 'support:DescribeCases', outcome: 'denied', detail: 'support:DescribeCases: AccessDenied: no', ms: 3 }], timings: { credentialsMs: 10, assumeRoleMs: 20 } }));
    expect([denied.verdict, denied.reasons, denied.timeToEngageMs]).toEqual(['FAIL', ['the support role cannot call support:DescribeCases: support:DescribeCases: AccessDenied: no'], null]);
  });
});

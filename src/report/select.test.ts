import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../checks/engine.js';
import type { Finding, Severity, Status } from '../findings/model.js';
import { describeFilteredOut, filterResult, FilterValueError, parseSeverityFilter, parseStatusFilter } from './select.js';
import { summarize } from './summary.js';

const finding = (status: Status, severity: Severity, extra: Partial<Finding> = {}): Finding => ({
  checkId: 'cis-support-role', title: 't', status, severity, accountId: '111111111111', partition: 'aws', resourceArn: 'arn:aws:iam::111111111111:root',
  resourceType: 'AwsAccount', messageId: 'm', message: `${status} ${severity}`, remediation: '', references: [], ...extra,
});
const suppression = { index: 0, reason: 'MSP contract until March', owner: 'secops@example.com', expires: '2027-03-31' };

const result: AuditResult = {
  accounts: [{ accountId: '111111111111', status: 'FAIL', message: 'x' }],
  findings: [finding('PASS', 'medium'), finding('FAIL', 'medium'), finding('FAIL', 'critical'), finding('INFO', 'info'), finding('ERROR', 'high'), finding('FAIL', 'high', { suppression })],
  skipped: [],
};

describe('--severity and --status parsing', () => {
  it('reads one severity as a minimum, like --fail-on, and a list as exactly those', () => {
    expect(parseSeverityFilter(['high'])).toEqual(['high', 'critical']);
    expect(parseSeverityFilter(['low,medium'])).toEqual(['low', 'medium']);
    expect(parseSeverityFilter(['critical', 'info'])).toEqual(['info', 'critical']);
  });

  it('refuses an unknown word with the list of valid ones', () => {
    expect(() => parseSeverityFilter(['high,severe'])).toThrow(new FilterValueError('unknown --severity "severe" (a minimum or a comma list of: info, low, medium, high, critical)'));
    expect(() => parseStatusFilter(['FAIL,WARN'])).toThrow(new FilterValueError('unknown --status "WARN" (a comma list of: PASS, FAIL, ERROR, INFO, SUPPRESSED)'));
  });

  it('takes statuses in any case, SUPPRESSED included', () => {
    expect(parseStatusFilter(['fail,Suppressed'])).toEqual(['FAIL', 'SUPPRESSED']);
  });
});

describe('filterResult', () => {
  it('keeps the findings asked for, counts the others, and leaves verdicts and summary counts whole', () => {
    const shown = filterResult(result, { severities: ['high', 'critical'], by: ['--severity high'] });
    expect(shown.findings.map((f) => f.message)).toEqual(['FAIL critical', 'ERROR high', 'FAIL high']);
    expect(shown.accounts).toBe(result.accounts);
    expect(summarize(shown)).toEqual(summarize(result));
    expect(describeFilteredOut(shown)).toBe('3 finding(s) not shown (--severity high): 1 PASS, 1 FAIL, 1 INFO.');
  });

  it('shows a suppressed finding as SUPPRESSED, not under its status underneath', () => {
    const fails = filterResult(result, { statuses: ['FAIL'], by: ['--status FAIL'] });
    expect(fails.findings.map((f) => f.message)).toEqual(['FAIL medium', 'FAIL critical']);
    expect(describeFilteredOut(fails)).toBe('4 finding(s) not shown (--status FAIL): 1 PASS, 1 FAIL, 1 ERROR, 1 INFO (1 SUPPRESSED).');
    expect(filterResult(result, { statuses: ['SUPPRESSED'] }).findings.map((f) => f.message)).toEqual(['FAIL high']);
  });

  it('adds up what two filters left out, and returns an unfiltered result unchanged', () => {
    const twice = filterResult(filterResult(result, { statuses: ['FAIL', 'ERROR'], by: ['--quiet'] }), { severities: ['critical'], by: ['--severity critical'] });
    expect(twice.findings.map((f) => f.message)).toEqual(['FAIL critical']);
    expect(twice.filtered).toEqual({ total: 5, byStatus: { PASS: 1, FAIL: 2, ERROR: 1, INFO: 1 }, suppressed: 1, by: ['--quiet', '--severity critical'] });
    expect(filterResult(result, {})).toBe(result);
    expect(describeFilteredOut(result)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { findingsOf, onlyFinding } from '../../../test/helpers/fixtures.js';
import { runChecks } from '../../checks/engine.js';
import { supportRoleMonitoring } from './index.js';
import { snapshotsFromJson } from '../../snapshot/load.js';
import { readFileSync } from 'node:fs';

const ID = 'support-role-monitoring';

describe('support-role-monitoring', () => {
  it('passes a multi-region logging trail and a rule matching the role by ARN and name', () => {
    const findings = findingsOf(ID, 'watched.pass.json');
    expect(findings.map((f) => `${f.status} ${f.messageId}: ${f.message}`)).toEqual([
      'PASS trail-logging: CloudTrail logs management events in every region: org-management.',
      'PASS watched: EventBridge rule(s) support-role-watch catch AssumeRole, DetachRolePolicy and DeleteRole of aws-support-responders.',
    ]);
  });

  it('evaluates prefix, suffix, anything-but and exists matchers instead of looking for the role name', () => {
    const watched = findingsOf(ID, 'watched--prefix-suffix-anything-but-exists.pass.json').find((f) => f.messageId === 'watched');
    expect(watched?.message).toBe('EventBridge rule(s) iam-and-sts-changes catch AssumeRole, DetachRolePolicy and DeleteRole of aws-support-responders.');
  });

  it('fails a single-region trail as high and says why it does not count', () => {
    const f = onlyFinding(ID, 'no-trail.fail.json', 'FAIL');
    expect(f.severity).toBe('high');
    expect(f.message).toBe('No multi-region CloudTrail trail logs management events (us-east-1-only: single-region): assuming, detaching or deleting the support role leaves no record.');
  });

  it('does not count a disabled rule, or a rule for another role', () => {
    expect(onlyFinding(ID, 'not-watched--rule-disabled.fail.json', 'FAIL').messageId).toBe('not-watched');
    expect(onlyFinding(ID, 'not-watched--other-role.fail.json', 'FAIL').message).toBe(
      'No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support-responders: its use, detachment or deletion goes unnoticed.',
    );
  });

  it('knows IAM events reach EventBridge only in us-east-1, while AssumeRole is regional', () => {
    const f = onlyFinding(ID, 'partly-watched--iam-rule-outside-us-east-1.fail.json', 'FAIL');
    expect(f.message).toBe('No enabled EventBridge rule catches DetachRolePolicy, DeleteRole of aws-support-responders.');
    expect(f.remediation).toMatch(/^In us-east-1, create an enabled EventBridge rule with a target \(SNS, chat\): aws events put-rule --region us-east-1 --name aws-support-responders-watch --event-pattern '/);
  });

  it('turns a failed EventBridge collection into ERROR, never PASS or FAIL', () => {
    // Given a snapshot whose EventBridge listing was denied
    const text = readFileSync('test/fixtures/checks/support-role-monitoring/watched.pass.json', 'utf8');
    const accounts = snapshotsFromJson(text, 'x.json');
    accounts[0]!.eventBridge = { status: 'failed', error: { code: 'AccessDeniedException', message: 'not authorized to perform events:ListRules', operation: 'events:ListRules' } };
    // When the check runs
    const findings = runChecks([supportRoleMonitoring], accounts).findings;
    // Then it is one ERROR that says what failed
    expect(findings.map((f) => `${f.status} ${f.messageId}: ${f.message}`)).toEqual([
      'ERROR data-unavailable: Not judged: eventBridge could not be read (events:ListRules): AccessDeniedException: not authorized to perform events:ListRules',
    ]);
  });
});

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

describe('support-role-monitoring: the CloudTrail → CloudWatch Logs → metric filter → alarm path', () => {
  const line = (f: { status: string; messageId: string; message: string }) => `${f.status} ${f.messageId}: ${f.message}`;
  const roleFinding = (file: string) => {
    const fs = findingsOf(ID, file).filter((f) => f.resourceType === 'AwsIamRole');
    expect(fs).toHaveLength(1);
    return fs[0]!;
  };

  it('passes a CIS-style filter and alarm with an SNS action on a log group fed by a multi-region trail, with no EventBridge rule at all', () => {
    // Given trail → CloudTrail/management → support-role-activity filter → alarm with actions
    const findings = findingsOf(ID, 'watched-by-alarm.pass.json');
    // Then both findings pass, and the role's names the chain it went through
    expect(findings.map(line)).toEqual([
      'PASS trail-logging: CloudTrail logs management events in every region: management.',
      'PASS watched-by-alarm: CloudWatch alarm(s) support-role-activity on metric filter(s) support-role-activity of log group CloudTrail/management (fed by trail management) catch AssumeRole, DetachRolePolicy and DeleteRole of aws-support-responders.',
    ]);
    expect(findings[1]!.details).toMatchObject({ provenFrom: 'this-account', alarmsByEvent: { AssumeRole: ['support-role-activity'], DeleteRole: ['support-role-activity'] } });
  });

  it('combines paths per event: the verbatim CIS "IAM policy changes" filter catches DetachRolePolicy, an AssumeRole filter and an EventBridge rule the rest', () => {
    const f = roleFinding('watched-by-alarm--cis-filter-and-eventbridge.pass.json');
    expect(line(f)).toBe(
      'PASS watched-by-alarm: CloudWatch alarm(s) support-role-assumed, cis-iam-policy-changes on metric filter(s) support-role-assumed, cis-iam-policy-changes of log group CloudTrail/management (fed by trail management) and EventBridge rule(s) support-role-watch catch AssumeRole, DetachRolePolicy and DeleteRole of aws-support-responders.',
    );
    expect(f.details).toMatchObject({ alarmsByEvent: { AssumeRole: ['support-role-assumed'], DetachRolePolicy: ['cis-iam-policy-changes'], DeleteRole: [] }, rulesByEvent: { DeleteRole: ['support-role-watch'] } });
  });

  it.each([
    ['no-matching-filter.fail.json', 'FAIL no-matching-filter: No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support-responders, and no metric filter on log group CloudTrail/management matches them (filters: support-role-activity).'],
    ['no-matching-filter--other-event.fail.json', 'FAIL no-matching-filter: No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support-responders, and no metric filter on log group CloudTrail/management matches them (filters: console-login).'],
    ['no-alarm.fail.json', 'FAIL no-alarm: No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support-responders: metric filter(s) support-role-activity on log group CloudTrail/management match AssumeRole, DetachRolePolicy, DeleteRole, but no CloudWatch alarm watches their metric (CISBenchmark/SupportRoleActivity).'],
    ['alarm-without-action.fail.json', 'FAIL alarm-without-action: No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support-responders: metric filter(s) support-role-activity on log group CloudTrail/management match AssumeRole, DetachRolePolicy, DeleteRole, but alarm(s) support-role-activity alert nobody (support-role-activity: actions disabled).'],
    ['alarm-without-action--no-alarm-action.fail.json', 'FAIL alarm-without-action: No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support-responders: metric filter(s) support-role-activity on log group CloudTrail/management match AssumeRole, DetachRolePolicy, DeleteRole, but alarm(s) support-role-activity alert nobody (support-role-activity: no alarm action).'],
    ['log-group-not-fed.fail.json', 'FAIL log-group-not-fed: No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support-responders: alarm(s) support-role-activity on metric filter(s) support-role-activity would, but log group CloudTrail/management is fed by no multi-region, logging trail that records write management events (management: single-region).'],
  ])('%s names the missing link of the chain', (file, expected) => {
    const f = roleFinding(file);
    expect(line(f)).toBe(expected);
    expect(f.severity).toBe('medium');
  });

  it('points each broken link to its fix', () => {
    expect(roleFinding('no-matching-filter.fail.json').remediation).toBe(
      "Add a metric filter on CloudTrail/management whose pattern matches the role's events, and an alarm with an action on its metric: supportguard emit cloudwatch --role-name aws-support-responders --log-group-name CloudTrail/management",
    );
    expect(roleFinding('log-group-not-fed.fail.json').remediation).toMatch(/^Deliver a multi-region trail that is logging and records write management events to CloudTrail\/management: aws cloudtrail update-trail /);
  });

  it('says ERROR, not FAIL, when a filter could not be read or evaluated and nothing else catches the events', () => {
    expect(line(roleFinding('cloudwatch-not-judged.error.json'))).toBe(
      'ERROR cloudwatch-not-judged: No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support-responders, and the CloudWatch path could not be judged: log group CloudTrail/management: logs:DescribeMetricFilters failed (AccessDenied: not authorized to perform: logs:DescribeMetricFilters).',
    );
    expect(line(roleFinding('cloudwatch-not-judged--regex-pattern.error.json'))).toBe(
      'ERROR cloudwatch-not-judged: No enabled EventBridge rule catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support-responders, and the CloudWatch path could not be judged: metric filter support-role-activity on CloudTrail/management cannot be evaluated (regular expression values (%AssumeRole|DeleteRole%) are not evaluated by supportguard).',
    );
  });

  it('a failed CloudWatch read does not matter when an EventBridge rule already catches every event', () => {
    const text = readFileSync('test/fixtures/checks/support-role-monitoring/cloudwatch-not-judged.error.json', 'utf8');
    const [account] = snapshotsFromJson(text, 'x.json');
    const watched = snapshotsFromJson(readFileSync('test/fixtures/checks/support-role-monitoring/watched.pass.json', 'utf8'), 'y.json')[0]!;
    account!.eventBridge = watched.eventBridge;
    expect(runChecks([supportRoleMonitoring], [account!]).findings.map((f) => `${f.status} ${f.messageId}`)).toEqual(['PASS trail-logging', 'PASS watched']);
  });

  it('marks what a member account cannot prove: a forward to the security account\'s bus, an organization trail\'s log group', () => {
    const forwarded = roleFinding('forwarded-to-central-bus.info.json');
    expect(line(forwarded)).toBe(
      'INFO forwarded-to-central-bus: EventBridge rule(s) to-security-account forward AssumeRole, DetachRolePolicy, DeleteRole of aws-support-responders to the event bus of account 222222222222; the rule and alert there live in account 222222222222 and were not verified from this account.',
    );
    expect(forwarded.details).toMatchObject({ provenFrom: 'member-view', unverifiedAccounts: ['222222222222'] });
    const org = roleFinding('org-trail-unverified.info.json');
    expect(line(org)).toBe(
      'INFO org-trail-unverified: No rule or alarm in this account catches AssumeRole, DetachRolePolicy, DeleteRole of aws-support-responders; organization trail org-management delivers them to log group arn:aws:logs:us-east-1:222222222222:log-group:aws-controltower/CloudTrailLogs:* in account 222222222222, whose metric filters and alarms this account cannot read: not verified.',
    );
    expect(org.details).toMatchObject({ provenFrom: 'member-view', unverifiedAccounts: ['222222222222'] });
  });
});

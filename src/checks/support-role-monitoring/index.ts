import { QUALITY_REFERENCES } from '../../frameworks/quality-references.js';
import { matchesEventPattern } from '../../policy/event-pattern.js';
import { PARTITION_HOME_REGION, supportPolicyArn } from '../../snapshot/arn.js';
import type { AccountSnapshot, EventBridgeRule, IamRole} from '../../snapshot/model.js';
import { judgedSupportRoles } from '../support-roles.js';
import type { Check, CheckOutcome } from '../types.js';

/** IAM is global: its events reach EventBridge only in the partition's home region (re-exported for callers). */
export const IAM_EVENT_REGION = PARTITION_HOME_REGION;

/** The events a watch on the support role must catch. */
export const WATCHED_EVENTS = ['AssumeRole', 'DetachRolePolicy', 'DeleteRole'] as const;
type Watched = (typeof WATCHED_EVENTS)[number];

/** The CloudTrail event EventBridge would receive for one call on the role (shape of "AWS API Call via CloudTrail"). */
export function cloudTrailEvent(eventName: Watched, role: IamRole, account: AccountSnapshot): Record<string, unknown> {
  const sts = eventName === 'AssumeRole';
  const region = IAM_EVENT_REGION[account.partition];
  const requestParameters = sts
    ? { roleArn: role.arn, roleSessionName: 'responder' }
    : eventName === 'DetachRolePolicy'
      ? { roleName: role.name, policyArn: supportPolicyArn(account.partition) }
      : { roleName: role.name };
  return {
    version: '0',
    'detail-type': 'AWS API Call via CloudTrail',
    source: sts ? 'aws.sts' : 'aws.iam',
    account: account.accountId,
    region,
    resources: [],
    detail: {
      eventVersion: '1.08',
      eventSource: sts ? 'sts.amazonaws.com' : 'iam.amazonaws.com',
      eventName,
      awsRegion: region,
      eventType: 'AwsApiCall',
      managementEvent: true,
      readOnly: false,
      recipientAccountId: account.accountId,
      userIdentity: { type: 'AssumedRole', accountId: account.accountId },
      requestParameters,
      resources: sts ? [{ ARN: role.arn, accountId: account.accountId, type: 'AWS::IAM::Role' }] : undefined,
    },
  };
}

function ruleCatches(rule: EventBridgeRule, event: Record<string, unknown>): boolean {
  // ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS is ENABLED plus read-only management events: a superset.
  if ((rule.state !== 'ENABLED' && rule.state !== 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS') || rule.eventPattern === undefined) return false;
  // A rule with no target alerts nobody.
  if (rule.targets !== undefined && rule.targets.length === 0) return false;
  if (rule.region !== undefined && rule.region !== event.region) {
    // STS is regional: AssumeRole lands in the region of the endpoint called, so a rule in any region sees
    // the calls made there. IAM calls land only in the home region.
    if (event.source !== 'aws.sts') return false;
    const detail = { ...(event.detail as Record<string, unknown>), awsRegion: rule.region };
    return matchesEventPattern(rule.eventPattern, { ...event, region: rule.region, detail });
  }
  return matchesEventPattern(rule.eventPattern, event);
}

function trailOutcome(account: AccountSnapshot): CheckOutcome {
  const trails = account.cloudTrail?.status === 'ok' ? account.cloudTrail.data : [];
  const good = trails.filter((t) => t.isMultiRegion && t.isLogging !== false && t.logsManagementEvents !== false);
  if (good.length > 0) return { status: 'PASS', messageId: 'trail-logging', params: { trails: good.map((t) => t.name).join(', ') } };
  const reasons = trails.map((t) => `${t.name}: ${[!t.isMultiRegion && 'single-region', t.isLogging === false && 'not logging', t.logsManagementEvents === false && 'no management events'].filter(Boolean).join(', ')}`);
  return {
    status: 'FAIL',
    messageId: 'no-trail',
    severity: 'high',
    params: {
      trails: reasons.length ? reasons.join('; ') : 'no trail at all',
      fix: 'Create a multi-region trail that logs management events: aws cloudtrail create-trail --name management --s3-bucket-name <bucket> --is-multi-region-trail && aws cloudtrail start-logging --name management',
    },
  };
}

function ruleOutcome(role: IamRole, account: AccountSnapshot, rules: EventBridgeRule[]): CheckOutcome {
  const base = { resourceArn: role.arn, resourceType: 'AwsIamRole' };
  const caughtBy = new Map<Watched, string[]>();
  for (const name of WATCHED_EVENTS) {
    const event = cloudTrailEvent(name, role, account);
    caughtBy.set(name, rules.filter((r) => ruleCatches(r, event)).map((r) => r.name));
  }
  const missing = WATCHED_EVENTS.filter((e) => caughtBy.get(e)!.length === 0);
  const details = { rulesByEvent: Object.fromEntries(caughtBy) };
  if (missing.length === 0) {
    const names = [...new Set([...caughtBy.values()].flat())];
    return { ...base, status: 'PASS', messageId: 'watched', params: { role: role.name, rules: names.join(', ') }, details };
  }
  const region = IAM_EVENT_REGION[account.partition];
  const pattern = JSON.stringify({
    $or: [
      { source: ['aws.sts'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: ['AssumeRole'], requestParameters: { roleArn: [role.arn] } } },
      { source: ['aws.iam'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: ['DetachRolePolicy', 'DeleteRole'], requestParameters: { roleName: [role.name] } } },
    ],
  });
  return {
    ...base,
    status: 'FAIL',
    messageId: missing.length === WATCHED_EVENTS.length ? 'not-watched' : 'partly-watched',
    severity: 'medium',
    params: {
      role: role.name,
      missing: missing.join(', '),
      fix: `In ${region}, create an enabled EventBridge rule with a target (SNS, chat): aws events put-rule --region ${region} --name ${role.name}-watch --event-pattern '${pattern}'`,
    },
    details,
  };
}

/** Changes to and use of the support role are logged and alerted on. */
export const supportRoleMonitoring: Check = {
  id: 'support-role-monitoring',
  title: 'Use of and changes to the support role are logged and alerted on',
  description:
    'CloudTrail must record management events in every region (a multi-region trail that is logging), and an enabled EventBridge rule with a target must match AssumeRole of the support role and DetachRolePolicy/DeleteRole on it. Rule patterns are evaluated with EventBridge semantics (prefix, suffix, wildcard, anything-but, exists, $or) against the CloudTrail event each call produces, in the region IAM events are delivered to.',
  severity: 'medium',
  severityReason: 'No trail is high (nothing about the account can be investigated); a missing alert is medium: the role can be removed or abused silently, but the trail still records it.',
  references: [...QUALITY_REFERENCES.monitoring],
  messages: {
    'trail-logging': 'CloudTrail logs management events in every region: {{trails}}.',
    'no-trail': 'No multi-region CloudTrail trail logs management events ({{trails}}): assuming, detaching or deleting the support role leaves no record.',
    watched: 'EventBridge rule(s) {{rules}} catch AssumeRole, DetachRolePolicy and DeleteRole of {{role}}.',
    'partly-watched': 'No enabled EventBridge rule catches {{missing}} of {{role}}.',
    'not-watched': 'No enabled EventBridge rule catches {{missing}} of {{role}}: its use, detachment or deletion goes unnoticed.',
  },
  remediation: '{{fix}}',
  requires: { allOf: ['iam', 'cloudTrail', 'eventBridge'], whenNotCollected: 'skip' },
  evaluate(account) {
    if (account.iam?.status !== 'ok' || account.eventBridge?.status !== 'ok') return [];
    const roles = judgedSupportRoles(account.iam.data);
    if (roles.length === 0) return [];
    const rules = account.eventBridge.data;
    return [trailOutcome(account), ...roles.map((r) => ruleOutcome(r, account, rules))];
  },
};

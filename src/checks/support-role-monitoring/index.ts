import { QUALITY_REFERENCES } from '../../frameworks/quality-references.js';
import { matchesEventPattern } from '../../policy/event-pattern.js';
import { PARTITION_HOME_REGION, supportPolicyArn } from '../../snapshot/arn.js';
import type { AccountSnapshot, EventBridgeRule, IamRole } from '../../snapshot/model.js';
import { judgedSupportRoles } from '../support-roles.js';
import { cloudTrailLogRecord, coversAccount, followChains, foreignOrganizationTrails, stageRank, trailShortfall, type EventChain } from './cloudwatch-path.js';
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

/** The account of an EventBridge target that is another account's event bus (a central security account), if it is one. */
function foreignBusAccount(target: string, account: AccountSnapshot): string | undefined {
  const owner = target.match(/^arn:[^:]+:events:[^:]*:(\d{12}):event-bus\//)?.[1];
  return owner && owner !== account.accountId ? owner : undefined;
}

/** A rule whose every target forwards to another account's bus: what happens there cannot be seen from here. */
function forwardsOnly(rule: EventBridgeRule, account: AccountSnapshot): string[] {
  const targets = rule.targets ?? [];
  const owners = targets.map((t) => foreignBusAccount(t, account));
  return targets.length > 0 && owners.every((o) => o !== undefined) ? [...new Set(owners as string[])] : [];
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
  const good = trails.filter(coversAccount);
  if (good.length > 0) return { status: 'PASS', messageId: 'trail-logging', params: { trails: good.map((t) => t.name).join(', ') } };
  const reasons = trails.map((t) => `${t.name}: ${trailShortfall(t).replace('no write management events', 'no management events')}`);
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

const names = (xs: { name: string }[]) => [...new Set(xs.map((x) => x.name))].join(', ') || 'none';

/** The FAIL of a role the CloudWatch path reached but did not complete: which link is missing, and how to add it. */
function brokenChainOutcome(role: IamRole, missing: Watched[], chains: Map<string, EventChain>): { messageId: string; params: Record<string, string> } | undefined {
  const furthest = missing.map((e) => chains.get(e)!).reduce((a, b) => (stageRank(b.stage) > stageRank(a.stage) ? b : a));
  const g = furthest.logGroup;
  if (!g) return undefined;
  const matched = missing.filter((e) => chains.get(e)!.stage === furthest.stage && chains.get(e)!.logGroup === g).join(', ');
  const emit = `supportguard emit cloudwatch --role-name ${role.name} --log-group-name ${g.name}`;
  const base = { role: role.name, missing: missing.join(', '), logGroup: g.name, filters: names(furthest.filters), matched };
  switch (furthest.stage) {
    case 'no-matching-filter':
      return { messageId: 'no-matching-filter', params: { ...base, fix: `Add a metric filter on ${g.name} whose pattern matches the role's events, and an alarm with an action on its metric: ${emit}` } };
    case 'no-alarm':
      return { messageId: 'no-alarm', params: { ...base, metrics: [...new Set(furthest.filters.flatMap((f) => f.metrics.map((m) => `${m.namespace}/${m.name}`)))].join(', ') || 'none', fix: `Create a CloudWatch alarm with an SNS action on the filter's metric (threshold >= 1): ${emit}` } };
    case 'alarm-without-action':
      return { messageId: 'alarm-without-action', params: { ...base, alarms: names(furthest.alarms), why: furthest.why ?? '', fix: `Enable the alarm's actions and give it an alarm action: aws cloudwatch enable-alarm-actions --alarm-names ${furthest.alarms.map((a) => a.name).join(' ')}, and set --alarm-actions <sns-topic-arn> with put-metric-alarm` } };
    case 'log-group-not-fed':
      return { messageId: 'log-group-not-fed', params: { ...base, alarms: names(furthest.alarms), trails: furthest.why ?? '', fix: `Deliver a multi-region trail that is logging and records write management events to ${g.name}: aws cloudtrail update-trail --name <trail> --is-multi-region-trail --cloud-watch-logs-log-group-arn ${g.arn} --cloud-watch-logs-role-arn <role>` } };
    default:
      return undefined;
  }
}

function ruleOutcome(role: IamRole, account: AccountSnapshot, rules: EventBridgeRule[]): CheckOutcome {
  const base = { resourceArn: role.arn, resourceType: 'AwsIamRole' };
  const events = new Map(WATCHED_EVENTS.map((name) => [name, cloudTrailEvent(name, role, account)] as const));
  const caughtBy = new Map<Watched, string[]>();
  const forwardedTo = new Map<Watched, string[]>();
  for (const [name, event] of events) {
    const catching = rules.filter((r) => ruleCatches(r, event));
    caughtBy.set(name, catching.filter((r) => forwardsOnly(r, account).length === 0).map((r) => r.name));
    forwardedTo.set(name, catching.filter((r) => forwardsOnly(r, account).length > 0).map((r) => r.name));
  }
  const records = new Map([...events].map(([name, e]) => [name, cloudTrailLogRecord(e.detail as Record<string, unknown>)]));
  const { chains, uncertain } = followChains(account, records);
  const alarmed = (e: Watched) => chains.get(e)!.stage === 'alarmed';
  const missing = WATCHED_EVENTS.filter((e) => caughtBy.get(e)!.length === 0 && !alarmed(e));
  const alarmsByEvent = Object.fromEntries(WATCHED_EVENTS.map((e) => [e, alarmed(e) ? chains.get(e)!.alarms.map((a) => a.name) : []]));
  const details: Record<string, unknown> = { rulesByEvent: Object.fromEntries(caughtBy), alarmsByEvent, provenFrom: 'this-account' };
  if (missing.length === 0) {
    const ruleNames = [...new Set([...caughtBy.values()].flat())];
    if (!WATCHED_EVENTS.some(alarmed)) return { ...base, status: 'PASS', messageId: 'watched', params: { role: role.name, rules: ruleNames.join(', ') }, details };
    const used = WATCHED_EVENTS.filter(alarmed).map((e) => chains.get(e)!);
    const by = [
      `CloudWatch alarm(s) ${names(used.flatMap((c) => c.alarms))} on metric filter(s) ${names(used.flatMap((c) => c.filters))} of log group ${names(used.map((c) => c.logGroup!))} (fed by trail ${[...new Set(used.flatMap((c) => c.logGroup!.trails))].join(', ')})`,
      ruleNames.length > 0 ? ` and EventBridge rule(s) ${ruleNames.join(', ')}` : '',
    ].join('');
    return { ...base, status: 'PASS', messageId: 'watched-by-alarm', params: { role: role.name, by }, details };
  }

  // What this account cannot see: a forward to a central bus, or an organization trail into the management account's log group.
  const forwarded = missing.filter((e) => forwardedTo.get(e)!.length > 0);
  const orgTrails = foreignOrganizationTrails(account);
  if (forwarded.length === missing.length || orgTrails.length > 0) {
    const forwardRules = rules.filter((r) => missing.some((e) => forwardedTo.get(e)!.includes(r.name)));
    const accounts = [...new Set(forwarded.length === missing.length ? forwardRules.flatMap((r) => forwardsOnly(r, account)) : orgTrails.map((o) => o.logGroupAccount))];
    const memberDetails = { ...details, provenFrom: 'member-view', unverifiedAccounts: accounts, forwardedByEvent: Object.fromEntries(forwardedTo) };
    if (forwarded.length === missing.length) {
      return { ...base, status: 'INFO', messageId: 'forwarded-to-central-bus', params: { role: role.name, missing: missing.join(', '), rules: names(forwardRules), accounts: accounts.join(', ') }, details: memberDetails };
    }
    const o = orgTrails[0]!;
    return {
      ...base,
      status: 'INFO',
      messageId: 'org-trail-unverified',
      params: { role: role.name, missing: missing.join(', '), trail: o.trail.name, logGroup: o.trail.cloudWatchLogsLogGroupArn!, accounts: accounts.join(', ') },
      details: memberDetails,
    };
  }

  if (uncertain.length > 0) {
    return { ...base, status: 'ERROR', messageId: 'cloudwatch-not-judged', params: { role: role.name, missing: missing.join(', '), why: uncertain.map((u) => u.text).join('; ') }, details };
  }
  const region = IAM_EVENT_REGION[account.partition];
  const broken = brokenChainOutcome(role, missing, chains);
  if (broken) return { ...base, status: 'FAIL', severity: 'medium', ...broken, details: { ...details, chainStage: chains.get(missing[0]!)!.stage } };
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
    'CloudTrail must record management events in every region (a multi-region trail that is logging), and each of AssumeRole of the support role and DetachRolePolicy/DeleteRole on it must be caught by one of two paths: an enabled EventBridge rule with a target (patterns evaluated with EventBridge semantics against the CloudTrail event, in the region IAM events are delivered to), or the CIS chain: a logging multi-region trail that records write management events → its CloudWatch Logs log group → a metric filter whose pattern matches the CloudTrail record (CloudWatch Logs filter syntax, evaluated) → an alarm on the filter\'s metric with actions enabled and at least one action. What lives in another account (a forward to a central event bus, an organization trail\'s log group) is INFO: not verified from this account.',
  severity: 'medium',
  severityReason: 'No trail is high (nothing about the account can be investigated); a missing alert is medium: the role can be removed or abused silently, but the trail still records it.',
  references: [...QUALITY_REFERENCES.monitoring],
  messages: {
    'trail-logging': 'CloudTrail logs management events in every region: {{trails}}.',
    'no-trail': 'No multi-region CloudTrail trail logs management events ({{trails}}): assuming, detaching or deleting the support role leaves no record.',
    watched: 'EventBridge rule(s) {{rules}} catch AssumeRole, DetachRolePolicy and DeleteRole of {{role}}.',
    'partly-watched': 'No enabled EventBridge rule catches {{missing}} of {{role}}.',
    'not-watched': 'No enabled EventBridge rule catches {{missing}} of {{role}}: its use, detachment or deletion goes unnoticed.',
    'watched-by-alarm': '{{by}} catch AssumeRole, DetachRolePolicy and DeleteRole of {{role}}.',
    'no-matching-filter': 'No enabled EventBridge rule catches {{missing}} of {{role}}, and no metric filter on log group {{logGroup}} matches them (filters: {{filters}}).',
    'no-alarm': 'No enabled EventBridge rule catches {{missing}} of {{role}}: metric filter(s) {{filters}} on log group {{logGroup}} match {{matched}}, but no CloudWatch alarm watches their metric ({{metrics}}).',
    'alarm-without-action':
      'No enabled EventBridge rule catches {{missing}} of {{role}}: metric filter(s) {{filters}} on log group {{logGroup}} match {{matched}}, but alarm(s) {{alarms}} alert nobody ({{why}}).',
    'log-group-not-fed':
      'No enabled EventBridge rule catches {{missing}} of {{role}}: alarm(s) {{alarms}} on metric filter(s) {{filters}} would, but log group {{logGroup}} is fed by no multi-region, logging trail that records write management events ({{trails}}).',
    'cloudwatch-not-judged': 'No enabled EventBridge rule catches {{missing}} of {{role}}, and the CloudWatch path could not be judged: {{why}}.',
    'forwarded-to-central-bus':
      'EventBridge rule(s) {{rules}} forward {{missing}} of {{role}} to the event bus of account {{accounts}}; the rule and alert there live in account {{accounts}} and were not verified from this account.',
    'org-trail-unverified':
      'No rule or alarm in this account catches {{missing}} of {{role}}; organization trail {{trail}} delivers them to log group {{logGroup}} in account {{accounts}}, whose metric filters and alarms this account cannot read: not verified.',
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

import { paginateMarker, requireAnswer } from '../aws/paginate.js';
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DescribeAlarmsCommand, type CloudWatchClient, type MetricAlarm as SdkMetricAlarm } from '@aws-sdk/client-cloudwatch';
import { DescribeMetricFiltersCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ListRulesCommand, ListTargetsByRuleCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetAccountAuthorizationDetailsCommand, ListEntitiesForPolicyCommand, type IAMClient, type PolicyUsageType } from '@aws-sdk/client-iam';
import { DescribeSeverityLevelsCommand, type SupportClient } from '@aws-sdk/client-support';
import { parseAuthorizationDetails } from '../snapshot/authorization-details.js';
import { PARTITION_HOME_REGION, supportPolicyArn } from '../snapshot/arn.js';
import {
  failed,
  ok,
  type AccountSnapshot,
  type CloudTrailTrail,
  type Collected,
  type CollectError,
  type EntityRef,
  type EventBridgeRule,
  type IamData,
  type MetricAlarm,
  type MetricFilter,
  type Partition,
  type PolicyUsage,
  type ServiceControlPolicy,
  type TrailLogGroup,
} from '../snapshot/model.js';
import { classifyError } from './errors.js';

/** The SDK clients one account is read with. Getters, so the fast path builds only the IAM client. */
export interface AccountApis {
  readonly iam: IAMClient;
  readonly cloudTrail: CloudTrailClient;
  readonly eventBridge: EventBridgeClient;
  readonly support: SupportClient;
  /**
   * EventBridge in another region of the account. IAM delivers its events only to the partition's home region
   * (us-east-1 in aws), so a scan run from elsewhere must read that region's rules too. Without it, only the
   * scan's region is read.
   */
  eventBridgeIn?(region: string): EventBridgeClient;
  /**
   * CloudWatch Logs and CloudWatch in a region of the account: a trail's log group (and the alarms on its metric
   * filters) live in the trail's home region, which need not be the scan's. Without them the CloudWatch part is not
   * collected.
   */
  cloudWatchLogsIn?(region: string): CloudWatchLogsClient;
  cloudWatchIn?(region: string): CloudWatchClient;
}

/** Which account, and how deep to read it. */
export interface AccountCollectOptions {
  accountId: string;
  accountName?: string;
  partition: Partition;
  /** The scan's region (CloudTrail trails and EventBridge rules are regional). */
  region: string;
  /** Full IAM (GetAccountAuthorizationDetails), CloudTrail, EventBridge, support plan, SCPs. */
  deep: boolean;
  /** Reads the SCPs that apply to this account (from the management or delegated admin account); --deep only. */
  serviceControlPolicies?: () => Promise<Collected<ServiceControlPolicy[]> | undefined>;
}

// A Marker that never ends would keep a scan running forever; no real account has this many pages.
const MAX_PAGES = 10_000;

/** Thrown inside a paginator when AWS repeats a Marker: a loop, not progress. */
class PaginationLoop extends Error {
  override name = 'PaginationLoop';
}

/** Same for the NextToken-style APIs (CloudTrail, EventBridge). */
async function allTokenPages<T extends { NextToken?: string }>(fetch: (token?: string) => Promise<T>): Promise<T[]> {
  const pages: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const page = await fetch(token);
    pages.push(page);
    if (!page.NextToken) return pages;
    if (seen.has(page.NextToken) || pages.length >= MAX_PAGES) throw new PaginationLoop(`NextToken repeats after ${pages.length} page(s)`);
    seen.add(page.NextToken);
    token = page.NextToken;
  }
}

async function attempt<T>(operation: string, run: () => Promise<T>): Promise<Collected<T>> {
  try {
    return ok(await run());
  } catch (e) {
    return failed(classifyError(e, operation));
  }
}

const refs = (xs: { RoleName?: string; UserName?: string; GroupName?: string; RoleId?: string; UserId?: string; GroupId?: string }[] | undefined): EntityRef[] =>
  (xs ?? []).map((x) => {
    const ref: EntityRef = { name: x.RoleName ?? x.UserName ?? x.GroupName ?? '' };
    const id = x.RoleId ?? x.UserId ?? x.GroupId;
    if (id) ref.id = id;
    return ref;
  });

/**
 * The fast path for the CIS verdict: who has AWSSupportAccess as a permissions policy, every page followed.
 * When no role has it, one more listing of roles that use it as a permissions boundary, so the FAIL can say
 * "boundary only" instead of "nothing" (a boundary grants nothing, but the owner clearly meant something).
 */
export async function collectSupportPolicyUsage(iam: IAMClient, partition: Partition): Promise<Collected<PolicyUsage>> {
  const policyArn = supportPolicyArn(partition);
  const list = (usage: PolicyUsageType, entity?: 'Role') =>
    paginateMarker('iam:ListEntitiesForPolicy', async (Marker) =>
      requireAnswer('iam:ListEntitiesForPolicy', await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policyArn, PolicyUsageFilter: usage, EntityFilter: entity, Marker })), {
        lists: ['PolicyGroups', 'PolicyUsers', 'PolicyRoles'],
        truncation: true,
      }),
    );
  return attempt('iam:ListEntitiesForPolicy', async () => {
    const pages = await list('PermissionsPolicy');
    const usage: PolicyUsage = {
      policyArn,
      roles: pages.flatMap((p) => refs(p.PolicyRoles)),
      users: pages.flatMap((p) => refs(p.PolicyUsers)),
      groups: pages.flatMap((p) => refs(p.PolicyGroups)),
    };
    if (usage.roles.length === 0) {
      const boundary = await list('PermissionsBoundary', 'Role');
      usage.boundaryRoles = boundary.flatMap((p) => refs(p.PolicyRoles));
    }
    return usage;
  });
}

/**
 * Items a GetAccountAuthorizationDetails page may hold (the API's maximum; its default is 100). An account of 5,000
 * roles is 6 sequential pages instead of 51: at 100 ms a call, 0.6 s instead of 5 s (bench/deep-large-account.mjs).
 */
export const AUTHORIZATION_DETAILS_PAGE = 1000;

/** Full IAM: GetAccountAuthorizationDetails, all pages merged, then the same parser the offline audit uses. */
export async function collectIam(iam: IAMClient): Promise<Collected<IamData>> {
  return attempt('iam:GetAccountAuthorizationDetails', async () => {
    const pages = await paginateMarker('iam:GetAccountAuthorizationDetails', async (Marker) =>
      requireAnswer('iam:GetAccountAuthorizationDetails', await iam.send(new GetAccountAuthorizationDetailsCommand({ Marker, MaxItems: AUTHORIZATION_DETAILS_PAGE })), {
        lists: ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'],
        truncation: true,
      }),
    );
    const merged = {
      RoleDetailList: pages.flatMap((p) => p.RoleDetailList ?? []),
      UserDetailList: pages.flatMap((p) => p.UserDetailList ?? []),
      GroupDetailList: pages.flatMap((p) => p.GroupDetailList ?? []),
      // moto omits PolicyName in this call; AWS never does. The name is the ARN's last path segment either way.
      Policies: pages.flatMap((p) => p.Policies ?? []).map((p) => (p.PolicyName || !p.Arn ? p : { ...p, PolicyName: p.Arn.slice(p.Arn.lastIndexOf('/') + 1) })),
    };
    return parseAuthorizationDetails(merged as unknown as Record<string, unknown>);
  });
}

type Selectors = {
  EventSelectors?: { IncludeManagementEvents?: boolean; ReadWriteType?: string }[];
  AdvancedEventSelectors?: { FieldSelectors?: { Field?: string; Equals?: string[]; NotEquals?: string[] }[] }[];
};

/**
 * Whether a trail records *write* management events: that is where AssumeRole, DetachRolePolicy and DeleteRole
 * land. A trail logging only ReadOnly management events records none of them, so it must not count.
 */
export function logsManagementEvents(sel: Selectors): boolean {
  if (sel.AdvancedEventSelectors && sel.AdvancedEventSelectors.length > 0) {
    return sel.AdvancedEventSelectors.some((a) => {
      const fields = a.FieldSelectors ?? [];
      const management = fields.some((f) => f.Field === 'eventCategory' && (f.Equals ?? []).includes('Management'));
      const readOnly = fields.find((f) => f.Field === 'readOnly');
      // readOnly = true keeps only reads; NotEquals false says the same the other way round.
      const equals = readOnly?.Equals ?? [];
      const onlyReads = (equals.length > 0 && equals.every((v) => v === 'true')) || (readOnly?.NotEquals ?? []).includes('false');
      return management && !onlyReads;
    });
  }
  if (sel.EventSelectors && sel.EventSelectors.length > 0) {
    return sel.EventSelectors.some((s) => s.IncludeManagementEvents !== false && s.ReadWriteType !== 'ReadOnly');
  }
  // A trail without selectors records all management events (the CloudTrail default).
  return true;
}

// How CloudTrail says a trail's details are not this account's to read: an organization trail seen from a member
// account (GetEventSelectors on it answers CloudTrailARNInvalidException or TrailNotFoundException), or a trail
// deleted since DescribeTrails. Nothing the caller can fix; the organization trail is judged in the management account.
const NOT_THIS_ACCOUNTS_TRAIL = new Set(['TrailNotFoundException', 'CloudTrailARNInvalidException', 'InvalidTrailNameException']);

/** The monitoring check's notion of a trail that covers the account (unknown fields count as covered). */
const mayCover = (t: CloudTrailTrail) => t.isMultiRegion && t.isLogging !== false && t.logsManagementEvents !== false;

/**
 * Trails visible from the scan's region, including shadow copies of multi-region and organization trails
 * whose home is elsewhere (those are what cover this region). Status and selectors are per trail; a trail whose
 * status cannot be read keeps `isLogging` unknown instead of dropping the whole list.
 *
 * Unknown must never become a PASS by accident: when the only trails that could cover the account are unknown
 * because reading them was denied, throttled or cut off (not because they belong to the organization), the part
 * is failed with that error, so the monitoring check reports ERROR rather than "CloudTrail logs management events".
 */
export async function collectCloudTrail(ct: CloudTrailClient): Promise<Collected<CloudTrailTrail[]>> {
  let listed;
  try {
    listed = await ct.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  } catch (e) {
    return failed(classifyError(e, 'cloudtrail:DescribeTrails'));
  }
  const unverified = new Map<CloudTrailTrail, CollectError>();
  const trails = await Promise.all(
    (listed?.trailList ?? []).map(async (t) => {
      const id = t.TrailARN ?? t.Name ?? '';
      const trail: CloudTrailTrail = { name: t.Name ?? id, isMultiRegion: t.IsMultiRegionTrail === true };
      if (t.TrailARN) trail.arn = t.TrailARN;
      if (t.HomeRegion) trail.homeRegion = t.HomeRegion;
      if (t.IsOrganizationTrail !== undefined) trail.isOrganizationTrail = t.IsOrganizationTrail;
      if (t.CloudWatchLogsLogGroupArn) trail.cloudWatchLogsLogGroupArn = t.CloudWatchLogsLogGroupArn;
      const [status, selectors] = await Promise.allSettled([ct.send(new GetTrailStatusCommand({ Name: id })), ct.send(new GetEventSelectorsCommand({ TrailName: id }))]);
      if (status.status === 'fulfilled' && status.value.IsLogging !== undefined) trail.isLogging = status.value.IsLogging;
      if (selectors.status === 'fulfilled') trail.logsManagementEvents = logsManagementEvents(selectors.value);
      const problems = [
        status.status === 'rejected' ? classifyError(status.reason, 'cloudtrail:GetTrailStatus') : undefined,
        selectors.status === 'rejected' ? classifyError(selectors.reason, 'cloudtrail:GetEventSelectors') : undefined,
      ].filter((p): p is CollectError => p !== undefined && !NOT_THIS_ACCOUNTS_TRAIL.has(p.code));
      if (problems[0]) unverified.set(trail, problems[0]);
      return trail;
    }),
  );
  const covering = trails.filter(mayCover);
  if (covering.length > 0 && covering.every((t) => unverified.has(t))) return failed(unverified.get(covering[0]!)!);
  return ok(trails);
}

/** `arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME[:*]`, split; undefined when it is not a log group ARN. */
export function parseLogGroupArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = arn.match(/^arn:[^:]+:logs:([^:]+):(\d{12}):log-group:(.+?)(?::\*)?$/);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

const metricKey = (m: { name: string; namespace: string }) => `${m.namespace}\u0000${m.name}`;

function alarmOf(a: SdkMetricAlarm): MetricAlarm {
  const metrics = a.MetricName && a.Namespace ? [{ name: a.MetricName, namespace: a.Namespace }] : [];
  // A metric-math alarm names its metrics in Metrics[].MetricStat instead.
  for (const q of a.Metrics ?? []) {
    const m = q.MetricStat?.Metric;
    if (m?.MetricName && m.Namespace) metrics.push({ name: m.MetricName, namespace: m.Namespace });
  }
  const alarm: MetricAlarm = { name: a.AlarmName ?? '', metrics, actionsEnabled: a.ActionsEnabled === true, alarmActions: a.AlarmActions ?? [] };
  if (a.AlarmArn) alarm.arn = a.AlarmArn;
  return alarm;
}

/**
 * The log groups the trails deliver to, each with its metric filters (DescribeMetricFilters, every page) and the
 * alarms on the filters' metrics (DescribeAlarms of the log group's region, every page), read in the log group's
 * region. A log group of another account (an organization trail seen from a member) is listed without either: the
 * member's credentials cannot read it. Each read is recorded on its own, so a denied DescribeAlarms fails only
 * that log group's alarms.
 */
export async function collectCloudWatch(trails: CloudTrailTrail[], accountId: string, apis: Pick<AccountApis, 'cloudWatchLogsIn' | 'cloudWatchIn'>): Promise<Collected<TrailLogGroup[]>> {
  const groups = new Map<string, TrailLogGroup>();
  for (const t of trails) {
    if (!t.cloudWatchLogsLogGroupArn) continue;
    const key = t.cloudWatchLogsLogGroupArn.replace(/:\*$/, '');
    const parsed = parseLogGroupArn(t.cloudWatchLogsLogGroupArn);
    const group = groups.get(key) ?? { arn: t.cloudWatchLogsLogGroupArn, name: parsed?.name ?? key, region: parsed?.region ?? t.homeRegion ?? '', accountId: parsed?.accountId ?? '', trails: [] };
    if (!group.trails.includes(t.name)) group.trails.push(t.name);
    groups.set(key, group);
  }
  // DescribeAlarms once per region, shared by the log groups there.
  const alarmsByRegion = new Map<string, Promise<Collected<MetricAlarm[]>>>();
  const alarmsIn = (region: string) => {
    let p = alarmsByRegion.get(region);
    if (!p) {
      p = attempt('cloudwatch:DescribeAlarms', async () => {
        const pages = await allTokenPages((NextToken) => apis.cloudWatchIn!(region).send(new DescribeAlarmsCommand({ NextToken })));
        return pages.flatMap((page) => (page.MetricAlarms ?? []).map(alarmOf));
      });
      alarmsByRegion.set(region, p);
    }
    return p;
  };
  await Promise.all(
    [...groups.values()].map(async (g) => {
      if (g.accountId !== accountId || !g.region) return;
      g.metricFilters = await attempt('logs:DescribeMetricFilters', async () => {
        const pages = await allTokenPages(async (token) => {
          const page = await apis.cloudWatchLogsIn!(g.region).send(new DescribeMetricFiltersCommand({ logGroupName: g.name, nextToken: token }));
          return { ...page, NextToken: page.nextToken };
        });
        return pages.flatMap((page) =>
          (page.metricFilters ?? []).map(
            (f): MetricFilter => ({
              name: f.filterName ?? '',
              pattern: f.filterPattern ?? '',
              metrics: (f.metricTransformations ?? []).filter((m) => m.metricName && m.metricNamespace).map((m) => ({ name: m.metricName!, namespace: m.metricNamespace! })),
            }),
          ),
        );
      });
      if (g.metricFilters.status !== 'ok') return;
      const wanted = new Set(g.metricFilters.data.flatMap((f) => f.metrics.map(metricKey)));
      if (wanted.size === 0) return;
      const all = await alarmsIn(g.region);
      // Only the alarms on this log group's metrics: the snapshot stays small and says what mattered.
      g.alarms = all.status === 'ok' ? ok(all.data.filter((a) => a.metrics.some((m) => wanted.has(metricKey(m))))) : all;
    }),
  );
  return ok([...groups.values()]);
}

/** Rules on the default event bus of the scan's region, with their target ARNs. */
export async function collectEventBridge(eb: EventBridgeClient, region: string): Promise<Collected<EventBridgeRule[]>> {
  return attempt('events:ListRules', async () => {
    const pages = await allTokenPages((NextToken) => eb.send(new ListRulesCommand({ NextToken })));
    const rules = pages.flatMap((p) => p.Rules ?? []);
    return Promise.all(
      rules.map(async (r) => {
        const name = r.Name ?? '';
        const rule: EventBridgeRule = { name, region, state: r.State ?? 'UNKNOWN' };
        if (r.Arn) rule.arn = r.Arn;
        if (r.EventPattern) {
          try {
            rule.eventPattern = JSON.parse(r.EventPattern);
          } catch {
            rule.eventPattern = r.EventPattern;
          }
        }
        const targets = await allTokenPages((NextToken) => eb.send(new ListTargetsByRuleCommand({ Rule: name, EventBusName: r.EventBusName, NextToken })));
        rule.targets = targets.flatMap((p) => (p.Targets ?? []).map((t) => t.Arn ?? '')).filter(Boolean);
        return rule;
      }),
    );
  });
}

/**
 * Rules of the scan's region and, when the scan runs elsewhere, of the region IAM events are delivered to:
 * a rule there is what catches DetachRolePolicy/DeleteRole, and judging without it would be a false FAIL.
 * Either read failing fails the part (the check then says ERROR, not "not watched").
 */
async function collectEventBridgeWithHome(apis: AccountApis, o: AccountCollectOptions): Promise<Collected<EventBridgeRule[]>> {
  const home = PARTITION_HOME_REGION[o.partition];
  const regions = home === o.region || !apis.eventBridgeIn ? [o.region] : [o.region, home];
  const parts = await Promise.all(regions.map((r) => collectEventBridge(r === o.region ? apis.eventBridge : apis.eventBridgeIn!(r), r)));
  const broken = parts.find((p) => p.status === 'failed');
  if (broken) return broken;
  return ok(parts.flatMap((p) => (p.status === 'ok' ? p.data : [])));
}

/**
 * The support plan from the severity levels it allows. Only Business, Enterprise On-Ramp and Enterprise have the
 * Support API: SubscriptionRequiredException means Basic *or* Developer (the API cannot tell them apart), not an error.
 */
export async function collectSupportPlan(support: SupportClient): Promise<NonNullable<AccountSnapshot['supportPlan']>> {
  try {
    const res = await support.send(new DescribeSeverityLevelsCommand({ language: 'en' }));
    const codes = new Set((res.severityLevels ?? []).map((l) => l.code));
    // Business: up to urgent; Enterprise (On-Ramp too): + critical. Anything else answering the API is not a plan we know.
    if (codes.has('critical')) return ok({ level: 'enterprise', detail: [...codes].join(',') });
    if (codes.has('urgent')) return ok({ level: 'business', detail: [...codes].join(',') });
    return ok({ level: 'unknown', detail: codes.size > 0 ? [...codes].join(',') : 'DescribeSeverityLevels returned no level' });
  } catch (e) {
    if ((e as { name?: string }).name === 'SubscriptionRequiredException') return ok({ level: 'basic-or-developer', detail: 'SubscriptionRequiredException' });
    return failed(classifyError(e, 'support:DescribeSeverityLevels'));
  }
}

/**
 * Reads one account with clients that already act in it. Each part is collected independently:
 * an AccessDenied on CloudTrail does not lose the IAM data. Never throws.
 */
export async function collectAccount(apis: AccountApis, o: AccountCollectOptions): Promise<AccountSnapshot> {
  const snapshot: AccountSnapshot = {
    schemaVersion: 1,
    accountId: o.accountId,
    partition: o.partition,
    source: { kind: 'live', collectedAt: new Date().toISOString(), region: o.region },
  };
  if (o.accountName) snapshot.accountName = o.accountName;
  if (!o.deep) {
    snapshot.supportPolicyUsage = await collectSupportPolicyUsage(apis.iam, o.partition);
    return snapshot;
  }
  const [iam, [cloudTrail, cloudWatch], eventBridge, supportPlan, scps] = await Promise.all([
    collectIam(apis.iam),
    // The log groups are named by the trails: CloudWatch is read once the trails are known.
    collectCloudTrail(apis.cloudTrail).then(async (ct) => [ct, ct.status === 'ok' && apis.cloudWatchLogsIn && apis.cloudWatchIn ? await collectCloudWatch(ct.data, o.accountId, apis) : undefined] as const),
    collectEventBridgeWithHome(apis, o),
    collectSupportPlan(apis.support),
    o.serviceControlPolicies ? o.serviceControlPolicies() : Promise.resolve(undefined),
  ]);
  snapshot.iam = iam;
  // A policy that denies GetAccountAuthorizationDetails may still allow the one-call fast path: the CIS verdict survives.
  if (iam.status === 'failed') snapshot.supportPolicyUsage = await collectSupportPolicyUsage(apis.iam, o.partition);
  snapshot.cloudTrail = cloudTrail;
  snapshot.eventBridge = eventBridge;
  if (cloudWatch) snapshot.cloudWatch = cloudWatch;
  snapshot.supportPlan = supportPlan;
  if (scps) snapshot.serviceControlPolicies = scps;
  return snapshot;
}

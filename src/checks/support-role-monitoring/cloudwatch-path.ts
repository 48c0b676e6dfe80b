import { matchMetricFilter, MetricFilterPatternError, parseMetricFilterPattern, type FilterExpression } from '../../policy/metric-filter.js';
import type { AccountSnapshot, CloudTrailTrail, MetricAlarm, MetricFilter, TrailLogGroup } from '../../snapshot/model.js';

/**
 * How far the CIS chain trail → log group → metric filter → alarm with an action got for one event. The stages are
 * ordered: a FAIL names the furthest one reached, which is the link to fix.
 */
export type ChainStage =
  /** No readable log group of this account is fed by a trail. */
  | 'no-log-group'
  /** Filters were read; none matches the event. */
  | 'no-matching-filter'
  /** A filter matches; no alarm watches its metric. */
  | 'no-alarm'
  /** An alarm watches it but has actions disabled or no alarm action. */
  | 'alarm-without-action'
  /** Filter and alarm are fine, but no trail feeding the log group records every region's write management events. */
  | 'log-group-not-fed'
  /** The whole chain holds. */
  | 'alarmed';

const ORDER: ChainStage[] = ['no-log-group', 'no-matching-filter', 'no-alarm', 'alarm-without-action', 'log-group-not-fed', 'alarmed'];
export const stageRank = (s: ChainStage) => ORDER.indexOf(s);

/** The furthest chain found for one event, with the objects it runs through. */
export interface EventChain {
  stage: ChainStage;
  logGroup?: TrailLogGroup;
  filters: MetricFilter[];
  alarms: MetricAlarm[];
  /** Why the alarms do not alert (alarm-without-action), or why the trails do not count (log-group-not-fed). */
  why?: string;
}

/** What could not be judged on the CloudWatch path: a read that failed, a pattern that could not be evaluated. */
export interface Uncertainty {
  text: string;
}

/** The monitoring check's notion of a trail that covers the account (unknown fields count as covered, as for the trail finding). */
export const coversAccount = (t: CloudTrailTrail) => t.isMultiRegion && t.isLogging !== false && t.logsManagementEvents !== false;

export function trailShortfall(t: CloudTrailTrail): string {
  return [!t.isMultiRegion && 'single-region', t.isLogging === false && 'not logging', t.logsManagementEvents === false && 'no write management events'].filter(Boolean).join(', ');
}

const metricKey = (m: { name: string; namespace: string }) => `${m.namespace}/${m.name}`;

/** The log record a trail writes to CloudWatch Logs for a call: the CloudTrail record itself (EventBridge's `detail`). */
export function cloudTrailLogRecord(detail: Record<string, unknown>): Record<string, unknown> {
  // JSON as CloudTrail writes it: fields without a value are absent, not null.
  return JSON.parse(JSON.stringify({ ...detail, eventTime: '2026-01-01T00:00:00Z', sourceIPAddress: '203.0.113.10', userAgent: 'aws-cli/2' })) as Record<string, unknown>;
}

/**
 * Follows the chain for each event record through every log group of this account a trail delivers to.
 * Patterns are parsed once per filter; one that cannot be parsed, or whose result is undocumented for the event,
 * is an {@link Uncertainty}, never a match or a miss.
 */
export function followChains(account: AccountSnapshot, records: Map<string, Record<string, unknown>>): { chains: Map<string, EventChain>; uncertain: Uncertainty[] } {
  const trails = account.cloudTrail?.status === 'ok' ? account.cloudTrail.data : [];
  const groups = account.cloudWatch?.status === 'ok' ? account.cloudWatch.data.filter((g) => g.accountId === account.accountId) : [];
  const uncertain: Uncertainty[] = [];
  const parsed = new Map<MetricFilter, FilterExpression | undefined>();
  for (const g of groups) {
    if (g.metricFilters?.status === 'failed') uncertain.push({ text: `log group ${g.name}: ${g.metricFilters.error.operation ?? 'read'} failed (${g.metricFilters.error.code}: ${g.metricFilters.error.message})` });
    if (g.alarms?.status === 'failed') uncertain.push({ text: `log group ${g.name}: ${g.alarms.error.operation ?? 'read'} failed (${g.alarms.error.code}: ${g.alarms.error.message})` });
    for (const f of g.metricFilters?.status === 'ok' ? g.metricFilters.data : []) {
      try {
        parsed.set(f, parseMetricFilterPattern(f.pattern));
      } catch (e) {
        if (!(e instanceof MetricFilterPatternError)) throw e;
        parsed.set(f, undefined);
        uncertain.push({ text: `metric filter ${f.name} on ${g.name} cannot be evaluated (${e.message})` });
      }
    }
  }
  const chains = new Map<string, EventChain>();
  for (const [event, record] of records) {
    let best: EventChain = { stage: 'no-log-group', filters: [], alarms: [] };
    const better = (c: EventChain) => {
      if (stageRank(c.stage) > stageRank(best.stage)) best = c;
    };
    for (const g of groups) {
      if (g.metricFilters?.status !== 'ok') continue;
      better({ stage: 'no-matching-filter', logGroup: g, filters: g.metricFilters.data, alarms: [] });
      const matching = g.metricFilters.data.filter((f) => {
        const expr = parsed.get(f);
        if (!expr) return false;
        const r = matchMetricFilter(expr, record);
        if (r === 'unknown') uncertain.push({ text: `metric filter ${f.name} on ${g.name}: whether it matches ${event} depends on != with a field the event lacks, which AWS does not document` });
        return r === 'match';
      });
      if (matching.length === 0) continue;
      better({ stage: 'no-alarm', logGroup: g, filters: matching, alarms: [] });
      if (g.alarms?.status !== 'ok') continue;
      const metrics = new Set(matching.flatMap((f) => f.metrics.map(metricKey)));
      const onMetric = g.alarms.data.filter((a) => a.metrics.some((m) => metrics.has(metricKey(m))));
      if (onMetric.length === 0) continue;
      const alerting = onMetric.filter((a) => a.actionsEnabled && a.alarmActions.length > 0);
      if (alerting.length === 0) {
        const why = onMetric.map((a) => `${a.name}: ${[!a.actionsEnabled && 'actions disabled', a.alarmActions.length === 0 && 'no alarm action'].filter(Boolean).join(', ')}`).join('; ');
        better({ stage: 'alarm-without-action', logGroup: g, filters: matching, alarms: onMetric, why });
        continue;
      }
      const feeding = trails.filter((t) => g.trails.includes(t.name));
      if (!feeding.some(coversAccount)) {
        better({ stage: 'log-group-not-fed', logGroup: g, filters: matching, alarms: alerting, why: feeding.map((t) => `${t.name}: ${trailShortfall(t)}`).join('; ') || 'no trail seen' });
        continue;
      }
      better({ stage: 'alarmed', logGroup: g, filters: matching, alarms: alerting });
    }
    chains.set(event, best);
  }
  return { chains, uncertain: [...new Map(uncertain.map((u) => [u.text, u])).values()] };
}

/** Organization trails seen from a member account: they deliver to a log group in another account (which this one cannot read). */
export function foreignOrganizationTrails(account: AccountSnapshot): { trail: CloudTrailTrail; logGroupAccount: string }[] {
  const trails = account.cloudTrail?.status === 'ok' ? account.cloudTrail.data : [];
  return trails.flatMap((t) => {
    const owner = t.cloudWatchLogsLogGroupArn?.match(/^arn:[^:]+:logs:[^:]*:(\d{12}):/)?.[1];
    return t.isOrganizationTrail && coversAccount(t) && owner && owner !== account.accountId ? [{ trail: t, logGroupAccount: owner }] : [];
  });
}

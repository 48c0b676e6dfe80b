import { LookupEventsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { RuntimeError } from '../errors.js';
import type { CloudTrailRecord } from '../history/cloudtrail.js';
import { ASSUME_ROLE_EVENTS, SUPPORT_CASE_EVENTS } from '../history/kpi.js';

/** The event names fetched live: support role sessions (IAM, SAML/Identity Center, OIDC) and support case activity. */
export const KPI_EVENT_NAMES = [...ASSUME_ROLE_EVENTS, ...SUPPORT_CASE_EVENTS] as const;

/**
 * Fetches the KPI events from CloudTrail event history (LookupEvents, the last 90 days of
 * management events in the client's region), one event name at a time (LookupEvents takes a
 * single attribute), following every NextToken. Support API calls are recorded in us-east-1;
 * AssumeRole* in the region of the STS endpoint used. Any API error (AccessDenied, throttling that
 * outlasted the retries) is thrown as a RuntimeError: a partial event list would understate the KPIs.
 */
export async function lookupKpiEvents(client: CloudTrailClient, o: { since?: Date; until?: Date; eventNames?: readonly string[] } = {}): Promise<CloudTrailRecord[]> {
  const out: CloudTrailRecord[] = [];
  for (const name of o.eventNames ?? KPI_EVENT_NAMES) {
    let token: string | undefined;
    do {
      let page;
      try {
        page = await client.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }],
            StartTime: o.since,
            EndTime: o.until,
            MaxResults: 50,
            NextToken: token,
          }),
        );
      } catch (e) {
        const err = e as Error;
        throw new RuntimeError(`cloudtrail:LookupEvents (${name}) failed: ${err.name}: ${err.message.split('\n')[0]}`);
      }
      for (const ev of page.Events ?? []) {
        if (!ev.CloudTrailEvent) continue;
        try {
          const rec = JSON.parse(ev.CloudTrailEvent) as CloudTrailRecord;
          if (typeof rec.eventTime === 'string' && typeof rec.eventName === 'string') out.push(rec);
        } catch {
          throw new RuntimeError(`cloudtrail:LookupEvents (${name}) returned an event ${ev.EventId ?? ''} whose CloudTrailEvent is not JSON`);
        }
      }
      token = page.NextToken;
    } while (token);
  }
  return out;
}

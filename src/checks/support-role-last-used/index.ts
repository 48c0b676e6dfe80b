import { QUALITY_REFERENCES } from '../../frameworks/quality-references.js';
import type { AccountSnapshot } from '../../snapshot/model.js';
import { judgedSupportRoles, describesCode } from '../support-roles.js';
import type { Check, CheckOutcome } from '../types.js';

/** A support role unused for longer than this has not been exercised in a yearly incident-response test. */
export const STALE_AFTER_DAYS = 365;
/** A new role gets this long to be tried once before "never used" becomes a finding. */
export const NEVER_USED_GRACE_DAYS = 90;

const DAY = 86_400_000;

/**
 * The moment the snapshot describes: when it was collected, or, when the source does not say (an
 * authorization-details file), the newest timestamp inside it — a lower bound of when it was taken.
 * Never the wall clock: re-auditing an old file must give the same answer.
 */
export function snapshotAsOf(account: AccountSnapshot): number | undefined {
  const collected = account.source.collectedAt ? Date.parse(account.source.collectedAt) : NaN;
  if (!Number.isNaN(collected)) return collected;
  if (account.iam?.status !== 'ok') return undefined;
  let newest: number | undefined;
  // The newest text of each plain form (see plainUtcForm); parsed once at the end instead of 25,000 Date.parse calls.
  const newestPlain: (string | undefined)[] = [undefined, undefined, undefined, undefined];
  const see = (d: string | undefined) => {
    if (!d) return;
    const form = plainUtcForm(d);
    if (form !== 0) {
      const best = newestPlain[form];
      if (best === undefined || d > best) newestPlain[form] = d;
      return;
    }
    const t = Date.parse(d);
    if (!Number.isNaN(t) && (newest === undefined || t > newest)) newest = t;
  };
  for (const r of account.iam.data.roles) {
    see(r.createDate);
    see(r.lastUsed?.date);
  }
  for (const u of account.iam.data.users) see(u.createDate);
  for (const d of newestPlain) {
    if (d === undefined) continue;
    const t = Date.parse(d);
    if (newest === undefined || t > newest) newest = t;
  }
  return newest;
}

const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -100;
};
const twoDigits = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

/**
 * 1, 2 or 3 when `d` is a UTC timestamp in one of the forms exports use — `2024-01-01T00:00:00Z` (20 characters),
 * `2024-01-01T00:00:00.000Z` (SDK dates, 24), `2024-01-01T00:00:00+00:00` (the AWS CLI, 25) — with fields Date.parse
 * takes as they are (month 1–12, day 1–28, hour 0–23, minute and second 0–59); otherwise 0. Among strings of one
 * such form, text order is time order: Date.parse turns `2024-02-31` into 2 March and `24:00` into the next day,
 * which is why days 29–31 and hour 24 are not plain and take the Date.parse path.
 */
function plainUtcForm(d: string): 0 | 1 | 2 | 3 {
  const form = d.length === 20 ? 1 : d.length === 24 ? 2 : d.length === 25 ? 3 : 0;
  if (form === 0) return 0;
  if (d[4] !== '-' || d[7] !== '-' || d[10] !== 'T' || d[13] !== ':' || d[16] !== ':') return 0;
  if (digit(d, 0) < 0 || digit(d, 1) < 0 || digit(d, 2) < 0 || digit(d, 3) < 0) return 0;
  const month = twoDigits(d, 5);
  const dayOfMonth = twoDigits(d, 8);
  const hour = twoDigits(d, 11);
  const minute = twoDigits(d, 14);
  const second = twoDigits(d, 17);
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 28 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return 0;
  if (form === 1) return d[19] === 'Z' ? 1 : 0;
  if (form === 2) return d[19] === '.' && digit(d, 20) >= 0 && digit(d, 21) >= 0 && digit(d, 22) >= 0 && d[23] === 'Z' ? 2 : 0;
  return d.endsWith('+00:00', 25) && d[19] === '+' ? 3 : 0;
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The support role has been used recently enough to trust that it works. */
export const supportRoleLastUsed: Check = {
  id: 'support-role-last-used',
  title: 'The support role has been used within the last year',
  description: `Uses RoleLastUsed. A support role never assumed since it was created (more than ${NEVER_USED_GRACE_DAYS} days ago), or not assumed for more than ${STALE_AFTER_DAYS} days, has not been tested: its trust policy, MFA set-up or the responders' own permissions may have broken unnoticed. AWS tracks role use for the trailing 400 days, so "never used" means "not in the last 400 days" for older roles.`,
  severity: 'low',
  severityReason: 'Not an exposure; a readiness gap that shows up only during an incident, when a broken path forces the use of root.',
  references: [...QUALITY_REFERENCES.lastUsed],
  messages: {
    'recently-used': '{{role}} was last used on {{lastUsed}} ({{days}} days before {{asOf}}).',
    'never-used': '{{role}} has never been used since it was created on {{created}} ({{days}} days before {{asOf}}).',
    stale: `{{role}} was last used on {{lastUsed}}, {{days}} days before {{asOf}} (more than ${STALE_AFTER_DAYS}).`,
    'new-unused': `{{role}} was created on {{created}} and has not been used yet; it is judged after ${NEVER_USED_GRACE_DAYS} days.`,
    unknown: '{{role}}: the snapshot does not say when it was last used; not judged.',
  },
  remediation: 'Exercise the path: have a responder assume {{role}} (aws sts assume-role --role-arn {{roleArn}} --role-session-name drill, with MFA) and open a test case or call support:DescribeSeverityLevels; make it part of the yearly incident-response drill.',
  requires: { allOf: ['iam'], whenNotCollected: 'skip' },
  notRunBecause: (account) => (describesCode(account) ? 'infrastructure as code has no usage history (it is judged on the live account)' : undefined),
  evaluate(account) {
    if (account.iam?.status !== 'ok') return [];
    const asOf = snapshotAsOf(account);
    return judgedSupportRoles(account.iam.data).map((role): CheckOutcome => {
      const base = { resourceArn: role.arn, resourceType: 'AwsIamRole' };
      const params = { role: role.name, roleArn: role.arn };
      if (role.lastUsed === undefined || asOf === undefined) return { ...base, status: 'INFO', messageId: 'unknown', params };
      const used = role.lastUsed.date ? Date.parse(role.lastUsed.date) : NaN;
      if (!Number.isNaN(used)) {
        const days = Math.max(0, Math.floor((asOf - used) / DAY));
        const p = { ...params, lastUsed: day(used), days, asOf: day(asOf) };
        return days > STALE_AFTER_DAYS ? { ...base, status: 'FAIL', messageId: 'stale', params: p } : { ...base, status: 'PASS', messageId: 'recently-used', params: p };
      }
      const created = role.createDate ? Date.parse(role.createDate) : NaN;
      if (Number.isNaN(created)) return { ...base, status: 'INFO', messageId: 'unknown', params };
      const days = Math.max(0, Math.floor((asOf - created) / DAY));
      const p = { ...params, created: day(created), days, asOf: day(asOf) };
      return days > NEVER_USED_GRACE_DAYS ? { ...base, status: 'FAIL', messageId: 'never-used', params: p } : { ...base, status: 'INFO', messageId: 'new-unused', params: p };
    });
  },
};

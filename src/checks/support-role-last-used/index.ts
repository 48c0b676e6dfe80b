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
  const see = (d: string | undefined) => {
    const t = d ? Date.parse(d) : NaN;
    if (!Number.isNaN(t) && (newest === undefined || t > newest)) newest = t;
  };
  for (const r of account.iam.data.roles) {
    see(r.createDate);
    see(r.lastUsed?.date);
  }
  for (const u of account.iam.data.users) see(u.createDate);
  return newest;
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
  evaluate(account) {
    if (account.iam?.status !== 'ok' || describesCode(account)) return [];
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

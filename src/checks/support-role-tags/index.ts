import { QUALITY_REFERENCES } from '../../frameworks/quality-references.js';
import { judgedSupportRoles } from '../support-roles.js';
import type { Check, CheckOutcome } from '../types.js';

/**
 * Tag keys accepted for each duty, compared case-insensitively; a namespaced key (`acme:owner`, `team/owner`)
 * counts too, since many organizations prefix their tag policy keys.
 */
export const OWNER_TAG_KEYS = ['owner', 'team', 'contact'];
/** Tag keys accepted as the role's purpose (same matching as OWNER_TAG_KEYS). */
export const PURPOSE_TAG_KEYS = ['purpose'];

/** Values that fill the tag without naming anyone: `supportguard fix` writes `unassigned` until --owner is given. */
const PLACEHOLDER_VALUES = new Set(['unassigned', 'unknown', 'tbd', 'todo', 'none', 'n/a', 'changeme']);

function hasTag(tags: Record<string, string>, accepted: readonly string[]): boolean {
  return Object.entries(tags).some(([key, value]) => {
    const k = key.toLowerCase();
    const bare = k.slice(Math.max(k.lastIndexOf(':'), k.lastIndexOf('/')) + 1);
    const v = value.trim().toLowerCase();
    return v !== '' && !PLACEHOLDER_VALUES.has(v) && accepted.includes(bare);
  });
}

/** The support role says who owns it and what it is for. */
export const supportRoleTags: Check = {
  id: 'support-role-tags',
  title: 'The support role is tagged with its owner and purpose',
  description:
    'A support role that nobody owns is the role that gets deleted in a clean-up, or kept with a trust policy nobody reviews. An owner tag (owner, team or contact) names who answers for it; a purpose tag says why it exists, so the next engineer does not widen or remove it.',
  severity: 'low',
  severityReason: 'Hygiene: missing tags expose nothing, but they are how reviews and clean-ups find the person to ask before touching the role.',
  references: [...QUALITY_REFERENCES.tags],
  messages: {
    pass: '{{role}} is tagged with an owner and a purpose.',
    'missing-tags': '{{role}} has no {{missing}} tag.',
  },
  remediation: 'aws iam tag-role --role-name {{role}} --tags {{tags}}',
  requires: { allOf: ['iam'], whenNotCollected: 'skip' },
  evaluate(account) {
    if (account.iam?.status !== 'ok') return [];
    return judgedSupportRoles(account.iam.data).map((role): CheckOutcome => {
      const base = { resourceArn: role.arn, resourceType: 'AwsIamRole' };
      const missing: string[] = [];
      const tags: string[] = [];
      if (!hasTag(role.tags, OWNER_TAG_KEYS)) {
        missing.push('owner');
        tags.push('Key=owner,Value=<team or e-mail>');
      }
      if (!hasTag(role.tags, PURPOSE_TAG_KEYS)) {
        missing.push('purpose');
        tags.push('Key=purpose,Value=cis-support-role');
      }
      if (missing.length === 0) return { ...base, status: 'PASS', messageId: 'pass', params: { role: role.name } };
      return { ...base, status: 'FAIL', messageId: 'missing-tags', params: { role: role.name, missing: missing.join(' or '), tags: tags.join(' ') } };
    });
  },
};

import { QUALITY_REFERENCES } from '../../frameworks/quality-references.js';
import type { TagRule } from '../../config/types.js';
import type { IamRole } from '../../snapshot/model.js';
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

/**
 * The organization's tagging policy, key by key. Keys compare exactly (AWS tag keys are case-sensitive); a rule with
 * `values` and `pattern` asks for both. One FAIL per broken key, naming the key and the rule it breaks.
 */
function judgeByPolicy(role: IamRole, required: Record<string, TagRule>): CheckOutcome[] {
  const base = { resourceArn: role.arn, resourceType: 'AwsIamRole' };
  const out: CheckOutcome[] = [];
  const fixFor = (key: string, rule: TagRule) => `Key=${key},Value=${rule.values?.[0] ?? (rule.pattern ? '<value matching the pattern>' : '<value>')}`;
  for (const [key, rule] of Object.entries(required)) {
    const value = Object.hasOwn(role.tags, key) ? role.tags[key]! : undefined;
    const params = { role: role.name, key, tags: fixFor(key, rule) };
    if (value === undefined || value.trim() === '') {
      out.push({ ...base, status: 'FAIL', messageId: 'policy-tag-missing', params: { ...params, state: value === undefined ? 'no' : 'an empty' } });
      continue;
    }
    if (rule.values && !rule.values.includes(value)) {
      out.push({ ...base, status: 'FAIL', messageId: 'policy-tag-value-not-allowed', params: { ...params, value, allowed: rule.values.join(', ') } });
      continue;
    }
    if (rule.pattern !== undefined && !new RegExp(rule.pattern).test(value)) {
      out.push({ ...base, status: 'FAIL', messageId: 'policy-tag-pattern-mismatch', params: { ...params, value, pattern: rule.pattern } });
    }
  }
  if (out.length === 0) out.push({ ...base, status: 'PASS', messageId: 'policy-pass', params: { role: role.name, keys: Object.keys(required).join(', ') } });
  return out;
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
    'policy-pass': '{{role}} carries every tag the tagging policy requires ({{keys}}).',
    'policy-tag-missing': '{{role}} has {{state}} {{key}} tag; the tagging policy requires it.',
    'policy-tag-value-not-allowed': '{{role}} has tag {{key}}={{value}}; the tagging policy allows only: {{allowed}}.',
    'policy-tag-pattern-mismatch': '{{role}} has tag {{key}}={{value}}, which does not match the tagging policy pattern {{pattern}}.',
  },
  remediation: 'aws iam tag-role --role-name {{role}} --tags {{tags}}',
  requires: { allOf: ['iam'], whenNotCollected: 'skip' },
  evaluate(account, context = {}) {
    if (account.iam?.status !== 'ok') return [];
    // The organization's own tagging policy replaces the built-in owner/purpose rule: it has decided which keys count.
    const required = context.policy?.tagging?.required;
    if (required && Object.keys(required).length > 0) return judgedSupportRoles(account.iam.data).flatMap((role) => judgeByPolicy(role, required));
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

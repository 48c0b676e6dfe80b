import type { Severity } from '../../findings/model.js';
import { QUALITY_REFERENCES } from '../../frameworks/quality-references.js';
import { ACCESS_LEVEL_ORDER, type AccessLevel, type CatalogueAction } from '../../policy/catalogue.js';
import { expandAllowedActions } from '../../policy/expand.js';
import { iamIndex } from '../../policy/iam-index.js';
import { parseArn } from '../../snapshot/arn.js';
import type { IamRole } from '../../snapshot/model.js';
import { judgedSupportRoles } from '../support-roles.js';
import type { Check, CheckOutcome } from '../types.js';
import type { IamIndex } from '../../policy/iam-index.js';

/** What AWSSupportAccess grants, and all a support role needs. */
const SUPPORT_SERVICES = new Set(['support', 'support-console']);

const BROAD_POLICIES: Record<string, { messageId: string; severity: Severity }> = {
  'policy/AdministratorAccess': { messageId: 'administrator-access', severity: 'critical' },
  'policy/PowerUserAccess': { messageId: 'power-user-access', severity: 'high' },
};

const SEVERITY_BY_LEVEL: Record<AccessLevel, Severity> = {
  'Permissions management': 'high',
  Write: 'medium',
  Tagging: 'medium',
  Read: 'low',
  List: 'low',
};

/** `Permissions management: iam (12); Write: ec2 (3), s3 (2); Read: s3 (40)`, most dangerous level first. */
function summarise(actions: CatalogueAction[]): string {
  const parts: string[] = [];
  for (const level of ACCESS_LEVEL_ORDER) {
    const byService = new Map<string, number>();
    for (const a of actions) if (a.level === level) byService.set(a.service, (byService.get(a.service) ?? 0) + 1);
    if (byService.size === 0) continue;
    const services = [...byService.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const shown = services.slice(0, 6).map(([s, n]) => `${s} (${n})`);
    if (services.length > 6) shown.push(`${services.length - 6} more services`);
    parts.push(`${level}: ${shown.join(', ')}`);
  }
  return parts.join('; ');
}

function judgeRole(role: IamRole, idx: IamIndex): CheckOutcome[] {
  const base = { resourceArn: role.arn, resourceType: 'AwsIamRole' };
  const policies = idx.identityPolicies(role);
  const unknown = [...policies.missing];
  if (policies.boundary === null && policies.boundaryArn) unknown.push(`${policies.boundaryArn} (boundary)`);
  if (unknown.length > 0) {
    // Without every document the role's permissions cannot be proved either way: say so instead of guessing.
    return [{ ...base, status: 'INFO', messageId: 'unverifiable', params: { role: role.name, policies: unknown.join(', ') } }];
  }
  const allowed = expandAllowedActions(policies.documents, policies.boundary);
  const beyond = allowed.filter((a) => !SUPPORT_SERVICES.has(a.service));
  const supportCount = allowed.length - beyond.length;
  if (allowed.length === 0) {
    // "Nothing beyond support" is true of a role that can do nothing at all, and no reason for a PASS: its boundary,
    // an inline Deny or a missing policy took AWS Support away too (support-role-case-capability names which).
    return [{ ...base, status: 'INFO', messageId: 'nothing-allowed', params: { role: role.name } }];
  }
  if (beyond.length === 0) {
    return [{ ...base, status: 'PASS', messageId: 'support-only', params: { role: role.name, count: supportCount } }];
  }
  const byLevel: Record<string, string[]> = {};
  for (const a of beyond) (byLevel[a.level] ??= []).push(a.action);
  const details = { actionsBeyondSupport: beyond.length, byAccessLevel: byLevel };
  const summary = summarise(beyond);
  const fix = `Detach every policy from ${role.name} except ${'arn:' + (parseArn(role.arn)?.partition ?? 'aws') + ':iam::aws:policy/AWSSupportAccess'}, and give other duties their own role.`;
  for (const arn of policies.attachedArns) {
    const p = parseArn(arn);
    const broad = p && p.accountId === 'aws' ? BROAD_POLICIES[p.resource] : undefined;
    if (broad && role.attachedManagedPolicies.some((r) => r.arn === arn)) {
      return [{ ...base, status: 'FAIL', messageId: broad.messageId, severity: broad.severity, params: { role: role.name, count: beyond.length, summary, fix }, details }];
    }
  }
  const worst = ACCESS_LEVEL_ORDER.find((l) => byLevel[l]) ?? 'List';
  return [{ ...base, status: 'FAIL', messageId: 'beyond-support', severity: SEVERITY_BY_LEVEL[worst], params: { role: role.name, count: beyond.length, summary, fix }, details }];
}

/** The support role can do nothing beyond AWS Support. */
export const supportRoleLeastPrivilege: Check = {
  id: 'support-role-least-privilege',
  title: 'The support role can do nothing beyond AWS Support',
  description:
    "Expands every permission the support role has (attached managed and inline policies, within its permissions boundary, minus unconditional denies) over the IAM action catalogue, and lists anything beyond support:* and support-console:* by access level. A support role with extra permissions turns every responder (and everyone the trust policy admits) into an operator of those services.",
  severity: 'medium',
  severityReason:
    'By what the extra actions allow: AdministratorAccess is critical, PowerUserAccess or any Permissions-management action high (the role can grant itself more), other Write or Tagging actions medium, Read/List only low.',
  references: [...QUALITY_REFERENCES.leastPrivilege],
  messages: {
    'support-only': '{{role}} can do nothing beyond AWS Support ({{count}} support:* and support-console:* actions).',
    'administrator-access': '{{role}} has AdministratorAccess attached: it can perform {{count}} actions outside AWS Support ({{summary}}).',
    'power-user-access': '{{role}} has PowerUserAccess attached: it can perform {{count}} actions outside AWS Support ({{summary}}).',
    'beyond-support': '{{role}} can also perform {{count}} action(s) outside AWS Support: {{summary}}.',
    'nothing-allowed': '{{role}} is allowed no action at all, AWS Support included (see support-role-case-capability for what blocks it).',
    unverifiable: "{{role}}'s permissions cannot be proved: the documents of {{policies}} are not in the snapshot.",
  },
  remediation: '{{fix}}',
  requires: { allOf: ['iam'], whenNotCollected: 'skip' },
  evaluate(account) {
    if (account.iam?.status !== 'ok') return [];
    const idx = iamIndex(account.iam.data);
    return judgedSupportRoles(account.iam.data).flatMap((role) => judgeRole(role, idx));
  },
};

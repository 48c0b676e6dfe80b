import { QUALITY_REFERENCES } from '../../frameworks/quality-references.js';
import { describeAssumer, principalsWhoCanAssume, type AssumeAnalysis } from '../../policy/assume.js';
import { listForMessage } from '../../policy/scope.js';
import type { AccountSnapshot, IamRole } from '../../snapshot/model.js';
import { judgedSupportRoles, describesCode } from '../support-roles.js';
import type { Check, CheckOutcome } from '../types.js';

/** Principals of the account listed in a finding's details; the rest are counted. */
const MAX_LISTED = 100;

/** The way in for people, when there is none: said once for `unusable` and for `no-responder`. */
function responderFix(role: IamRole): string {
  return `Give the responders a path into ${role.name}: name their role or user ARN in its trust policy (with a Bool aws:MultiFactorAuthPresent "true" condition for users), and allow sts:AssumeRole on ${role.arn} in their identity policy when the trust policy names the account.`;
}

/** Why no person gets in: the trust delegates to nobody allowed, or what blocks each principal it admits. */
function whyNobody({ blocked, delegatedToAccount, counts }: AssumeAnalysis, account: AccountSnapshot): string | undefined {
  const reasons: string[] = [];
  if (delegatedToAccount && blocked.length === 0) reasons.push(`the trust policy delegates to account ${account.accountId}, but no user or role there is allowed sts:AssumeRole on the role by its own policies`);
  if (blocked.length > 0) reasons.push(listForMessage(blocked.map((b) => `${b.principal}: ${b.reason}`), 3, counts.blocked));
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

function judgeRole(role: IamRole, account: AccountSnapshot): CheckOutcome[] {
  // Details list at most MAX_LISTED principals of the account (all are counted): a thousand support roles trusting "*"
  // each admit every other, and full lists grew with the square of the number of roles.
  const analysis = principalsWhoCanAssume(role, account, { maxListed: MAX_LISTED });
  const { assumers, blocked, counts } = analysis;
  const base = { resourceArn: role.arn, resourceType: 'AwsIamRole' };
  const total = counts.assumers + assumers.filter((a) => a.scope === 'external').length;
  const principals = listForMessage(assumers.map(describeAssumer), 5, total);
  // A wildcard that a stranger can use is not "somebody can assume it": it is everybody (the trust check says why).
  if (assumers.some((a) => a.who === 'anyone')) {
    const fix = `Replace the "*" principal of ${role.name}'s trust policy by the ARNs of the responder roles, or limit it with "StringEquals": {"aws:PrincipalOrgID": "<your o-id>"}.`;
    return [{ ...base, status: 'FAIL', messageId: 'anyone-can-assume', severity: 'critical', params: { role: role.name, principals, fix }, details: { assumers, blocked, counts } }];
  }
  const responders = assumers.filter((a) => a.who === 'responder');
  if (responders.length > 0) {
    return [{ ...base, status: 'PASS', messageId: 'assumable', params: { role: role.name, count: total, principals }, details: { assumers, blocked, counts } }];
  }
  const why = whyNobody(analysis, account);
  if (assumers.length > 0) {
    // Only AWS services (a workload's instance profile, a Lambda function): nobody to open a case.
    const services = listForMessage(assumers.map((a) => a.principal.replace(/^service /, '')));
    const reason = why ?? 'its trust policy names no user, role, account or identity provider';
    return [{ ...base, status: 'FAIL', messageId: 'no-responder', params: { role: role.name, services, reason, fix: responderFix(role) }, details: { assumers, blocked, counts } }];
  }
  const reason = why ?? 'its trust policy admits no principal that exists (only deleted principals, none at all, or conditions no caller can meet)';
  return [{ ...base, status: 'FAIL', messageId: 'unusable', params: { role: role.name, roleArn: role.arn, reason, fix: responderFix(role) }, details: { blocked, counts } }];
}

/** Somebody can actually assume the support role: trust policy, their own policies, boundaries and SCPs together. */
export const supportRoleEffectiveAccess: Check = {
  id: 'support-role-effective-access',
  title: 'Responders can actually assume the support role',
  description:
    'A support role nobody can assume is a CIS pass that fails on the day of an incident. This check combines the trust policy with the identity policies, permissions boundaries and SCPs of every user and role in the snapshot (and lists federated, service and other-account principals the trust policy admits) to name who can assume the role and under which conditions (MFA, ExternalId, other keys). Conditions that every request meets (StringLike "*", IfExists on a key the caller need not send…) are no condition. A role only AWS services can assume has no responder; one that anyone can assume is not a pass.',
  severity: 'high',
  severityReason:
    'An unusable support role leaves responders with root or an administrator as the only way to reach AWS Support during an incident, the failure the CIS control exists to prevent; a role anyone can assume is critical (support access and account information for every AWS account).',
  references: [...QUALITY_REFERENCES.effectiveAccess],
  messages: {
    assumable: '{{role}} can be assumed by {{count}} principal(s): {{principals}}.',
    unusable: 'Nobody can assume {{role}}: {{reason}}.',
    'no-responder': 'No responder can assume {{role}}: only the AWS service(s) {{services}} can ({{reason}}).',
    'anyone-can-assume': 'Anyone can assume {{role}}: its trust policy admits any AWS principal and no condition limits callers to your organization or accounts. Admitted: {{principals}}.',
  },
  remediation: '{{fix}}',
  requires: { allOf: ['iam'], whenNotCollected: 'skip' },
  notRunBecause: (account) => (describesCode(account) ? 'infrastructure as code holds the role, not the people and policies that assume it' : undefined),
  evaluate(account) {
    if (account.iam?.status !== 'ok') return [];
    return judgedSupportRoles(account.iam.data).flatMap((role): CheckOutcome[] => (role.trustPolicy ? judgeRole(role, account) : []));
  },
};

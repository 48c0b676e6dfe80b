import { QUALITY_REFERENCES } from '../../frameworks/quality-references.js';
import { describeAssumer, principalsWhoCanAssume } from '../../policy/assume.js';
import { listForMessage } from '../../policy/scope.js';
import { judgedSupportRoles, describesCode } from '../support-roles.js';
import type { Check, CheckOutcome } from '../types.js';

/** Somebody can actually assume the support role: trust policy, their own policies, boundaries and SCPs together. */
export const supportRoleEffectiveAccess: Check = {
  id: 'support-role-effective-access',
  title: 'Someone can actually assume the support role',
  description:
    'A support role nobody can assume is a CIS pass that fails on the day of an incident. This check combines the trust policy with the identity policies, permissions boundaries and SCPs of every user and role in the snapshot (and lists federated, service and other-account principals the trust policy admits) to name who can assume the role and under which conditions (MFA, ExternalId, other keys).',
  severity: 'high',
  severityReason: 'An unusable support role leaves responders with root or an administrator as the only way to reach AWS Support during an incident, the failure the CIS control exists to prevent.',
  references: [...QUALITY_REFERENCES.effectiveAccess],
  messages: {
    assumable: '{{role}} can be assumed by {{count}} principal(s): {{principals}}.',
    unusable: 'Nobody can assume {{role}}: {{reason}}.',
  },
  remediation:
    'Give the responders a path into {{role}}: name their role or user ARN in its trust policy (with a Bool aws:MultiFactorAuthPresent "true" condition for users), and allow sts:AssumeRole on {{roleArn}} in their identity policy when the trust policy names the account.',
  requires: { allOf: ['iam'], whenNotCollected: 'skip' },
  evaluate(account) {
    if (account.iam?.status !== 'ok' || describesCode(account)) return [];
    return judgedSupportRoles(account.iam.data).flatMap((role): CheckOutcome[] => {
      if (!role.trustPolicy) return [];
      const { assumers, blocked, delegatedToAccount } = principalsWhoCanAssume(role, account);
      const base = { resourceArn: role.arn, resourceType: 'AwsIamRole' };
      if (assumers.length > 0) {
        return [
          {
            ...base,
            status: 'PASS',
            messageId: 'assumable',
            params: { role: role.name, count: assumers.length, principals: listForMessage(assumers.map(describeAssumer)) },
            details: { assumers, blocked },
          },
        ];
      }
      const reasons: string[] = [];
      if (delegatedToAccount && blocked.length === 0) reasons.push(`the trust policy delegates to account ${account.accountId}, but no user or role there is allowed sts:AssumeRole on the role by its own policies`);
      if (blocked.length > 0) reasons.push(listForMessage(blocked.map((b) => `${b.principal}: ${b.reason}`), 3));
      if (reasons.length === 0) reasons.push('its trust policy admits no principal that exists (only deleted principals, none at all, or conditions no caller can meet)');
      const reason = reasons.join('; ');
      return [{ ...base, status: 'FAIL', messageId: 'unusable', params: { role: role.name, roleArn: role.arn, reason }, details: { blocked } }];
    });
  },
};

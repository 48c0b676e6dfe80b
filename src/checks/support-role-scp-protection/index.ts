import { QUALITY_REFERENCES } from '../../frameworks/quality-references.js';
import { RequestContext } from '../../policy/context.js';
import { evaluatePolicies } from '../../policy/evaluate.js';
import { supportPolicyArn } from '../../snapshot/arn.js';
import type { AccountSnapshot, IamRole, ServiceControlPolicy } from '../../snapshot/model.js';
import { judgedSupportRoles } from '../support-roles.js';
import type { Check, CheckOutcome } from '../types.js';

/** The calls that would silently remove the support role or its policy. */
export const PROTECTED_ACTIONS = ['iam:DeleteRole', 'iam:DetachRolePolicy'] as const;

/**
 * A principal an SCP should stop: an ordinary administrator role of the account, with no exemption tag.
 * Exemptions written as conditions (ArnNotLike aws:PrincipalArn …/OrgAdmin) are evaluated, not grepped.
 */
export function probeContext(account: AccountSnapshot): RequestContext {
  return new RequestContext({
    'aws:PrincipalArn': `arn:${account.partition}:iam::${account.accountId}:role/supportguard-probe-administrator`,
    'aws:PrincipalAccount': account.accountId,
    'aws:PrincipalOrgID': account.knownAccounts?.organizationId,
    'aws:PrincipalType': 'AssumedRole',
    'aws:userid': 'AROAPROBEADMINISTRATOR:probe',
    'aws:MultiFactorAuthPresent': 'true',
    'aws:SecureTransport': 'true',
    'aws:PrincipalIsAWSService': 'false',
    'aws:ViaAWSService': 'false',
    'aws:RequestedRegion': 'us-east-1',
    'iam:PolicyARN': supportPolicyArn(account.partition),
  });
}

/** Which of the protected actions on the role an SCP denies to a non-exempt administrator. */
export function actionsDeniedBySCPs(role: IamRole, account: AccountSnapshot, scps: ServiceControlPolicy[]): string[] {
  const context = probeContext(account);
  const docs = scps.map((p) => p.document);
  return PROTECTED_ACTIONS.filter((action) => evaluatePolicies(docs, { action, resource: role.arn, context }, 'identity') === 'explicit-deny');
}

/** An SCP keeps administrators from deleting the support role or detaching its policy. */
export const supportRoleScpProtection: Check = {
  id: 'support-role-scp-protection',
  title: 'An SCP stops administrators from deleting the support role or detaching its policy',
  description:
    'An administrator (or an attacker holding one) can delete the support role or detach AWSSupportAccess, and the account fails CIS until someone notices. A service control policy that denies iam:DeleteRole and iam:DetachRolePolicy on the role (with an exemption for the platform team) prevents it. The SCPs that apply to the account are evaluated for a non-exempt administrator role of the account.',
  severity: 'medium',
  severityReason: 'A guardrail, not an exposure: without it the control can be undone by any administrator, which monitoring may catch but cannot prevent.',
  references: [...QUALITY_REFERENCES.scpProtection],
  messages: {
    protected: 'SCPs deny {{actions}} on {{role}} to administrators of the account.',
    'not-protected': 'No SCP denies {{missing}} on {{role}}{{note}}.',
  },
  remediation: '{{fix}}',
  requires: { allOf: ['iam', 'serviceControlPolicies'], whenNotCollected: 'skip' },
  evaluate(account) {
    if (account.iam?.status !== 'ok' || account.serviceControlPolicies?.status !== 'ok') return [];
    // SCPs never restrict the management account, whatever is attached to the root.
    const management = account.knownAccounts?.managementAccountId === account.accountId;
    const scps = management ? [] : account.serviceControlPolicies.data;
    return judgedSupportRoles(account.iam.data).map((role): CheckOutcome => {
      const base = { resourceArn: role.arn, resourceType: 'AwsIamRole' };
      const denied = actionsDeniedBySCPs(role, account, scps);
      if (denied.length === PROTECTED_ACTIONS.length) return { ...base, status: 'PASS', messageId: 'protected', params: { role: role.name, actions: denied.join(' and ') } };
      const missing = PROTECTED_ACTIONS.filter((a) => !denied.includes(a));
      const statement = JSON.stringify({
        Sid: 'ProtectSupportRole',
        Effect: 'Deny',
        Action: ['iam:DeleteRole', 'iam:DetachRolePolicy', 'iam:UpdateAssumeRolePolicy'],
        // With its path: an IAM role ARN is role/<path><name>, and role/<name> would not match /security/<name>.
        Resource: `arn:${account.partition}:iam::*:role${role.path}${role.name}`,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:${account.partition}:iam::*:role/<platform-admin-role>` } },
      });
      return {
        ...base,
        status: 'FAIL',
        messageId: 'not-protected',
        params: {
          role: role.name,
          missing: missing.join(' and '),
          note: management
            ? ' (this is the management account, which SCPs never restrict: protect the role with a permissions boundary on its administrators and keep their number small)'
            : scps.length === 0
              ? ' (no SCP applies to this account: it is outside an organization or is the management account, which SCPs never restrict)'
              : '',
          fix: `Attach an SCP to the account or its OU with: ${statement}`,
        },
      };
    });
  },
};

import { SUPPORT_ROLE_REFERENCES } from '../../frameworks/references.js';
import { isAwsSupportAccessArn, isServiceLinkedRolePath, SUPPORT_SERVICE_LINKED_ROLE, supportPolicyArn } from '../../snapshot/arn.js';
import type { AccountSnapshot, IamData, IamRole, PolicyUsage } from '../../snapshot/model.js';
import type { Check, CheckOutcome } from '../types.js';

/** Roles that have the AWS-managed AWSSupportAccess attached as a permissions policy. */
export function supportRoles(iam: IamData): IamRole[] {
  return iam.roles.filter((r) => r.attachedManagedPolicies.some((p) => isAwsSupportAccessArn(p.arn)));
}

const judged = new WeakMap<IamData, IamRole[]>();

/**
 * `supportRoles`, memoised per IAM data for the checks of one run: this check and eight quality checks judge the
 * same roles, and each scan of 10,000 roles' attachments showed up in the benchmark. The list is shared: do not change it.
 */
export function judgedSupportRoles(iam: IamData): IamRole[] {
  let roles = judged.get(iam);
  if (!roles) {
    roles = supportRoles(iam);
    judged.set(iam, roles);
  }
  return roles;
}

const names = (xs: { name: string }[]) => xs.map((x) => x.name).join(', ');

function fromIam(account: AccountSnapshot, iam: IamData): CheckOutcome[] {
  const roles = judgedSupportRoles(iam);
  if (roles.length > 0) {
    return [
      {
        status: 'PASS',
        messageId: 'pass',
        params: { count: roles.length, roles: names(roles) },
        details: { supportRoles: roles.map((r) => r.arn) },
      },
    ];
  }

  // No role has it. Find the most specific reason, and keep every trap noticed in the details.
  const users = iam.users.filter((u) => u.attachedManagedPolicies.some((p) => isAwsSupportAccessArn(p.arn)));
  const groups = iam.groups.filter((g) => g.attachedManagedPolicies.some((p) => isAwsSupportAccessArn(p.arn)));
  const lookalikeArns = new Set(
    iam.policies.filter((p) => !p.awsManaged && p.name === 'AWSSupportAccess').map((p) => p.arn),
  );
  const lookalikeRoles = iam.roles.filter((r) =>
    r.attachedManagedPolicies.some((p) => !isAwsSupportAccessArn(p.arn) && (p.name === 'AWSSupportAccess' || lookalikeArns.has(p.arn) || p.arn.endsWith(':policy/AWSSupportAccess'))),
  );
  const boundaryRoles = iam.roles.filter((r) => r.permissionsBoundaryArn && isAwsSupportAccessArn(r.permissionsBoundaryArn));
  const serviceLinked = iam.roles.filter((r) => r.name === SUPPORT_SERVICE_LINKED_ROLE || (isServiceLinkedRolePath(r.path) && r.path.includes('support')));

  const details = {
    usersWithPolicy: users.map((u) => u.arn),
    groupsWithPolicy: groups.map((g) => g.arn),
    rolesWithLookalikePolicy: lookalikeRoles.map((r) => r.arn),
    rolesWithPolicyAsBoundaryOnly: boundaryRoles.map((r) => r.arn),
    serviceLinkedSupportRole: serviceLinked.map((r) => r.arn),
  };
  const policyArn = supportPolicyArn(account.partition);
  if (users.length > 0 || groups.length > 0) {
    return [{ status: 'FAIL', messageId: 'only-users-or-groups', params: { policyArn, users: names(users) || 'none', groups: names(groups) || 'none' }, details }];
  }
  if (lookalikeRoles.length > 0) {
    return [{ status: 'FAIL', messageId: 'customer-policy-lookalike', params: { roles: names(lookalikeRoles), policyArn }, details }];
  }
  if (boundaryRoles.length > 0) {
    return [{ status: 'FAIL', messageId: 'boundary-only', params: { roles: names(boundaryRoles), policyArn }, details }];
  }
  // Code whose attachments are known only at apply (or deploy) cannot prove the control: say which ones, rather
  // than claim that nothing has the policy.
  const unresolved = account.iac?.unresolved ?? [];
  if (unresolved.length > 0) {
    return [{ status: 'FAIL', messageId: 'not-known-before-apply', params: { policyArn, values: unresolved.map((u) => `${u.address} ${u.attribute}`).join(', ') }, details: { ...details, unresolved } }];
  }
  if (serviceLinked.length > 0) {
    return [{ status: 'FAIL', messageId: 'only-service-linked-role', params: { policyArn }, details }];
  }
  return [{ status: 'FAIL', messageId: 'no-support-role', params: { policyArn }, details }];
}

function fromPolicyUsage(account: AccountSnapshot, usage: PolicyUsage): CheckOutcome[] {
  const policyArn = supportPolicyArn(account.partition);
  if (usage.roles.length > 0) {
    const arnOf = (name: string) => `arn:${account.partition}:iam::${account.accountId}:role/${name}`;
    return [{ status: 'PASS', messageId: 'pass', params: { count: usage.roles.length, roles: names(usage.roles) }, details: { supportRoles: usage.roles.map((r) => arnOf(r.name)) } }];
  }
  const details = { usersWithPolicy: usage.users.map((u) => u.name), groupsWithPolicy: usage.groups.map((g) => g.name), rolesWithPolicyAsBoundaryOnly: (usage.boundaryRoles ?? []).map((r) => r.name) };
  if (usage.users.length > 0 || usage.groups.length > 0) {
    return [{ status: 'FAIL', messageId: 'only-users-or-groups', params: { policyArn, users: names(usage.users) || 'none', groups: names(usage.groups) || 'none' }, details }];
  }
  if (usage.boundaryRoles && usage.boundaryRoles.length > 0) {
    return [{ status: 'FAIL', messageId: 'boundary-only', params: { roles: names(usage.boundaryRoles), policyArn }, details }];
  }
  return [{ status: 'FAIL', messageId: 'no-support-role', params: { policyArn }, details }];
}

/**
 * The CIS control itself: an IAM role with the AWS-managed AWSSupportAccess policy attached.
 *
 * Stricter than Security Hub IAM.18, which passes when the policy is attached to *anything*:
 * CIS asks for a role, so responders assume it with short-lived credentials instead of holding
 * long-lived user keys, and the role can be handed to whoever is on call.
 */
export const cisSupportRole: Check = {
  id: 'cis-support-role',
  title: 'An IAM role has the AWS-managed AWSSupportAccess policy attached',
  description:
    'Incident responders need to open AWS Support cases without root or administrator credentials. CIS asks for an IAM role with arn:<partition>:iam::aws:policy/AWSSupportAccess attached as a permissions policy. Users or groups with the policy, a customer-managed policy of the same name, the policy used only as a permissions boundary, and the service-linked role AWSServiceRoleForSupport do not count.',
  severity: 'medium',
  severityReason:
    'Not an exposure by itself (Security Hub rates IAM.18 low), but without the role an incident forces the use of root or an administrator to reach AWS Support, which is exactly when those credentials are most at risk.',
  references: [...SUPPORT_ROLE_REFERENCES],
  messages: {
    pass: '{{count}} support role(s) with AWSSupportAccess: {{roles}}.',
    'only-users-or-groups':
      'No role has {{policyArn}}; it is attached only to users ({{users}}) and groups ({{groups}}). CIS asks for a role that responders assume (Security Hub IAM.18 would pass this account).',
    'customer-policy-lookalike':
      'No role has {{policyArn}}; role(s) {{roles}} have a customer-managed policy named AWSSupportAccess, which is not the AWS-managed policy and does not count.',
    'boundary-only':
      'No role has {{policyArn}} as a permissions policy; role(s) {{roles}} use it only as a permissions boundary, which grants nothing.',
    'only-service-linked-role':
      'No role has {{policyArn}}; the only support-related role is the service-linked AWSServiceRoleForSupport, which AWS Support uses itself and people cannot assume.',
    'no-support-role': 'No IAM role has {{policyArn}} attached.',
    'not-known-before-apply':
      'No IAM role is known to have {{policyArn}} before apply: {{values}} will only be known then, so the code cannot show the control is met.',
  },
  remediation:
    'Create a role that your incident responders can assume (MFA required for IAM users) and attach the AWS-managed policy: `supportguard fix --trust <principal-arn>` plans it; or `aws iam create-role --role-name aws-support --assume-role-policy-document file://trust.json && aws iam attach-role-policy --role-name aws-support --policy-arn {{policyArn}}`.',
  requires: { anyOf: ['iam', 'supportPolicyUsage'], whenNotCollected: 'error' },
  evaluate(account) {
    if (account.iam?.status === 'ok') return fromIam(account, account.iam.data);
    if (account.supportPolicyUsage?.status === 'ok') return fromPolicyUsage(account, account.supportPolicyUsage.data);
    throw new Error('engine called cis-support-role without IAM data');
  },
};

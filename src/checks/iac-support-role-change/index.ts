import { SUPPORT_ROLE_REFERENCES } from '../../frameworks/references.js';
import { supportRoles } from '../cis-support-role/index.js';
import type { Check, CheckOutcome } from '../types.js';

/**
 * The IaC gate's own check: a change must not take the support role away, and values the code leaves
 * to apply time are named instead of being guessed.
 *
 * The CIS check judges the state the code describes; this one judges the *change*. A Terraform plan that
 * deletes the support role has no "after" for it, so only resource_changes show the loss. A replacement
 * (delete then create) is a loss too: the role gets a new unique id, so resource policies that named the
 * old role stop matching, and responders have no role in between.
 */
export const iacSupportRoleChange: Check = {
  id: 'iac-support-role-change',
  title: 'An infrastructure change keeps the support role and its AWSSupportAccess attachment',
  description:
    'For Terraform plans and CloudFormation templates (`supportguard iac`): FAIL when the plan deletes or replaces a role that has the AWS-managed AWSSupportAccess policy, or detaches the policy from it; INFO for each policy attachment, role or condition whose value is known only at apply or deploy and was therefore not counted toward a support role.',
  severity: 'medium',
  severityReason:
    'The same weight as the CIS control it protects: merging the change turns a passing account into a failing one, which is found otherwise only by the next audit. Low when another role keeps AWSSupportAccess after the change (a rename or a planned retirement).',
  references: [...SUPPORT_ROLE_REFERENCES],
  messages: {
    pass: 'The plan deletes, replaces and detaches nothing that carries AWSSupportAccess.',
    'removes-support-role': 'The plan deletes role {{role}} ({{address}}), which has {{policyArn}} attached.',
    'replaces-support-role':
      'The plan replaces role {{role}} ({{address}}, actions {{actions}}): it is destroyed and re-created with a new unique id, so policies that trusted the old role stop matching and responders have no support role in between.',
    'detaches-support-policy': 'The plan detaches {{policyArn}} from role {{role}} ({{address}}, actions {{actions}}).',
    'unknown-value': '{{address}} {{attribute}}: {{reason}}. supportguard did not count it toward a support role.',
  },
  remediation:
    'Keep the support role: if {{role}} is deliberately retired, attach AWSSupportAccess to its successor in the same change; otherwise revert the change to {{address}} (for a replacement, avoid changing attributes that force one, such as the role name or path, or add `lifecycle { create_before_destroy = true }` with a new name).',
  // Reads only `account.iac`, which is not a collected part: no requirement, so a live account whose IAM
  // could not be read gets its ERROR from the CIS check alone, not a duplicate from a check that does not apply.
  requires: { whenNotCollected: 'skip' },
  evaluate(account) {
    const iac = account.iac;
    // Not an IaC snapshot: nothing to judge (live accounts have no change to review).
    if (!iac) return [];
    const out: CheckOutcome[] = [];
    // A loss is always reported; it weighs less when another role keeps the policy after the change
    // (a rename: the successor got it in the same plan), so `--fail-on medium` lets such changes through.
    const remaining = account.iam?.status === 'ok' ? supportRoles(account.iam.data).filter((r) => !iac.removals.some((x) => x.roleArn === r.arn && x.kind !== 'replaces-support-role')) : [];
    for (const r of iac.removals) {
      const others = remaining.filter((x) => x.arn !== r.roleArn).map((x) => x.arn);
      out.push({
        status: 'FAIL',
        messageId: r.kind,
        params: { role: r.roleName, address: r.address, actions: r.actions, policyArn: r.policyArn },
        resourceArn: r.roleArn,
        resourceType: 'AwsIamRole',
        ...(others.length > 0 ? { severity: 'low' as const } : {}),
        details: { address: r.address, actions: r.actions, remainingSupportRoles: others, ...(r.location ? { location: r.location } : {}) },
      });
    }
    for (const u of iac.unresolved) {
      out.push({
        status: 'INFO',
        messageId: 'unknown-value',
        params: { address: u.address, attribute: u.attribute, reason: u.reason },
        details: { address: u.address, attribute: u.attribute, ...(u.location ? { location: u.location } : {}) },
      });
    }
    if (iac.isPlan && iac.removals.length === 0) out.push({ status: 'PASS', messageId: 'pass' });
    return out;
  },
};

import { SUPPORT_ROLE_REFERENCES } from '../../frameworks/references.js';
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
    'The same weight as the CIS control it protects: merging the change turns a passing account into a failing one (or removes one of its support roles), which is found otherwise only by the next audit.',
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
    for (const r of iac.removals) {
      out.push({
        status: 'FAIL',
        messageId: r.kind,
        params: { role: r.roleName, address: r.address, actions: r.actions, policyArn: r.policyArn },
        resourceArn: r.roleArn,
        resourceType: 'AwsIamRole',
        details: { address: r.address, actions: r.actions, ...(r.location ? { location: r.location } : {}) },
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

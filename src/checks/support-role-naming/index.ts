import { QUALITY_REFERENCES } from '../../frameworks/quality-references.js';
import { judgedSupportRoles } from '../support-roles.js';
import type { Check, CheckOutcome } from '../types.js';

/**
 * The support role follows the organization's naming convention (`naming.rolePattern` in supportguard.yml).
 * Without a convention there is nothing to judge and the check reports nothing: a name is not wrong until the
 * organization says what right is, and an INFO on every role of every account would only bury real findings.
 */
export const supportRoleNaming: Check = {
  id: 'support-role-naming',
  title: "The support role's name follows the organization's naming convention",
  description:
    'Runs only when supportguard.yml sets naming.rolePattern (a JavaScript regular expression; anchor it with ^…$ to match the whole name). A support role named outside the convention is missed by the SCPs, EventBridge rules, permission boundaries and clean-up jobs written against the convention (`arn:aws:iam::*:role/aws-support-*`), and by the people looking for it during an incident.',
  severity: 'low',
  severityReason: 'Hygiene: the name grants nothing; but guard rails written against the convention (SCP protection, monitoring patterns) silently miss a role named outside it.',
  references: [...QUALITY_REFERENCES.tags],
  messages: {
    pass: '{{role}} follows the naming convention {{pattern}}.',
    'name-mismatch': '{{role}} does not match the naming convention {{pattern}}.',
  },
  remediation:
    'Create the support role again under a name matching {{pattern}} (IAM cannot rename a role: supportguard fix --role-name <name> plans it), move the responders to it, then delete {{role}}; or change naming.rolePattern if the convention is what is wrong.',
  requires: { allOf: ['iam'], whenNotCollected: 'skip' },
  evaluate(account, context = {}) {
    const pattern = context.policy?.naming?.rolePattern;
    if (pattern === undefined || account.iam?.status !== 'ok') return [];
    const re = new RegExp(pattern);
    return judgedSupportRoles(account.iam.data).map((role): CheckOutcome => ({
      resourceArn: role.arn,
      resourceType: 'AwsIamRole',
      status: re.test(role.name) ? 'PASS' : 'FAIL',
      messageId: re.test(role.name) ? 'pass' : 'name-mismatch',
      params: { role: role.name, pattern },
    }));
  },
};

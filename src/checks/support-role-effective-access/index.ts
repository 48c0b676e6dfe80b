import { QUALITY_REFERENCES } from '../../frameworks/quality-references.js';
import type { ApprovedResponder } from '../../config/types.js';
import { approvalOf, describeResponder, labelWithThirdParty, responderCoversArn, thirdPartyOfAssumer } from '../../org-policy/responders.js';
import type { ResolvedPolicy } from '../../org-policy/policy.js';
import { describeAssumer, principalsWhoCanAssume, type AssumeAnalysis, type Assumer } from '../../policy/assume.js';
import { listForMessage } from '../../policy/scope.js';
import { isServiceLinkedRolePath } from '../../snapshot/arn.js';
import type { AccountSnapshot, IamRole } from '../../snapshot/model.js';
import { judgedSupportRoles, describesCode } from '../support-roles.js';
import type { Check, CheckOutcome } from '../types.js';

/** Principals of the account listed in a finding's details; the rest are counted. */
const MAX_LISTED = 100;
/**
 * With an approved-responder list every assumer must be judged, not only the first hundred; the list stays bounded
 * so that a wildcard trust in a 15,000-principal account cannot make details quadratic again.
 */
const MAX_LISTED_WITH_RESPONDERS = 1000;

/** `user arn:… (with MFA)`, and `(no MFA, no ExternalId)` when nothing is asked and `sayNone`. */
function describeForPolicy(a: Assumer, sayNone = false): string {
  const label = describeAssumer(a);
  if (!sayNone || a.requiresMfa || a.requiresExternalId || a.otherConditions.length > 0) return label;
  // Federated sessions never carry MFA keys (the IdP asks for it): "no MFA" would read as a gap there.
  return a.principal.startsWith('federated: ') ? `${label} (no condition)` : `${label} (no MFA, no ExternalId)`;
}

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

/** The approved entry covering the assumer, as the review names it; null when none does. */
function approvalLabel(a: Assumer, responders: readonly ApprovedResponder[]): string | null {
  const r = approvalOf(a, responders);
  return r ? describeResponder(r) : null;
}

function judgeRole(role: IamRole, account: AccountSnapshot, analysis: AssumeAnalysis, policy: ResolvedPolicy | undefined): CheckOutcome[] {
  const { blocked, counts } = analysis;
  // Known third parties by name (`account 222222222222 (Acme MSP)`), in the message and in the details alike.
  const assumers = policy?.thirdParties ? analysis.assumers.map((a) => ({ ...a, principal: labelWithThirdParty(a, thirdPartyOfAssumer(a, policy.thirdParties)) })) : analysis.assumers;
  const base = { resourceArn: role.arn, resourceType: 'AwsIamRole' };
  const total = counts.assumers + assumers.filter((a) => a.scope === 'external').length;
  const principals = listForMessage(assumers.map((a) => describeForPolicy(a)), 5, total);
  // With a responder list, details say which entry approves each principal (null: none), for the review and the history.
  const approval = policy?.responders ? Object.fromEntries(assumers.filter((a) => a.who !== 'service').map((a) => [a.principal, approvalLabel(a, policy.responders!)])) : undefined;
  const detailsOf = (extra: Record<string, unknown> = {}) => ({ assumers, blocked, counts, ...(approval ? { approval } : {}), ...extra });
  // A wildcard that a stranger can use is not "somebody can assume it": it is everybody (the trust check says why).
  if (assumers.some((a) => a.who === 'anyone')) {
    const fix = `Replace the "*" principal of ${role.name}'s trust policy by the ARNs of the responder roles, or limit it with "StringEquals": {"aws:PrincipalOrgID": "<your o-id>"}.`;
    return [{ ...base, status: 'FAIL', messageId: 'anyone-can-assume', severity: 'critical', params: { role: role.name, principals, fix }, details: detailsOf() }];
  }
  const responders = assumers.filter((a) => a.who === 'responder');
  if (responders.length > 0) {
    if (policy?.responders) {
      // The organization said who may: everyone else who can get in is named, with what they must bring.
      const unapproved = responders.filter((a) => !approvalOf(a, policy.responders!));
      if (unapproved.length > 0) {
        const names = listForMessage(unapproved.map((a) => describeForPolicy(a, true)), 5);
        const fix = `Remove ${unapproved.length === 1 ? 'this principal' : 'these principals'} from ${role.name}'s trust policy (or the sts:AssumeRole allow from ${unapproved.length === 1 ? 'its' : 'their'} own policies), or add ${unapproved.length === 1 ? 'it' : 'them'} to responders in supportguard.yml if the organization approves ${unapproved.length === 1 ? 'it' : 'them'}.`;
        return [{ ...base, status: 'FAIL', messageId: 'unapproved-assumer', params: { role: role.name, count: unapproved.length, principals: names, fix }, details: detailsOf({ unapproved: unapproved.map((a) => a.principal) }) }];
      }
      return [{ ...base, status: 'PASS', messageId: 'assumable-approved', params: { role: role.name, count: total, principals }, details: detailsOf() }];
    }
    return [{ ...base, status: 'PASS', messageId: 'assumable', params: { role: role.name, count: total, principals }, details: { assumers, blocked, counts } }];
  }
  const why = whyNobody(analysis, account);
  if (assumers.length > 0) {
    // Only AWS services (a workload's instance profile, a Lambda function): nobody to open a case.
    const services = listForMessage(assumers.map((a) => a.principal.replace(/^service /, '')));
    const reason = why ?? 'its trust policy names no user, role, account or identity provider';
    return [{ ...base, status: 'FAIL', messageId: 'no-responder', params: { role: role.name, services, reason, fix: responderFix(role) }, details: detailsOf() }];
  }
  const reason = why ?? 'its trust policy admits no principal that exists (only deleted principals, none at all, or conditions no caller can meet)';
  return [{ ...base, status: 'FAIL', messageId: 'unusable', params: { role: role.name, roleArn: role.arn, reason, fix: responderFix(role) }, details: { blocked, counts } }];
}

/** The users and roles of the snapshot an approved entry names (permission-set roles included), never the support roles themselves. */
function principalsOfResponder(r: ApprovedResponder, account: AccountSnapshot, supportRoleArns: ReadonlySet<string>): string[] {
  if (account.iam?.status !== 'ok' || r.samlProvider !== undefined) return [];
  const { users, roles } = account.iam.data;
  return [
    ...users.filter((u) => responderCoversArn(r, u.arn, 'principal')).map((u) => u.arn),
    ...roles.filter((x) => !supportRoleArns.has(x.arn) && !isServiceLinkedRolePath(x.path) && responderCoversArn(r, x.arn, 'principal')).map((x) => x.arn),
  ];
}

/**
 * Approved responders that exist in this account and cannot assume any of its support roles: the organization
 * counts on them during an incident. SAML providers are not in the snapshot (IAM exports do not list them), so a
 * SAML entry is never reported here.
 */
function approvedButLockedOut(account: AccountSnapshot, roles: IamRole[], analyses: AssumeAnalysis[], policy: ResolvedPolicy): CheckOutcome[] {
  const supportRoleArns = new Set(roles.map((r) => r.arn));
  const canAssume = new Set(analyses.flatMap((a) => a.assumers.flatMap((x) => (x.arn ? [x.arn] : []))));
  const why = new Map<string, string>();
  for (const a of analyses) for (const b of a.blocked) why.set(b.principal.slice(b.principal.indexOf(' ') + 1), b.reason);
  const out: CheckOutcome[] = [];
  for (const r of policy.responders ?? []) {
    const locked = principalsOfResponder(r, account, supportRoleArns).filter((arn) => !canAssume.has(arn));
    if (locked.length === 0) continue;
    const reasons = locked.map((arn) => `${arn} (${why.get(arn) ?? "no support role's trust policy admits it, or its own policies do not allow sts:AssumeRole on one"})`);
    const roleNames = roles.map((x) => x.name).join(', ');
    out.push({
      status: 'FAIL',
      messageId: 'approved-cannot-assume',
      params: {
        responder: describeResponder(r),
        principals: listForMessage(reasons, 5),
        roles: roleNames,
        fix: `Let the approved responder in: name ${locked.length === 1 ? locked[0] : 'its principals'} in the trust policy of ${roleNames} (with MFA for users) and allow sts:AssumeRole on the role in ${locked.length === 1 ? 'its' : 'their'} identity policy; or remove the entry from responders in supportguard.yml.`,
      },
      details: { responder: r, principals: locked },
    });
  }
  return out;
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
    'assumable-approved': '{{role}} can be assumed by {{count}} principal(s), all approved responders: {{principals}}.',
    'unapproved-assumer': '{{role}} can be assumed by {{count}} principal(s) that are not approved responders: {{principals}}.',
    'approved-cannot-assume': 'Approved responder {{responder}} cannot assume any support role ({{roles}}): {{principals}}.',
  },
  remediation: '{{fix}}',
  requires: { allOf: ['iam'], whenNotCollected: 'skip' },
  notRunBecause: (account) => (describesCode(account) ? 'infrastructure as code holds the role, not the people and policies that assume it' : undefined),
  evaluate(account, context = {}) {
    if (account.iam?.status !== 'ok') return [];
    const policy = context.policy;
    // Details list at most MAX_LISTED principals of the account (all are counted): a thousand support roles trusting "*"
    // each admit every other, and full lists grew with the square of the number of roles.
    const maxListed = policy?.responders ? MAX_LISTED_WITH_RESPONDERS : MAX_LISTED;
    const roles = judgedSupportRoles(account.iam.data).filter((role) => role.trustPolicy);
    const analyses = roles.map((role) => principalsWhoCanAssume(role, account, { maxListed }));
    const outcomes = roles.flatMap((role, i) => judgeRole(role, account, analyses[i]!, policy));
    if (policy?.responders && roles.length > 0) outcomes.push(...approvedButLockedOut(account, roles, analyses, policy));
    return outcomes;
  },
};

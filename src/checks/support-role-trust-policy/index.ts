import { QUALITY_REFERENCES } from '../../frameworks/quality-references.js';
import { describePrincipal, type AccountScope, type PrincipalRef } from '../../policy/principals.js';
import { accountScope, listForMessage } from '../../policy/scope.js';
import { conditionKeys } from '../../policy/conditions.js';
import { protectiveKeys } from '../../policy/vacuity.js';
import {
  admitsStranger,
  admitsWithoutExternalIdSecret,
  admitsWithoutMfa,
  isPrincipalKey,
  serviceMeetsConditions,
  trustStatements,
  type TrustStatement,
} from '../../policy/trust.js';
import type { KnownThirdParty } from '../../config/types.js';
import type { ResolvedPolicy } from '../../org-policy/policy.js';
import type { IamRole } from '../../snapshot/model.js';
import { judgedSupportRoles, describesCode } from '../support-roles.js';
import { UNKNOWN_ACCOUNT_ID } from '../../snapshot/model.js';
import type { Check, CheckOutcome } from '../types.js';

/** Does the statement still admit a caller who knows no ExternalId secret (sends none, or any value it likes)? */
const admitsWithoutExternalId = (t: TrustStatement) => admitsWithoutExternalIdSecret(t.statement);

/** Does the statement test sts:ExternalId at all (for the wording only: whether the test protects is evaluated)? */
const testsExternalId = (t: TrustStatement) => conditionKeys(t.statement.Condition).some((k) => k.toLowerCase() === 'sts:externalid');

/** MFA is asked of IAM users and account roots, which hold long-term credentials; not of federated or service callers. */
function needsMfa(p: PrincipalRef): boolean {
  if (p.kind === 'user') return true;
  return p.kind === 'account' && p.relation !== 'foreign';
}

/** The known third party a principal belongs to, when the organization listed third parties. */
function thirdPartyOf(p: PrincipalRef, policy: ResolvedPolicy | undefined): KnownThirdParty | undefined {
  return 'accountId' in p && p.accountId && 'relation' in p && p.relation === 'foreign' ? policy?.thirdParties?.get(p.accountId) : undefined;
}

/** describePrincipal, with the MSP's name instead of "foreign" for a known third party. */
function describeWithThirdParty(p: PrincipalRef, policy: ResolvedPolicy | undefined): string {
  const label = describePrincipal(p);
  const party = thirdPartyOf(p, policy);
  if (!party) return label;
  return label.endsWith(' (foreign)') ? `${label.slice(0, -' (foreign)'.length)} (${party.name})` : `${label} (${party.name})`;
}

function judgeRole(role: IamRole, scope: AccountScope, accountUnknown: boolean, policy?: ResolvedPolicy): CheckOutcome[] {
  const base = { resourceArn: role.arn, resourceType: 'AwsIamRole' };
  const statements = trustStatements(role.trustPolicy, scope);
  const out: CheckOutcome[] = [];

  const wildcard = statements.filter((t) => t.principals.some((p) => p.kind === 'wildcard') && admitsStranger(t.statement, scope));
  if (wildcard.length > 0) {
    out.push({
      ...base,
      status: 'FAIL',
      messageId: 'wildcard-principal',
      severity: 'critical',
      params: {
        role: role.name,
        statements: wildcard.map((t) => t.label).join(', '),
        fix: `Replace the "*" principal of ${role.name}'s trust policy by the ARNs of the responder roles, or add a condition "StringEquals": {"aws:PrincipalOrgID": "<your o-id>"}.`,
      },
      details: { statements: wildcard.map((t) => t.statement) },
    });
  }

  const foreign = statements.flatMap((t) => t.principals.filter((p) => 'relation' in p && p.relation === 'foreign').map((p) => ({ t, p })));
  if (accountUnknown && foreign.length > 0) {
    // Code that does not say which account it deploys to cannot tell a sibling account from a third party:
    // say so instead of failing every trusted account as foreign.
    const accounts = [...new Set(foreign.map(({ p }) => ('accountId' in p ? p.accountId : p.raw)))];
    out.push({
      ...base,
      status: 'INFO',
      messageId: 'account-unknown',
      params: { role: role.name, principals: listForMessage([...new Set(foreign.map(({ p }) => p.raw))]), accounts: accounts.join(',') },
      details: { accounts },
    });
  }
  // With a third-party list, a foreign account is either a named third party (judged by its own ExternalId rule)
  // or unknown (a FAIL of its own); without one, every foreign account must bring an ExternalId.
  const thirdParties = policy?.thirdParties;
  const unknownForeign = accountUnknown || !thirdParties ? [] : foreign.filter(({ p }) => !thirdPartyOf(p, policy));
  if (unknownForeign.length > 0) {
    const accounts = [...new Set(unknownForeign.map(({ p }) => ('accountId' in p ? p.accountId : p.raw)))];
    out.push({
      ...base,
      status: 'FAIL',
      messageId: 'unknown-foreign-account',
      severity: 'high',
      params: {
        role: role.name,
        principals: listForMessage([...new Set(unknownForeign.map(({ p }) => p.raw))]),
        accounts: accounts.join(', '),
        fix: `Remove ${accounts.join(', ')} from ${role.name}'s trust policy; if it is a third party the organization works with, add it to thirdParties in supportguard.yml (with its name), and if it is your own account, scan with --org or pass --known-accounts ${accounts.join(',')}.`,
      },
      details: { accounts },
    });
  }
  if (thirdParties && !accountUnknown) {
    const byParty = new Map<KnownThirdParty, { t: TrustStatement; p: PrincipalRef }[]>();
    for (const x of foreign) {
      const party = thirdPartyOf(x.p, policy);
      if (party && party.requireExternalId !== false && admitsWithoutExternalId(x.t)) byParty.set(party, [...(byParty.get(party) ?? []), x]);
    }
    for (const [party, list] of byParty) {
      out.push({
        ...base,
        status: 'FAIL',
        messageId: 'third-party-no-external-id',
        severity: 'high',
        params: {
          role: role.name,
          name: party.name,
          principals: listForMessage([...new Set(list.map(({ p }) => p.raw))]),
          externalId: list.some(({ t }) => testsExternalId(t)) ? 'without a secret sts:ExternalId (its condition lets in a caller who knows none)' : 'without an sts:ExternalId condition',
          fix: `Add "StringEquals": {"sts:ExternalId": "<secret agreed with ${party.name}>"} to the trust statement that names ${party.accountId}.`,
        },
        details: { accounts: [party.accountId], thirdParty: party.name },
      });
    }
  }
  const noExternalId = accountUnknown || thirdParties ? [] : foreign.filter(({ t }) => admitsWithoutExternalId(t));
  if (noExternalId.length > 0) {
    const accounts = [...new Set(noExternalId.map(({ p }) => ('accountId' in p ? p.accountId : p.raw)))];
    out.push({
      ...base,
      status: 'FAIL',
      messageId: 'foreign-account-no-external-id',
      severity: 'high',
      params: {
        role: role.name,
        principals: listForMessage(noExternalId.map(({ p }) => p.raw)),
        // "without an sts:ExternalId condition" when there is none; one that any caller meets is named as such.
        externalId: noExternalId.some(({ t }) => testsExternalId(t)) ? 'without a secret sts:ExternalId: its condition lets in a caller who knows none' : 'without an sts:ExternalId condition',
        fix: `If ${accounts.join(', ')} is a third party, add "StringEquals": {"sts:ExternalId": "<secret agreed with them>"} to the trust statement; if it is yours, scan with --org (or pass --known-accounts ${accounts.join(',')}) so it counts as your organization.`,
      },
      details: { accounts },
    });
  }
  const foreignRoots = accountUnknown ? [] : foreign.filter(({ t, p }) => p.kind === 'account' && !admitsWithoutExternalId(t));
  if (foreignRoots.length > 0) {
    const accounts = [...new Set(foreignRoots.map(({ p }) => (p.kind === 'account' ? p.accountId : p.raw)))];
    const named = accounts.map((id) => (thirdParties?.get(id) ? `${id} (${thirdParties.get(id)!.name})` : id));
    out.push({
      ...base,
      status: 'FAIL',
      messageId: 'foreign-account-root',
      severity: 'medium',
      params: {
        role: role.name,
        accounts: named.join(', '),
        fix: `Name the one role of ${accounts.join(', ')} that needs support access (arn:${scope.partition}:iam::<account>:role/<name>) instead of the account root.`,
      },
      details: { accounts },
    });
  }

  const deleted = statements.flatMap((t) => t.principals.filter((p) => p.kind === 'unique-id'));
  if (deleted.length > 0) {
    out.push({
      ...base,
      status: 'FAIL',
      messageId: 'deleted-principal',
      severity: 'medium',
      params: {
        role: role.name,
        ids: deleted.map((p) => p.raw).join(', '),
        fix: `Remove ${deleted.map((p) => p.raw).join(', ')} from ${role.name}'s trust policy and name the current principal ARN instead.`,
      },
    });
  }

  // Under the statement's own conditions, as effective access judges them: a service cannot meet an MFA demand.
  const services = [...new Set(statements.flatMap((t) => t.principals.flatMap((p) => (p.kind === 'service' && serviceMeetsConditions(t.statement, p.service) ? [p.service] : []))))];
  if (services.length > 0) {
    out.push({
      ...base,
      status: 'FAIL',
      messageId: 'service-principal',
      severity: 'medium',
      params: {
        role: role.name,
        services: services.join(', '),
        fix: `Remove the Service principal(s) ${services.join(', ')} from ${role.name}'s trust policy; give workloads their own role without AWSSupportAccess.`,
      },
    });
  }

  const noMfa = statements.filter((t) => !t.notPrincipal && t.principals.some(needsMfa) && admitsWithoutMfa(t.statement));
  if (noMfa.length > 0) {
    const who = noMfa.flatMap((t) => t.principals.filter(needsMfa).map(describePrincipal));
    out.push({
      ...base,
      status: 'FAIL',
      messageId: 'missing-mfa',
      severity: 'medium',
      params: {
        role: role.name,
        principals: listForMessage([...new Set(who)]),
        fix: `Add "Bool": {"aws:MultiFactorAuthPresent": "true"} to trust statement(s) ${noMfa.map((t) => t.label).join(', ')} of ${role.name}.`,
      },
    });
  }

  if (!out.some((o) => o.status === 'FAIL')) {
    const admitted = [
      ...new Set(
        statements.flatMap((t) =>
          t.principals.filter((p) => p.kind !== 'service' || serviceMeetsConditions(t.statement, p.service)).map((p) => {
            if (p.kind !== 'wildcard') return describeWithThirdParty(p, policy);
            // A wildcard that passed the stranger test is limited by who-is-the-caller conditions: name them.
            // Keys whose every entry any caller meets (`StringLike "o-*"`) limit nobody: they are not named.
            const limiting = protectiveKeys(t.statement.Condition, scope.partition);
            const keys = conditionKeys(t.statement.Condition).filter((k) => isPrincipalKey(k) && limiting.has(k.toLowerCase()));
            return `any principal matching ${keys.join(', ') || 'the conditions'} of statement ${t.label}`;
          }),
        ),
      ),
    ];
    out.push({ ...base, status: 'PASS', messageId: 'pass', params: { role: role.name, principals: admitted.length ? listForMessage(admitted) : 'nobody' } });
  }
  return out;
}

/** The support role's trust policy admits only known principals, with MFA and ExternalId where they belong. */
export const supportRoleTrustPolicy: Check = {
  id: 'support-role-trust-policy',
  title: "The support role's trust policy admits only known principals, with MFA or ExternalId where they belong",
  description:
    'Who may assume the support role is decided by its trust policy. A wildcard principal without an organization or account condition, a third-party account without sts:ExternalId, a whole foreign account root, principals that were deleted (shown as unique ids), AWS services (workloads), and IAM users or account roots admitted without MFA all weaken it.',
  severity: 'high',
  severityReason:
    'Per outcome: anyone-can-assume is critical (the role hands out support access and account information to the internet); a foreign account without ExternalId is high (confused deputy); a whole foreign root, a deleted principal, a service principal or missing MFA is medium.',
  references: [...QUALITY_REFERENCES.trustPolicy],
  messages: {
    pass: 'The trust policy of {{role}} admits only: {{principals}}.',
    'wildcard-principal': 'The trust policy of {{role}} lets any AWS principal assume it (statement {{statements}}); no condition limits callers to your organization or accounts.',
    'foreign-account-no-external-id': '{{role}} trusts {{principals}}, not known to be in your organization, {{externalId}} (confused-deputy risk if it is a third party).',
    'unknown-foreign-account': '{{role}} trusts {{principals}}: account(s) {{accounts}} are neither in your organization nor a known third party of supportguard.yml.',
    'third-party-no-external-id': '{{role}} trusts {{name}} ({{principals}}) {{externalId}}; the organization requires one for this third party (confused-deputy rule).',
    'foreign-account-root': '{{role}} trusts the whole account {{accounts}}: every principal there that its administrators allow, not one named role.',
    'deleted-principal': 'The trust policy of {{role}} names deleted principal(s) {{ids}}; those entries admit nobody, and a principal re-created with the same name is not trusted.',
    'service-principal': '{{role}} can be assumed by the AWS service(s) {{services}}: every workload running as that service gets AWS Support access, outside any responder\'s control.',
    'account-unknown':
      '{{role}} trusts {{principals}}; the code does not say which account it deploys to, so supportguard cannot tell whether {{accounts}} is yours or a third party (pass --account-id, and --known-accounts for your other accounts).',
    'trust-unknown': "The trust policy of {{role}} is not known {{reason}}, so who may assume it was not judged.",
    'missing-mfa':
      '{{role}} can be assumed by {{principals}} without MFA: the trust policy lacks a Bool aws:MultiFactorAuthPresent "true" condition (BoolIfExists does not count: long-term access keys carry no MFA key).',
  },
  remediation: '{{fix}}',
  requires: { allOf: ['iam'], whenNotCollected: 'skip' },
  evaluate(account, context = {}) {
    if (account.iam?.status !== 'ok') return [];
    const scope = accountScope(account);
    const accountUnknown = describesCode(account) && account.accountId === UNKNOWN_ACCOUNT_ID;
    return judgedSupportRoles(account.iam.data).flatMap((role): CheckOutcome[] =>
      role.trustPolicy
        ? judgeRole(role, scope, accountUnknown, context.policy)
        : // Never silence: a support role whose trust cannot be read is named, as INFO (unknown is not a PASS).
          [{ resourceArn: role.arn, resourceType: 'AwsIamRole', status: 'INFO', messageId: 'trust-unknown', params: { role: role.name, reason: describesCode(account) ? 'before apply or deploy (a value computed then, or a role the code does not define)' : 'in this snapshot (the input does not include it)' } }],
    );
  },
};

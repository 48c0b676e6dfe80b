import { QUALITY_REFERENCES } from '../../frameworks/quality-references.js';
import { RequestContext } from '../../policy/context.js';
import { evaluatePolicies } from '../../policy/evaluate.js';
import { explainAction, scpLevelsOf, type IdentityLayers, type ScpLevel } from '../../policy/capability.js';
import { documentsKey, iamIndex, type IamIndex } from '../../policy/iam-index.js';
import { listForMessage } from '../../policy/scope.js';
import { matchesAction } from '../../policy/wildcard.js';
import { isServiceLinkedRolePath, parseArn } from '../../snapshot/arn.js';
import type { IamGroup, IamRole, IamUser, InlinePolicy, PolicyDocument, PolicyStatement } from '../../snapshot/model.js';
import { judgedSupportRoles } from '../support-roles.js';
import type { Check, CheckOutcome } from '../types.js';

/** How the AWS-managed policies that reach AWS Support without being AWSSupportAccess are named in messages. */
const NAMED_EQUIVALENTS: Record<string, string> = {
  'policy/AWSSupportAccess': 'AWSSupportAccess',
  'policy/job-function/SupportUser': 'job-function/SupportUser',
  'policy/AdministratorAccess': 'AdministratorAccess',
  'policy/PowerUserAccess': 'PowerUserAccess',
};

/** Opening a case is the capability that matters; conditions are given the benefit of the doubt. */
const OPEN_CASE = { action: 'support:CreateCase', resource: '*', context: new RequestContext() };
const openKeys = { openKey: () => true };
const openKey = () => true;

/**
 * Write actions of unrelated services. A policy that allows at least BROAD_MIN of them on every resource grants
 * far more than support (AdministratorAccess, PowerUserAccess, an Allow with `NotAction` of a few IAM actions):
 * its holder is an administrator, judged as one, whatever its name. Asked of every document alike, AWS-managed or not.
 */
const BEYOND_SUPPORT = ['ec2:RunInstances', 's3:PutObject', 'lambda:CreateFunction', 'dynamodb:DeleteTable', 'rds:DeleteDBInstance', 'kms:Decrypt'];
const BROAD_MIN = 3;

function grantsBeyondSupport(doc: PolicyDocument): boolean {
  let allowed = 0;
  for (const action of BEYOND_SUPPORT) if (evaluatePolicies([doc], { ...OPEN_CASE, action }, 'identity', openKeys) === 'allow' && ++allowed >= BROAD_MIN) return true;
  return false;
}

interface Via {
  label: string;
  supportSpecific: boolean;
}

/**
 * One document on its own allows opening a case. Not memoised per document here: managed policies are memoised per
 * ARN and groups per name (see Memo), and an inline policy belongs to one identity. A WeakMap entry for each of the
 * 10,000 inline documents of the benchmark cost more than evaluating them.
 */
function grantsSupport(doc: PolicyDocument): boolean {
  if (namesNoSupportAction(doc)) return false;
  return evaluatePolicies([doc], OPEN_CASE, 'identity', openKeys) === 'allow';
}

/**
 * True when every statement is well formed enough for evaluatePolicies not to throw before its action test (Effect
 * Allow or Deny, an Action element) and no Action pattern matches support:CreateCase: evaluatePolicies would then
 * answer implicit-deny, so it is not called. Nearly every inline policy of a large account is one of these.
 */
function namesNoSupportAction(doc: PolicyDocument | null | undefined): boolean {
  // statementsOf's reading: no document has no statement (an unvalidated saved snapshot may lack one).
  if (!doc) return true;
  const statement = doc.Statement;
  if (!Array.isArray(statement)) return statementNamesNoSupportAction(statement);
  for (let i = 0; i < statement.length; i++) if (!statementNamesNoSupportAction(statement[i]!)) return false;
  return true;
}

function statementNamesNoSupportAction(s: PolicyStatement): boolean {
  if (!s || (s.Effect !== 'Allow' && s.Effect !== 'Deny')) return false;
  const action: unknown = s.Action;
  if (typeof action === 'string') return !matchesAction(action, OPEN_CASE.action);
  if (!Array.isArray(action)) return false;
  for (let i = 0; i < action.length; i++) {
    const p: unknown = action[i];
    if (typeof p !== 'string' || matchesAction(p, OPEN_CASE.action)) return false;
  }
  return true;
}

/** Answers memoised for one account: thousands of identities share a few hundred policies and groups. */
interface Memo {
  idx: IamIndex;
  managed: Map<string, Via | null>;
  groups: Map<string, Via[]>;
  /** Effective answers per distinct set of documents (documentsKey): principals made alike are evaluated once. */
  effective: Map<string, boolean>;
  scpLevels: ScpLevel[] | undefined;
}

/**
 * Can the identity open a case once every layer is applied (its identity policies together, its permissions
 * boundary, the account's SCPs), as AWS evaluates it: a policy that grants support:* does not help a user whose
 * other policy or boundary denies everything. Only asked of identities that some document grants it, memoised per
 * set of documents. Denies under conditions the snapshot cannot know may block, so they do not block here (the
 * benefit of the doubt, as for allows); a boundary whose document is unknown cannot be proved to block.
 */
function reachesSupport(entity: IamUser | IamRole, memo: Memo): boolean {
  const policies = memo.idx.identityPolicies(entity);
  const key = documentsKey(policies);
  let answer = memo.effective.get(key);
  if (answer === undefined) {
    const layers: IdentityLayers = { identity: policies.documents.map((document) => ({ label: 'identity policy', document })) };
    if (policies.boundary) layers.boundary = { label: `permissions boundary ${policies.boundaryArn ?? ''}`, document: policies.boundary };
    if (memo.scpLevels) layers.scpLevels = memo.scpLevels;
    answer = explainAction(layers, OPEN_CASE.action, OPEN_CASE.resource, OPEN_CASE.context, openKey).allowed;
    memo.effective.set(key, answer);
  }
  return answer;
}

function managedVia(ref: { arn: string; name: string }, memo: Memo): Via | null {
  let via = memo.managed.get(ref.arn);
  if (via === undefined) {
    const p = parseArn(ref.arn);
    const named = p && p.accountId === 'aws' ? NAMED_EQUIVALENTS[p.resource] : undefined;
    const doc = memo.idx.policyDocument(ref.arn);
    if (p?.accountId === 'aws' && !named) via = null;
    else if (doc) via = grantsSupport(doc) ? { label: named ?? `custom policy ${ref.name || ref.arn}`, supportSpecific: !grantsBeyondSupport(doc) } : null;
    // A named AWS-managed policy whose document neither the export nor the shipped copies hold: its name says it.
    else via = named ? { label: named, supportSpecific: named === 'AWSSupportAccess' || named === 'job-function/SupportUser' } : null;
    memo.managed.set(ref.arn, via);
  }
  return via;
}

function ownVia(e: { attachedManagedPolicies: { arn: string; name: string }[]; inlinePolicies: InlinePolicy[] }, memo: Memo): Via[] {
  const via: Via[] = [];
  for (const ref of e.attachedManagedPolicies) {
    const v = managedVia(ref, memo);
    if (v) via.push(v);
  }
  for (const p of e.inlinePolicies) if (grantsSupport(p.document)) via.push({ label: `inline policy ${p.name}`, supportSpecific: !grantsBeyondSupport(p.document) });
  return via;
}

/** How an identity reaches AWS Support, from its own attachments (and its groups' for users). */
function supportPaths(entity: IamUser | IamRole, memo: Memo): Via[] {
  const via = ownVia(entity, memo);
  if ('groups' in entity) {
    for (const name of entity.groups) {
      let fromGroup = memo.groups.get(name);
      if (!fromGroup) {
        const g: IamGroup | undefined = memo.idx.groupsByName.get(name);
        fromGroup = g ? ownVia(g, memo).map((v) => ({ ...v, label: `group ${name}: ${v.label}` })) : [];
        memo.groups.set(name, fromGroup);
      }
      via.push(...fromGroup);
    }
  }
  return via;
}

/** Other ways to reach AWS Support: reported so they are known, never counted as the CIS support role. */
export const supportFunctionalEquivalents: Check = {
  id: 'support-functional-equivalents',
  title: 'AWS Support is reached through the support role, not through IAM users',
  description:
    'Lists every other identity that can open AWS Support cases — job-function/SupportUser, AdministratorAccess, PowerUserAccess, AWSSupportAccess on users or groups, custom or inline policies granting support:* — as information, judged on effective permissions (all identity policies, the permissions boundary and SCPs, minus denies): they are functional equivalents, not the CIS control. When a support role exists, an IAM user that holds support-specific access directly or through a group bypasses it with long-lived credentials, and fails.',
  severity: 'low',
  severityReason: 'A parallel path with long-lived user credentials undoes what the role buys (short sessions, MFA at assume time, one place to review), but it grants support access only, not more.',
  references: [...QUALITY_REFERENCES.functionalEquivalents],
  messages: {
    'no-user-bypass': 'No IAM user holds support-specific access outside the support role(s) {{roles}}.',
    'user-bypasses-role': 'IAM user {{user}} reaches AWS Support through {{via}} with long-lived credentials instead of assuming the support role(s) {{roles}}.',
    equivalent: '{{entity}} can open AWS Support cases through {{via}}; this is a functional equivalent, not the CIS support role.',
  },
  remediation: 'Remove the support access of {{user}} ({{via}}) and let the user assume {{roles}} instead (grant sts:AssumeRole on it, with MFA).',
  requires: { allOf: ['iam'], whenNotCollected: 'skip' },
  evaluate(account) {
    if (account.iam?.status !== 'ok') return [];
    const iam = account.iam.data;
    const idx = iamIndex(iam);
    const roles = judgedSupportRoles(iam);
    const roleArns = new Set(roles.map((r) => r.arn));
    const roleNames = listForMessage(roles.map((r) => r.name));
    const memo: Memo = { idx, managed: new Map(), groups: new Map(), effective: new Map(), scpLevels: scpLevelsOf(account) };
    const out: CheckOutcome[] = [];

    for (const role of iam.roles) {
      if (roleArns.has(role.arn) || isServiceLinkedRolePath(role.path)) continue;
      const via = supportPaths(role, memo);
      if (via.length && reachesSupport(role, memo)) out.push({ status: 'INFO', messageId: 'equivalent', resourceArn: role.arn, resourceType: 'AwsIamRole', params: { entity: `role ${role.name}`, via: via.map((v) => v.label).join(', ') } });
    }
    let bypasses = 0;
    for (const user of iam.users) {
      const via = supportPaths(user, memo);
      if (via.length === 0 || !reachesSupport(user, memo)) continue;
      const specific = via.filter((v) => v.supportSpecific);
      const label = via.map((v) => v.label).join(', ');
      if (roles.length > 0 && specific.length > 0) {
        bypasses++;
        out.push({ status: 'FAIL', messageId: 'user-bypasses-role', resourceArn: user.arn, resourceType: 'AwsIamUser', params: { user: user.name, via: specific.map((v) => v.label).join(', '), roles: roleNames } });
      } else {
        out.push({ status: 'INFO', messageId: 'equivalent', resourceArn: user.arn, resourceType: 'AwsIamUser', params: { entity: `user ${user.name}`, via: label } });
      }
    }
    if (roles.length > 0 && bypasses === 0) out.push({ status: 'PASS', messageId: 'no-user-bypass', params: { roles: roleNames } });
    // Groups matter through their members, which are reported above; a group nobody is in grants nothing.
    return out;
  },
};

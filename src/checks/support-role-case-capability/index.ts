import { QUALITY_REFERENCES } from '../../frameworks/quality-references.js';
import { actionCatalogue } from '../../policy/catalogue.js';
import { describeStatementRef, explainAction, scpLevelsOf, type ActionCapability, type IdentityLayers, type LabelledPolicy, type StatementRef } from '../../policy/capability.js';
import { RequestContext } from '../../policy/context.js';
import { iamIndex, type IamIndex } from '../../policy/iam-index.js';
import { listForMessage } from '../../policy/scope.js';
import { PARTITION_HOME_REGION } from '../../snapshot/arn.js';
import type { AccountSnapshot, IamRole } from '../../snapshot/model.js';
import { judgedSupportRoles } from '../support-roles.js';
import type { Check, CheckOutcome } from '../types.js';

/**
 * What a responder needs to open and work a case through the API: open it, read it and its severity levels and
 * services, talk on it, attach files, close it. AWS Support has no resource-level permissions: the resource is `*`.
 */
export const CASE_ACTIONS = [
  'support:CreateCase',
  'support:DescribeCases',
  'support:AddCommunicationToCase',
  'support:DescribeCommunications',
  'support:AddAttachmentsToSet',
  'support:ResolveCase',
  'support:DescribeSeverityLevels',
  'support:DescribeServices',
] as const;

/** The Support Center console's own actions (custom support policies need them from June 2026). */
export const CONSOLE_CAPABILITY = 'support-console:*';

/**
 * Keys whose value (or absence) the snapshot knows for a command-line session of the role. A direct call carries
 * no aws:SourceArn/SourceAccount (those are for service-to-service requests) and a role session no aws:username.
 * Everything else (aws:MultiFactorAuthPresent, aws:SourceIp, aws:SourceIdentity, time…) depends on how and where
 * the responder works: unknown, so a condition on it may hold or not.
 */
const KNOWN_KEYS = [
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalType',
  'aws:userid',
  'aws:username',
  'aws:SecureTransport',
  'aws:PrincipalIsAWSService',
  'aws:ViaAWSService',
  'aws:RequestedRegion',
  'aws:CalledVia',
  'aws:CalledViaFirst',
  'aws:CalledViaLast',
  'aws:SourceArn',
  'aws:SourceAccount',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:PrincipalServiceName',
].map((k) => k.toLowerCase());

/** The unknown-key test for one account: its organization id is known only when the scan learnt it. */
function openKeyFor(account: AccountSnapshot): (key: string) => boolean {
  const known = new Set(KNOWN_KEYS);
  if (account.knownAccounts?.organizationId) known.add('aws:principalorgid');
  return (key) => {
    const k = key.toLowerCase();
    // The role's own tags are known: a tag it does not have is absent, not unknown.
    return !known.has(k) && !k.startsWith('aws:principaltag/');
  };
}

/**
 * A session of the role calling AWS Support from the command line: its own ARN and tags, in the partition's
 * Support region (where the API answers; region-restricting SCPs must exempt it), not through another service.
 */
function sessionContext(role: IamRole, account: AccountSnapshot): RequestContext {
  const ctx: Record<string, string | undefined> = {
    'aws:PrincipalArn': role.arn,
    'aws:PrincipalAccount': account.accountId,
    'aws:PrincipalType': 'AssumedRole',
    'aws:userid': `${role.id}:responder`,
    'aws:PrincipalOrgID': account.knownAccounts?.organizationId,
    'aws:SecureTransport': 'true',
    'aws:PrincipalIsAWSService': 'false',
    'aws:ViaAWSService': 'false',
    'aws:RequestedRegion': PARTITION_HOME_REGION[account.partition],
  };
  for (const [k, v] of Object.entries(role.tags)) ctx[`aws:PrincipalTag/${k}`] = v;
  return new RequestContext(ctx);
}

type Layers = { layers: IdentityLayers; missing: string[] };

function layersOf(role: IamRole, idx: IamIndex, account: AccountSnapshot): Layers {
  const missing: string[] = [];
  const identity: LabelledPolicy[] = [];
  for (const ref of role.attachedManagedPolicies) {
    const doc = idx.policyDocument(ref.arn);
    if (doc) identity.push({ label: `policy ${ref.arn}`, document: doc });
    else missing.push(ref.arn);
  }
  for (const p of role.inlinePolicies) identity.push({ label: `inline policy ${p.name}`, document: p.document });
  const layers: IdentityLayers = { identity };
  if (role.permissionsBoundaryArn) {
    const doc = idx.policyDocument(role.permissionsBoundaryArn);
    if (doc) layers.boundary = { label: `permissions boundary ${role.permissionsBoundaryArn}`, document: doc };
    else missing.push(`${role.permissionsBoundaryArn} (boundary)`);
  }
  const scps = scpLevelsOf(account);
  if (scps) layers.scpLevels = scps;
  return { layers, missing };
}

/** The console capability: every support-console action of the catalogue, judged as one. */
function consoleCapability(layers: IdentityLayers, ctx: RequestContext, openKey: (key: string) => boolean): ActionCapability {
  const actions = (actionCatalogue().services.get('support-console') ?? []).map((a) => a.action);
  const each = actions.map((a) => explainAction(layers, a, '*', ctx, openKey));
  const refused = each.filter((c) => !c.allowed);
  const blockers = [...new Set(refused.flatMap((c) => c.blockers))];
  if (refused.length > 0 && refused.length < each.length) blockers.unshift(`${refused.length} of ${each.length} console actions refused (${listForMessage(refused.map((c) => c.action), 3)})`);
  return {
    action: CONSOLE_CAPABILITY,
    allowed: refused.length === 0,
    blockers,
    mayBlock: uniqueRefs(each.flatMap((c) => c.mayBlock)),
    requires: [...new Set(each.flatMap((c) => c.requires))].sort(),
  };
}

function uniqueRefs(refs: StatementRef[]): StatementRef[] {
  const seen = new Map<string, StatementRef>();
  for (const r of refs) seen.set(`${r.policy}|${r.statement}`, r);
  return [...seen.values()];
}

/** `support:CreateCase, support:ResolveCase: denied by …; support-console:*: not allowed by …`, grouped by reason. */
function describeBlockers(refused: readonly ActionCapability[]): string {
  const byReason = new Map<string, string[]>();
  for (const c of refused) {
    const reason = c.blockers.join(' and ');
    byReason.set(reason, [...(byReason.get(reason) ?? []), c.action]);
  }
  return [...byReason].map(([reason, actions]) => `${listForMessage(actions, 3)}: ${reason}`).join('; ');
}

function evaluatedLayers(layers: IdentityLayers, account: AccountSnapshot): string {
  const parts = ['its identity policies'];
  if (layers.boundary) parts.push(layers.boundary.label);
  if (layers.scpLevels) {
    const count = new Set(layers.scpLevels.flatMap((l) => l.policies.map((p) => p.label))).size;
    parts.push(`${count} SCP(s) at ${layers.scpLevels.length} level(s) of the account's path`);
  }
  const text = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0]!;
  if (layers.scpLevels) return text;
  if (account.serviceControlPolicies?.status === 'ok') return `${text} (SCPs never restrict the organization's management account)`;
  return `${text} (SCPs not collected: scan --org --deep to include them)`;
}

function judgeRole(role: IamRole, idx: IamIndex, account: AccountSnapshot): CheckOutcome[] {
  const base = { resourceArn: role.arn, resourceType: 'AwsIamRole' };
  const { layers, missing } = layersOf(role, idx, account);
  if (missing.length > 0) {
    // Without every document the role's ability cannot be proved either way: never a PASS.
    return [{ ...base, status: 'INFO', messageId: 'unprovable', params: { role: role.name, policies: missing.join(', ') } }];
  }
  const ctx = sessionContext(role, account);
  const openKey = openKeyFor(account);
  const capabilities = [...CASE_ACTIONS.map((a) => explainAction(layers, a, '*', ctx, openKey)), consoleCapability(layers, ctx, openKey)];
  const refused = capabilities.filter((c) => !c.allowed);
  const allowed = capabilities.filter((c) => c.allowed);
  const evaluated = evaluatedLayers(layers, account);
  const details = { capabilities, evaluated };
  const fix = fixFor(role, refused);
  if (refused.some((c) => c.action === 'support:CreateCase')) {
    return [{ ...base, status: 'FAIL', messageId: 'cannot-open-case', severity: 'high', params: { role: role.name, blockers: describeBlockers(refused), fix }, details }];
  }
  if (refused.length > 0) {
    return [
      {
        ...base,
        status: 'FAIL',
        messageId: 'partial',
        severity: 'medium',
        params: { role: role.name, blockers: describeBlockers(refused), fix },
        details,
      },
    ];
  }
  const mayBlock = uniqueRefs(allowed.flatMap((c) => c.mayBlock));
  if (mayBlock.length > 0) {
    const affected = allowed.filter((c) => c.mayBlock.length > 0).map((c) => c.action);
    return [
      {
        ...base,
        status: 'INFO',
        messageId: 'may-be-blocked',
        params: { role: role.name, actions: listForMessage(affected, 3), denies: listForMessage(mayBlock.map(describeStatementRef), 3) },
        details,
      },
    ];
  }
  const requires = [...new Set(allowed.flatMap((c) => c.requires))].sort();
  return [
    {
      ...base,
      status: 'PASS',
      messageId: 'can-open-cases',
      params: {
        role: role.name,
        count: allowed.length,
        actions: allowed.map((c) => c.action).join(', '),
        evaluated,
        conditions: requires.length ? `, when ${requires.join(', ')} hold(s) as its allowing statements require` : '',
      },
      details,
    },
  ];
}

function fixFor(role: IamRole, refused: readonly ActionCapability[]): string {
  const steps = new Set<string>();
  for (const c of refused) {
    for (const b of c.blockers) {
      if (b.startsWith('not allowed by permissions boundary')) steps.add(`allow support:* and support-console:* in ${role.name}'s permissions boundary (or remove the boundary)`);
      else if (b.startsWith('denied by SCP')) steps.add(`exempt ${role.name} from the denying SCP statement (an ArnNotLike aws:PrincipalArn condition), or add support:* and support-console:* to its NotAction`);
      else if (b.startsWith('no SCP attached')) steps.add('allow support:* and support-console:* in an SCP at every level of the account path (FullAWSAccess does)');
      else if (b.startsWith('denied by')) steps.add(`remove the Deny on support actions from ${role.name}'s own policies`);
      else if (b.startsWith('no identity policy')) steps.add(`attach arn:aws:iam::aws:policy/AWSSupportAccess to ${role.name}`);
    }
  }
  return `${[...steps].map((s, i) => (i === 0 ? s[0]!.toUpperCase() + s.slice(1) : s)).join('; ')}. Then prove it live: supportguard drill --role-arn ${role.arn}.`;
}

/** The support role can actually open and work an AWS Support case. */
export const supportRoleCaseCapability: Check = {
  id: 'support-role-case-capability',
  title: 'The support role can actually open and work an AWS Support case',
  description:
    "AWSSupportAccess attached is what CIS asks; it helps nobody when a permissions boundary, an inline Deny or an SCP takes the support actions away again. This check evaluates, with supportguard's own policy engine, whether a session of each support role is allowed the actions a responder needs (support:CreateCase, DescribeCases, AddCommunicationToCase, DescribeCommunications, AddAttachmentsToSet, ResolveCase, DescribeSeverityLevels, DescribeServices, and support-console:* for the Support Center console): its identity policies within its permissions boundary and, when collected, the SCPs at every level of the account's path, minus explicit denies. It names what blocks each missing action; a Deny whose condition the snapshot cannot decide is reported as 'may block', never ignored.",
  severity: 'high',
  severityReason:
    'A support role that cannot open a case leaves responders with root or an administrator as the only way to reach AWS Support during an incident (high). One that can open cases but not reply, attach, close or use the console slows the incident down (medium).',
  references: [...QUALITY_REFERENCES.effectiveAccess],
  messages: {
    'can-open-cases': '{{role}} can open and work AWS Support cases: {{count}} capabilities proved ({{actions}}) by {{evaluated}}{{conditions}}.',
    'cannot-open-case': '{{role}} cannot open an AWS Support case: {{blockers}}.',
    partial: '{{role}} can open an AWS Support case, but not work it to the end: {{blockers}}.',
    'may-be-blocked': "{{role}} is allowed every case action, but {{actions}} may be blocked by a Deny whose condition the snapshot cannot decide: {{denies}}. Prove it live with supportguard drill.",
    unprovable: "{{role}}'s ability to open a case cannot be proved: the documents of {{policies}} are not in the snapshot.",
  },
  remediation: '{{fix}}',
  requires: { allOf: ['iam'], whenNotCollected: 'skip' },
  evaluate(account) {
    if (account.iam?.status !== 'ok') return [];
    const idx = iamIndex(account.iam.data);
    return judgedSupportRoles(account.iam.data).flatMap((role) => judgeRole(role, idx, account));
  },
};

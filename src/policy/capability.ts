import { statementsOf } from '../snapshot/policy-document.js';
import type { AccountSnapshot, PolicyDocument, PolicyStatement } from '../snapshot/model.js';
import { PolicyEvaluationError, type ConditionOptions } from './conditions.js';
import type { RequestContext } from './context.js';
import { statementApplies, type PolicyRequest } from './evaluate.js';

/** A policy document with the words that name it in a message: `inline policy deny-support`, `SCP deny-all (p-123)`. */
export interface LabelledPolicy {
  label: string;
  document: PolicyDocument;
}

/** The SCPs attached at one level of an account's path (the account, an OU, the root): one of them must allow. */
export interface ScpLevel {
  /** The target id: an account id, `ou-…` or `r-…`. */
  target: string;
  policies: LabelledPolicy[];
}

/**
 * Everything that decides what an identity may do in its own account (no resource-based policy involved):
 * its identity policies, its permissions boundary and the SCPs on its account's path, level by level.
 */
export interface IdentityLayers {
  identity: LabelledPolicy[];
  boundary?: LabelledPolicy;
  /** Absent: SCPs were not collected (or do not restrict the account); they are then not part of the proof. */
  scpLevels?: ScpLevel[];
}

/** One statement that decided something: `SCP deny-support (p-1) statement DenySupport`. */
export interface StatementRef {
  policy: string;
  /** The Sid, or `#<index>` when it has none. */
  statement: string;
  /** Condition keys the snapshot cannot know and that the statement tests (empty: it applies for sure). */
  unknownKeys: string[];
  condition?: PolicyStatement['Condition'];
}

/** Whether one action is allowed, what certainly blocks it, and what may. */
export interface ActionCapability {
  action: string;
  /** Allowed for sure, or allowed when `requires` hold; false when something certainly blocks it. */
  allowed: boolean;
  /** What certainly blocks it, one phrase each (explicit denies and layers that allow nothing). */
  blockers: string[];
  /** Denies whose conditions test keys the snapshot cannot know: they block the action when those conditions hold. */
  mayBlock: StatementRef[];
  /** Unknown condition keys that every allowing statement of some layer tests (the action is allowed only when they hold). */
  requires: string[];
}

/** The label of a statement in messages: its Sid, or its position. */
export function statementLabel(s: PolicyStatement, index: number): string {
  return s.Sid ? s.Sid : `#${index}`;
}

interface Applicable {
  ref: StatementRef;
  effect: 'Allow' | 'Deny';
}

/**
 * The statements of the policies that apply to the request, each with the unknown keys it had to assume.
 * Unknown keys (`openKey`) are assumed to hold, so a Deny on them is "may block" and an Allow on them "allowed when".
 */
function applicable(policies: readonly LabelledPolicy[], req: PolicyRequest, openKey: (key: string) => boolean): Applicable[] {
  const out: Applicable[] = [];
  for (const p of policies) {
    const variables = p.document.Version === '2012-10-17';
    statementsOf(p.document).forEach((s, i) => {
      const effect = String(s.Effect);
      if (effect !== 'Allow' && effect !== 'Deny') throw new PolicyEvaluationError(`${p.label}: statement Effect must be Allow or Deny, not "${effect}"`);
      const assumed = new Set<string>();
      const opts: ConditionOptions = { openKey, assumed };
      if (!statementApplies(s, req, 'identity', opts, variables)) return;
      const ref: StatementRef = { policy: p.label, statement: statementLabel(s, i), unknownKeys: [...assumed].sort() };
      if (s.Condition) ref.condition = s.Condition;
      out.push({ ref, effect });
    });
  }
  return out;
}

/** The allow side of one layer: allowed for sure, only under unknown conditions, or not at all. */
function allowOf(statements: readonly Applicable[]): { kind: 'allow' } | { kind: 'conditional'; keys: string[] } | { kind: 'none' } {
  const allows = statements.filter((a) => a.effect === 'Allow');
  if (allows.length === 0) return { kind: 'none' };
  if (allows.some((a) => a.ref.unknownKeys.length === 0)) return { kind: 'allow' };
  return { kind: 'conditional', keys: [...new Set(allows.flatMap((a) => a.ref.unknownKeys))].sort() };
}

/**
 * Decides one action for an identity, as AWS evaluates a request in the identity's own account, and says why:
 * an explicit Deny in any layer blocks; otherwise the identity policies, the boundary (when there is one) and,
 * at every level of the account's path, one of the SCPs attached there must allow. Condition keys for which
 * `openKey` is true are unknown to the snapshot: a Deny testing them "may block" (it is reported, never
 * ignored), an Allow testing them allows "when" they hold.
 */
export function explainAction(layers: IdentityLayers, action: string, resource: string, context: RequestContext, openKey: (key: string) => boolean): ActionCapability {
  const req: PolicyRequest = { action, resource, context };
  const result: ActionCapability = { action, allowed: true, blockers: [], mayBlock: [], requires: [] };
  const requires = new Set<string>();
  const consider = (statements: Applicable[], notAllowed: string) => {
    for (const d of statements.filter((a) => a.effect === 'Deny')) {
      if (d.ref.unknownKeys.length === 0) result.blockers.push(`denied by ${d.ref.policy} statement ${d.ref.statement}`);
      else result.mayBlock.push(d.ref);
    }
    const allow = allowOf(statements);
    if (allow.kind === 'none') result.blockers.push(notAllowed);
    else if (allow.kind === 'conditional') for (const k of allow.keys) requires.add(k);
  };
  consider(applicable(layers.identity, req, openKey), layers.identity.length === 0 ? 'no identity policy is attached' : 'no identity policy allows it');
  if (layers.boundary) consider(applicable([layers.boundary], req, openKey), `not allowed by ${layers.boundary.label}`);
  for (const level of layers.scpLevels ?? []) {
    const names = level.policies.map((p) => p.label).join(', ');
    consider(applicable(level.policies, req, openKey), `no SCP attached to ${level.target} allows it (${names || 'none attached'})`);
  }
  result.allowed = result.blockers.length === 0;
  result.requires = [...requires].sort();
  return result;
}

/** `when {"Bool":{"aws:MultiFactorAuthPresent":"false"}}`: a conditional statement in one line. */
export function describeStatementRef(ref: StatementRef): string {
  const when = ref.condition ? ` when ${JSON.stringify(ref.condition)}` : '';
  return `${ref.policy} statement ${ref.statement}${when}`;
}

/** SCPs of the account by the level they are attached to; undefined when not collected or not restricting. */
export function scpLevelsOf(account: AccountSnapshot): ScpLevel[] | undefined {
  if (account.serviceControlPolicies?.status !== 'ok') return undefined;
  // SCPs never restrict the organization's management account.
  if (account.knownAccounts?.managementAccountId === account.accountId) return undefined;
  const levels = new Map<string, LabelledPolicy[]>();
  for (const p of account.serviceControlPolicies.data) {
    const labelled = { label: `SCP ${p.name} (${p.id})`, document: p.document };
    const targets = p.targets.length > 0 ? p.targets : ['the account path'];
    for (const t of targets) {
      const list = levels.get(t) ?? [];
      list.push(labelled);
      levels.set(t, list);
    }
  }
  return [...levels].map(([target, policies]) => ({ target, policies }));
}

import { asList, statementsOf } from '../snapshot/policy-document.js';
import type { PolicyDocument, PolicyStatement } from '../snapshot/model.js';
import { conditionsHold, PolicyEvaluationError, type ConditionOptions } from './conditions.js';
import type { RequestContext } from './context.js';
import { matchesAction, matchesResource } from './wildcard.js';

/** Who makes a request, as a resource-based policy (a trust policy) sees it. */
export type RequestPrincipal =
  | { kind: 'user' | 'role'; arn: string; accountId: string; uniqueId?: string }
  | { kind: 'root'; accountId: string; arn: string }
  | { kind: 'service'; service: string }
  | { kind: 'federated'; provider: string }
  | { kind: 'anonymous' };

/** One request: an action on a resource, by a principal, with a context. */
export interface PolicyRequest {
  action: string;
  resource: string;
  context: RequestContext;
  /** Needed only when resource-based policies (with a Principal element) are evaluated. */
  principal?: RequestPrincipal;
}

/** The outcome of evaluating a set of policies: explicit deny wins over allow; no statement is an implicit deny. */
export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

function principalValueMatches(key: string, value: string, who: RequestPrincipal): boolean {
  if (key === 'AWS') {
    // `AWS` names IAM identities and accounts only; services, web identities and anonymous callers never match it.
    if (who.kind === 'anonymous' || who.kind === 'service' || who.kind === 'federated') return false;
    if (value === '*') return true;
    // An account id or an account root ARN names every principal of that account (the account delegates).
    const rootMatch = value.match(/^(?:arn:[^:]+:iam::)?(\d{12})(?::root)?$/);
    if (rootMatch) return rootMatch[1] === who.accountId;
    if (who.kind === 'root') return false;
    return value === who.arn || (who.uniqueId !== undefined && value === who.uniqueId);
  }
  if (key === 'Service') return who.kind === 'service' && value.toLowerCase() === who.service.toLowerCase();
  if (key === 'Federated') return who.kind === 'federated' && value === who.provider;
  return false;
}

/** True when a Principal (or NotPrincipal) element names the requester. */
export function principalMatches(element: PolicyStatement['Principal'], who: RequestPrincipal): boolean {
  if (element === undefined) return false;
  if (element === '*') return true;
  for (const [key, values] of Object.entries(element)) {
    for (const v of asList(values)) if (principalValueMatches(key, String(v), who)) return true;
  }
  return false;
}

function actionApplies(s: PolicyStatement, action: string): boolean {
  if (s.Action !== undefined) return asList(s.Action).some((p) => matchesAction(String(p), action));
  if (s.NotAction !== undefined) return !asList(s.NotAction).some((p) => matchesAction(String(p), action));
  throw new PolicyEvaluationError(`statement ${s.Sid ?? ''} has neither Action nor NotAction`.replace('  ', ' '));
}

function resourceApplies(s: PolicyStatement, resource: string, requireResource: boolean): boolean {
  if (s.Resource !== undefined) return asList(s.Resource).some((p) => matchesResource(String(p), resource));
  if (s.NotResource !== undefined) return !asList(s.NotResource).some((p) => matchesResource(String(p), resource));
  // Trust policies and other resource-based policies may omit Resource: it is the resource they are attached to.
  if (requireResource) throw new PolicyEvaluationError(`statement ${s.Sid ?? ''} has neither Resource nor NotResource`.replace('  ', ' '));
  return true;
}

/** How statements are read: identity-based (Resource required, Principal ignored) or resource-based (Principal required). */
export type PolicyKind = 'identity' | 'resource';

/** True when one statement applies to the request (action, resource, principal, conditions). Effect is not considered. */
export function statementApplies(s: PolicyStatement, req: PolicyRequest, kind: PolicyKind, opts: ConditionOptions = {}): boolean {
  if (!actionApplies(s, req.action)) return false;
  if (!resourceApplies(s, req.resource, kind === 'identity')) return false;
  if (kind === 'resource') {
    if (!req.principal) throw new PolicyEvaluationError('a resource-based policy needs the requesting principal');
    if (s.Principal !== undefined) {
      if (!principalMatches(s.Principal, req.principal)) return false;
    } else if (s.NotPrincipal !== undefined) {
      if (principalMatches(s.NotPrincipal, req.principal)) return false;
    } else {
      throw new PolicyEvaluationError(`statement ${s.Sid ?? ''} of a resource-based policy has neither Principal nor NotPrincipal`.replace('  ', ' '));
    }
  }
  return conditionsHold(s.Condition, req.context, opts);
}

/**
 * Evaluates policies of one kind for one request: an applicable Deny wins, else an applicable Allow allows,
 * else the request is implicitly denied.
 */
export function evaluatePolicies(docs: readonly (PolicyDocument | null | undefined)[], req: PolicyRequest, kind: PolicyKind = 'identity', opts: ConditionOptions = {}): Decision {
  let allowed = false;
  for (const doc of docs) {
    for (const s of statementsOf(doc)) {
      const effect = String(s.Effect);
      if (effect !== 'Allow' && effect !== 'Deny') throw new PolicyEvaluationError(`statement Effect must be Allow or Deny, not "${effect}"`);
      if (effect === 'Allow' && allowed) continue;
      if (statementApplies(s, req, kind, opts)) {
        if (effect === 'Deny') return 'explicit-deny';
        allowed = true;
      }
    }
  }
  return allowed ? 'allow' : 'implicit-deny';
}

/** The statements of the documents that apply to the request with the given effect. */
export function applicableStatements(docs: readonly (PolicyDocument | null | undefined)[], req: PolicyRequest, kind: PolicyKind, effect: 'Allow' | 'Deny', opts: ConditionOptions = {}): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  for (const doc of docs) for (const s of statementsOf(doc)) if (s.Effect === effect && statementApplies(s, req, kind, opts)) out.push(s);
  return out;
}

/** The full decision for an identity in its own account: identity policies, then boundary and SCPs may only narrow. */
export interface IdentityEvaluation {
  identity: readonly (PolicyDocument | null | undefined)[];
  /** The permissions boundary document, when the identity has one. */
  boundary?: PolicyDocument | null;
  /** SCPs that apply (they do not apply to the management account; the caller omits them then). */
  scps?: readonly PolicyDocument[];
}

/**
 * Identity-side decision, as AWS documents it: an explicit deny anywhere (SCP, boundary, identity) wins;
 * then SCPs, the boundary (if any) and the identity policies must each allow.
 */
export function evaluateIdentity(e: IdentityEvaluation, req: PolicyRequest, opts: ConditionOptions = {}): Decision {
  const scp = e.scps ? evaluatePolicies(e.scps, req, 'identity', opts) : 'allow';
  const boundary = e.boundary ? evaluatePolicies([e.boundary], req, 'identity', opts) : 'allow';
  const identity = evaluatePolicies(e.identity, req, 'identity', opts);
  if (scp === 'explicit-deny' || boundary === 'explicit-deny' || identity === 'explicit-deny') return 'explicit-deny';
  if (scp !== 'allow' || boundary !== 'allow' || identity !== 'allow') return 'implicit-deny';
  return 'allow';
}

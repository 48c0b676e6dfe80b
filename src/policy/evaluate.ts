import { asList, statementsOf } from '../snapshot/policy-document.js';
import type { PolicyDocument, PolicyStatement } from '../snapshot/model.js';
import { conditionsHold, PolicyEvaluationError, type ConditionOptions } from './conditions.js';
import type { RequestContext } from './context.js';
import { substituteVariables } from './variables.js';
import { matchesAction, matchesResource, matchesWildcard } from './wildcard.js';

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

function resourceApplies(s: PolicyStatement, req: PolicyRequest, requireResource: boolean, variables: boolean): boolean {
  // A pattern whose variable the request cannot fill matches nothing.
  const patterns = (list: unknown) => asList(list as string | string[]).map((p) => (variables ? substituteVariables(String(p), req.context) : String(p))).filter((p): p is string => p !== undefined);
  if (s.Resource !== undefined) return patterns(s.Resource).some((p) => matchesResource(p, req.resource));
  if (s.NotResource !== undefined) {
    for (const raw of asList(s.NotResource as string | string[]).map(String)) {
      const p = variables ? substituteVariables(raw, req.context) : raw;
      if (p !== undefined) {
        if (matchesResource(p, req.resource)) return false;
      } else if (arnFieldsMatch(raw, req.resource)) {
        // An exclusion that names this kind of resource but cannot be resolved leaves the statement undecidable:
        // it does not apply (iam-simulate, our oracle, agrees; AWS: "the entire statement may be invalid").
        return false;
      }
    }
    return true;
  }
  // Trust policies and other resource-based policies may omit Resource: it is the resource they are attached to.
  if (requireResource) throw new PolicyEvaluationError(`statement ${s.Sid ?? ''} has neither Resource nor NotResource`.replace('  ', ' '));
  return true;
}

/** Partition, service, region and account of an ARN pattern match the resource's (the resource part aside). */
function arnFieldsMatch(pattern: string, resource: string): boolean {
  const p = pattern.split(':');
  const r = resource.split(':');
  if (p.length < 6 || r.length < 6) return false;
  for (let i = 0; i < 5; i++) if (!matchesWildcard(p[i]!, r[i]!)) return false;
  return true;
}

/** How statements are read: identity-based (Resource required, Principal ignored) or resource-based (Principal required). */
export type PolicyKind = 'identity' | 'resource';

/** True when one statement applies to the request (action, resource, principal, conditions). Effect is not considered. */
export function statementApplies(s: PolicyStatement, req: PolicyRequest, kind: PolicyKind, opts: ConditionOptions = {}, variables = true): boolean {
  if (!actionApplies(s, req.action)) return false;
  if (!resourceApplies(s, req, kind === 'identity', variables)) return false;
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
  return conditionsHold(s.Condition, req.context, opts, variables);
}

/**
 * Evaluates policies of one kind for one request: an applicable Deny wins, else an applicable Allow allows,
 * else the request is implicitly denied.
 */
export function evaluatePolicies(docs: readonly (PolicyDocument | null | undefined)[], req: PolicyRequest, kind: PolicyKind = 'identity', opts: ConditionOptions = {}): Decision {
  let allowed = false;
  for (const doc of docs) {
    // Policy variables exist only in Version 2012-10-17; older (or missing) versions read `${…}` literally.
    const variables = doc?.Version === '2012-10-17';
    for (const s of statementsOf(doc)) {
      const effect = String(s.Effect);
      if (effect !== 'Allow' && effect !== 'Deny') throw new PolicyEvaluationError(`statement Effect must be Allow or Deny, not "${effect}"`);
      if (effect === 'Allow' && allowed) continue;
      if (statementApplies(s, req, kind, opts, variables)) {
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
  for (const doc of docs) for (const s of statementsOf(doc)) if (s.Effect === effect && statementApplies(s, req, kind, opts, doc?.Version === '2012-10-17')) out.push(s);
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

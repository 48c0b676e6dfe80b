import { asList, statementsOf } from '../snapshot/policy-document.js';
import type { Partition, PolicyDocument, PolicyStatement } from '../snapshot/model.js';
import { isForeign, isIamPrincipal, type RemediationSpec, type TrustedPrincipal } from './spec.js';

/**
 * One statement of the trust policy: principals that share the same conditions.
 * Renderers (Terraform, CloudFormation) turn each group's principals into a variable/parameter.
 */
export interface TrustGroup {
  /** Stable id, used for variable and parameter names: `mfa`, `mfa_external_id`, `no_mfa`, `no_mfa_external_id`, `saml`. */
  id: 'mfa' | 'mfa_external_id' | 'no_mfa' | 'no_mfa_external_id' | 'saml';
  sid: string;
  principalType: 'AWS' | 'Federated';
  action: 'sts:AssumeRole' | 'sts:AssumeRoleWithSAML';
  principals: string[];
  /** IAM condition block: operator → key → value(s). */
  condition: Record<string, Record<string, string | string[]>>;
}

const SID: Record<TrustGroup['id'], string> = {
  mfa: 'IamPrincipalsWithMfa',
  mfa_external_id: 'IamPrincipalsWithMfaAndExternalId',
  no_mfa: 'PrincipalsWithoutMfaCondition',
  no_mfa_external_id: 'PrincipalsWithExternalId',
  saml: 'SamlFederation',
};
const ORDER: TrustGroup['id'][] = ['mfa', 'mfa_external_id', 'no_mfa', 'no_mfa_external_id', 'saml'];

/** The SAML audience AWS sign-in sends, per partition (GovCloud and China have their own sign-in hosts). */
export function samlAudience(partition: Partition): string {
  if (partition === 'aws-us-gov') return 'https://signin.amazonaws-us-gov.com/saml';
  if (partition === 'aws-cn') return 'https://signin.amazonaws.cn/saml';
  return 'https://signin.aws.amazon.com/saml';
}

function groupOf(p: TrustedPrincipal, spec: RemediationSpec): TrustGroup['id'] {
  if (p.kind === 'saml-provider') return 'saml';
  // Without a known account (templates for many accounts) every AWS principal is asked for the external id.
  const ext = !!spec.externalId && (spec.accountId === undefined || isForeign(p, spec.accountId));
  const mfa = spec.requireMfa && isIamPrincipal(p);
  if (mfa) return ext ? 'mfa_external_id' : 'mfa';
  return ext ? 'no_mfa_external_id' : 'no_mfa';
}

/** Groups the trusted principals into trust statements, in a fixed order (deterministic output). */
export function trustGroups(spec: RemediationSpec): TrustGroup[] {
  const by = new Map<TrustGroup['id'], string[]>();
  for (const p of spec.trustedPrincipals) {
    const id = groupOf(p, spec);
    by.set(id, [...(by.get(id) ?? []), p.arn]);
  }
  const groups: TrustGroup[] = [];
  for (const id of ORDER) {
    const principals = by.get(id);
    if (!principals) continue;
    const condition: TrustGroup['condition'] = {};
    if (id === 'mfa' || id === 'mfa_external_id') condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
    if (id === 'mfa_external_id' || id === 'no_mfa_external_id') condition.StringEquals = { 'sts:ExternalId': spec.externalId! };
    if (id === 'saml') condition.StringEquals = { 'SAML:aud': samlAudience(spec.partition) };
    groups.push({
      id,
      sid: SID[id],
      principalType: id === 'saml' ? 'Federated' : 'AWS',
      action: id === 'saml' ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRole',
      principals: [...principals].sort(),
      condition,
    });
  }
  return groups;
}

/** The trust policy (AssumeRolePolicyDocument) the spec asks for. */
export function buildTrustPolicy(spec: RemediationSpec): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: trustGroups(spec).map((g) => {
      const s: PolicyStatement = {
        Sid: g.sid,
        Effect: 'Allow',
        Principal: { [g.principalType]: g.principals.length === 1 ? g.principals[0]! : g.principals },
        Action: g.action,
      };
      if (Object.keys(g.condition).length > 0) s.Condition = g.condition;
      return s;
    }),
  };
}

/** One (principal, action, conditions) triple a trust policy allows. */
interface Grant {
  principalType: string;
  principal: string;
  action: string;
  /** `operator|lower-case key` → values. */
  conditions: Map<string, Set<string>>;
}

type Grants = { comparable: true; grants: Grant[] } | { comparable: false; reason: string };

function grantsOf(doc: PolicyDocument): Grants {
  const grants: Grant[] = [];
  for (const s of statementsOf(doc)) {
    // A Deny, NotPrincipal or NotAction cannot be compared grant by grant; dropping or changing one may widen.
    if (s.Effect !== 'Allow') return { comparable: false, reason: 'it has a Deny statement' };
    if (s.NotPrincipal || s.NotAction) return { comparable: false, reason: 'it uses NotPrincipal or NotAction' };
    const conditions = new Map<string, Set<string>>();
    for (const [op, kv] of Object.entries(s.Condition ?? {})) {
      for (const [key, value] of Object.entries(kv ?? {})) {
        conditions.set(`${op}|${key.toLowerCase()}`, new Set(asList(value as unknown).map((x) => String(x))));
      }
    }
    const principals: [string, string][] =
      s.Principal === '*' ? [['AWS', '*']] : Object.entries(s.Principal ?? {}).flatMap(([t, v]) => asList(v).map((p): [string, string] => [t, p]));
    for (const [principalType, principal] of principals) {
      for (const action of asList(s.Action)) grants.push({ principalType, principal, action, conditions });
    }
  }
  return { comparable: true, grants };
}

function globMatches(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(value);
}

function accountOfPrincipal(p: string): string | undefined {
  if (/^\d{12}$/.test(p)) return p;
  const m = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(p);
  return m?.[1];
}

function principalCovers(wide: Grant, narrow: Grant): boolean {
  if (wide.principalType !== narrow.principalType) return wide.principalType === 'AWS' && wide.principal === '*' && narrow.principalType === 'AWS';
  if (wide.principal === '*' || wide.principal === narrow.principal) return true;
  // Trusting an account (its root, or the bare id) lets that account's IAM decide: every principal in it is narrower.
  if (wide.principalType === 'AWS' && (/^\d{12}$/.test(wide.principal) || wide.principal.endsWith(':root'))) {
    return accountOfPrincipal(wide.principal) !== undefined && accountOfPrincipal(wide.principal) === accountOfPrincipal(narrow.principal);
  }
  return false;
}

function grantCovers(wide: Grant, narrow: Grant): boolean {
  if (!principalCovers(wide, narrow) || !globMatches(wide.action, narrow.action)) return false;
  // Every condition of the wider grant must hold in the narrower one, with no value it does not allow.
  for (const [key, values] of wide.conditions) {
    const n = narrow.conditions.get(key);
    if (!n) return false;
    for (const v of n) if (!values.has(v)) return false;
  }
  return true;
}

/** The result of comparing a desired trust policy with the existing one. */
export type TrustComparison =
  | { relation: 'same' }
  | { relation: 'narrower' }
  | { relation: 'wider-or-unknown'; reason: string };

/**
 * Compares the desired trust policy with the existing one. Narrowing (every desired grant is
 * already allowed by the existing policy, with at least its conditions) may be applied; anything
 * else might let someone new in, so callers refuse it unless told otherwise.
 */
export function compareTrust(existing: PolicyDocument, desired: PolicyDocument): TrustComparison {
  const old = grantsOf(existing);
  const neu = grantsOf(desired);
  if (!old.comparable) return { relation: 'wider-or-unknown', reason: `the existing trust policy cannot be compared safely (${old.reason})` };
  if (!neu.comparable) return { relation: 'wider-or-unknown', reason: `the desired trust policy cannot be compared safely (${neu.reason})` };
  const uncovered = neu.grants.filter((n) => !old.grants.some((o) => grantCovers(o, n)));
  if (uncovered.length > 0) {
    const u = uncovered[0]!;
    return { relation: 'wider-or-unknown', reason: `it would let ${u.principal} ${u.action} under conditions the existing trust policy does not allow` };
  }
  const same = old.grants.every((o) => neu.grants.some((n) => grantCovers(n, o)));
  return same ? { relation: 'same' } : { relation: 'narrower' };
}

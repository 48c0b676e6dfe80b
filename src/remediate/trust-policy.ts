import { assumeRoleDecision } from '../policy/assume.js';
import { RequestContext } from '../policy/context.js';
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

/** A bare account id and its root ARN are the same principal. */
function principalKey(g: Grant, partition: string): string {
  return `${g.principalType}|${/^\d{12}$/.test(g.principal) ? `arn:${partition}:iam::${g.principal}:root` : g.principal}`;
}

function grantEquals(a: Grant, b: Grant, partition: string): boolean {
  if (principalKey(a, partition) !== principalKey(b, partition) || a.action.toLowerCase() !== b.action.toLowerCase() || a.conditions.size !== b.conditions.size) return false;
  for (const [key, values] of a.conditions) {
    const other = b.conditions.get(key);
    if (!other || other.size !== values.size || [...values].some((v) => !other.has(v))) return false;
  }
  return true;
}

/** For principals the AssumeRole evaluator does not take (SAML providers): the same principal, with at least the old conditions. */
function federatedGrantCovered(wide: Grant, narrow: Grant): boolean {
  if (wide.principalType !== narrow.principalType || (wide.principal !== '*' && wide.principal !== narrow.principal) || !globMatches(wide.action, narrow.action)) return false;
  for (const [key, values] of wide.conditions) {
    const n = narrow.conditions.get(key);
    if (!n) return false;
    for (const v of n) if (!values.has(v)) return false;
  }
  return true;
}

/** An identity policy that allows sts:AssumeRole on anything: the caller whose own side says yes. */
const IDENTITY_ALLOWS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
const PROBE_EXTERNAL_ID = 'supportguard-probe-other-external-id';

interface Probe {
  kind: 'user' | 'role';
  arn: string;
  accountId: string;
}

/** The callers a trust grant can admit: the user or role it names, or a user and a role of the account it names. */
function probesOf(principal: string, partition: string): Probe[] {
  const account = /^\d{12}$/.test(principal) ? principal : /^arn:[^:]+:iam::(\d{12}):root$/.exec(principal)?.[1];
  if (account) {
    return [
      { kind: 'user', arn: `arn:${partition}:iam::${account}:user/supportguard-probe`, accountId: account },
      { kind: 'role', arn: `arn:${partition}:iam::${account}:role/supportguard-probe`, accountId: account },
    ];
  }
  const m = /^arn:[^:]+:iam::(\d{12}):(user|role)\//.exec(principal);
  return m ? [{ kind: m[2] as 'user' | 'role', arn: principal, accountId: m[1]! }] : [];
}

/**
 * Someone the desired trust policy lets assume the role where the existing one does not, or undefined.
 *
 * Decided by the AssumeRole evaluator (src/policy/assume.ts), not by the shape of the principals: a trust naming a
 * role of the same account lets it in with no identity policy at all, while one naming the account root only
 * delegates to the account's IAM, so replacing root with that role widens for a caller whose policies never allowed
 * sts:AssumeRole. Each caller the desired policy names (or a user and a role of an account it names) is tried with
 * and without an identity allow, with MFA true, false and absent, and with the desired ExternalId, none or another.
 */
function wideningBy(existing: PolicyDocument, desired: PolicyDocument, principals: string[], roleArn: string, externalIds: (string | undefined)[]): string | undefined {
  const partition = roleArn.split(':')[1] ?? 'aws';
  for (const principal of principals) {
    for (const probe of probesOf(principal, partition)) {
      for (const [identity, withIdentity] of [[[], false], [[IDENTITY_ALLOWS], true]] as const) {
        for (const mfa of ['true', 'false', undefined]) {
          for (const externalId of externalIds) {
            const context = new RequestContext({
              'aws:PrincipalArn': probe.arn,
              'aws:PrincipalAccount': probe.accountId,
              'aws:PrincipalType': probe.kind === 'user' ? 'User' : 'AssumedRole',
              'aws:MultiFactorAuthPresent': mfa,
              'sts:ExternalId': externalId,
            });
            const input = { roleArn, principal: probe, identity, context };
            if (!assumeRoleDecision({ ...input, trust: desired }).allowed || assumeRoleDecision({ ...input, trust: existing }).allowed) continue;
            const how = [withIdentity ? 'with an identity policy allowing sts:AssumeRole' : 'without any identity policy of its own', mfa === 'true' ? 'with MFA' : 'without MFA', externalId === undefined ? '' : externalId === PROBE_EXTERNAL_ID ? 'with an ExternalId of its choosing' : `with ExternalId ${externalId}`];
            return `it would let ${probe.kind} ${probe.arn} assume the role ${how.filter(Boolean).join(', ')}, which the existing trust policy does not allow`;
          }
        }
      }
    }
  }
  return undefined;
}

/** The result of comparing a desired trust policy with the existing one. */
export type TrustComparison =
  | { relation: 'same' }
  | { relation: 'narrower' }
  | { relation: 'wider-or-unknown'; reason: string };

/**
 * Compares the desired trust policy of `roleArn` with the existing one. Narrowing (nobody the desired policy lets
 * assume the role was refused by the existing one, judged by the AssumeRole evaluator) may be applied; anything
 * else might let someone new in, so callers refuse it unless told otherwise. A Deny, NotPrincipal or NotAction in
 * either policy is not compared at all.
 */
export function compareTrust(existing: PolicyDocument, desired: PolicyDocument, roleArn: string): TrustComparison {
  const old = grantsOf(existing);
  const neu = grantsOf(desired);
  if (!old.comparable) return { relation: 'wider-or-unknown', reason: `the existing trust policy cannot be compared safely (${old.reason})` };
  if (!neu.comparable) return { relation: 'wider-or-unknown', reason: `the desired trust policy cannot be compared safely (${neu.reason})` };
  const partition = roleArn.split(':')[1] ?? 'aws';
  if (neu.grants.every((n) => old.grants.some((o) => grantEquals(o, n, partition))) && old.grants.every((o) => neu.grants.some((n) => grantEquals(n, o, partition)))) {
    return { relation: 'same' };
  }
  const federated = neu.grants.find((n) => n.principalType !== 'AWS' && !old.grants.some((o) => federatedGrantCovered(o, n)));
  if (federated) return { relation: 'wider-or-unknown', reason: `it would let ${federated.principal} ${federated.action} under conditions the existing trust policy does not allow` };
  const aws = neu.grants.filter((n) => n.principalType === 'AWS');
  const externalIds = [...new Set(aws.flatMap((g) => [...(g.conditions.get('StringEquals|sts:externalid') ?? [])]))];
  const widening = wideningBy(existing, desired, [...new Set(aws.map((g) => g.principal))], roleArn, [...externalIds, undefined, PROBE_EXTERNAL_ID]);
  return widening ? { relation: 'wider-or-unknown', reason: widening } : { relation: 'narrower' };
}

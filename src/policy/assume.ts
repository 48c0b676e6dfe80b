import type { AccountSnapshot, IamRole, IamUser, PolicyDocument, PolicyStatement } from '../snapshot/model.js';
import { statementsOf } from '../snapshot/policy-document.js';
import { matchesAction } from './wildcard.js';
import { accountIdOf, isServiceLinkedRolePath } from '../snapshot/arn.js';
import { conditionKeys, testCondition, type ConditionOptions } from './conditions.js';
import { RequestContext } from './context.js';
import { evaluatePolicies, type Decision, type PolicyRequest, type RequestPrincipal } from './evaluate.js';
import { documentsKey, iamIndex, type DocumentTest, type IdentityPolicies } from './iam-index.js';
import { describePrincipal, principalsOf, type AccountScope, type PrincipalRef } from './principals.js';
import { accountScope, effectiveScps } from './scope.js';
import { admitsStranger, admitsWithoutExternalIdSecret, admitsWithoutMfa, conditionsSatisfiable, isPrincipalKey, serviceMeetsConditions, trustStatements, WITHOUT_MFA } from './trust.js';
import { EXTERNAL_ID_PROBES, isMfaKey, protectiveKeys } from './vacuity.js';

/** One principal that can assume the role, and what it must bring. */
export interface Assumer {
  /** `user arn:…`, `role arn:…`, `account 222222222222 (foreign)`, `federated: Okta`, `service ec2.amazonaws.com`. */
  principal: string;
  /**
   * The principal's ARN when it has one: the user or role, `arn:…:iam::<account>:root` for an account, the SAML or
   * OIDC provider (the raw Federated value); absent for services and the wildcard. Approved-responder patterns match it.
   */
  arn?: string;
  /** In this snapshot (its own policies were evaluated) or outside it (only the trust policy was). */
  scope: 'snapshot' | 'external';
  /**
   * `responder`: a person's way in (a user or role of the snapshot, another account, SAML/OIDC federation, a wildcard
   * its conditions limit); `service`: an AWS service principal (workloads, not people); `anyone`: a wildcard that
   * a caller from an unknown account can use.
   */
  who: 'responder' | 'service' | 'anyone';
  requiresMfa: boolean;
  requiresExternalId: boolean;
  /**
   * Other condition keys the trust or identity policies test that the snapshot cannot know (e.g. aws:SourceIp);
   * keys whose every test any request meets (`IpAddress 0.0.0.0/0`) are no condition and are left out.
   */
  otherConditions: string[];
}

/** Who can assume a role, and why nobody can when that is the answer. */
export interface AssumeAnalysis {
  assumers: Assumer[];
  /** Principals of the snapshot the trust policy admits but whose own policies (identity, boundary, SCP) do not allow it. */
  blocked: { principal: string; reason: string }[];
  /** The trust policy names this account (root) or a wildcard: every user and role here was considered. */
  delegatedToAccount: boolean;
  /**
   * How many there are in all. With `maxListed`, `assumers` and `blocked` hold at most that many principals of the
   * snapshot (outside principals are always listed): a thousand support roles trusting "*" each admit every other,
   * and listing them all made details grow with the square of the number of roles.
   */
  counts: { assumers: number; blocked: number };
}

/** Options of principalsWhoCanAssume. */
export interface AssumeOptions {
  /** List at most this many principals of the snapshot in `assumers` and in `blocked` (all are counted). Default: all. */
  maxListed?: number;
}

const MFA = 'aws:MultiFactorAuthPresent';
const MFA_AGE = 'aws:MultiFactorAuthAge';
const EXTERNAL_ID = 'sts:ExternalId';

function externalIdCandidate(trust: PolicyDocument | null): string | undefined {
  for (const s of statementsOf(trust)) {
    for (const block of Object.values(s.Condition ?? {})) {
      for (const [key, values] of Object.entries(block ?? {})) {
        if (key.toLowerCase() === EXTERNAL_ID.toLowerCase()) {
          const v = Array.isArray(values) ? values[0] : values;
          if (v !== undefined) return String(v);
        }
      }
    }
  }
  return undefined;
}

interface Candidate {
  entity: IamUser | IamRole;
  kind: 'user' | 'role';
}

function baseContext(c: Candidate, account: AccountSnapshot, scope: AccountScope): Record<string, string | string[] | undefined> {
  const ctx: Record<string, string | string[] | undefined> = {
    'aws:PrincipalArn': c.entity.arn,
    'aws:PrincipalAccount': account.accountId,
    'aws:PrincipalType': c.kind === 'user' ? 'User' : 'AssumedRole',
    'aws:userid': c.kind === 'user' ? c.entity.id : `${c.entity.id}:session`,
    'aws:username': c.kind === 'user' ? c.entity.name : undefined,
    'aws:PrincipalOrgID': scope.organizationId,
    'aws:SecureTransport': 'true',
    'aws:PrincipalIsAWSService': 'false',
    'aws:ViaAWSService': 'false',
  };
  for (const [k, v] of Object.entries(c.entity.tags)) ctx[`aws:PrincipalTag/${k}`] = v;
  return ctx;
}

/**
 * Who can assume `role`: principals of the snapshot (their identity policies, permissions boundary and the
 * account's SCPs evaluated with the trust policy) and principals outside it that the trust policy admits.
 *
 * Same-account rules as AWS documents them: a trust policy that names a user's ARN is enough on its own; one that
 * names a role's ARN is still limited by that role's permissions boundary; one that names the account
 * (root) delegates to the account, so the identity policy must allow sts:AssumeRole too. Cross-account callers
 * always need both sides. Condition keys the snapshot cannot know (source IP, time) are assumed satisfiable and
 * listed; MFA and ExternalId are tried both ways to say whether they are required.
 */
export function principalsWhoCanAssume(role: IamRole, account: AccountSnapshot, o: AssumeOptions = {}): AssumeAnalysis {
  const result: AssumeAnalysis = { assumers: [], blocked: [], delegatedToAccount: false, counts: { assumers: 0, blocked: 0 } };
  const maxListed = o.maxListed ?? Infinity;
  let listedAssumers = 0;
  if (account.iam?.status !== 'ok' || !role.trustPolicy) return result;
  const scope = accountScope(account);
  const idx = iamIndex(account.iam.data);
  const scps = effectiveScps(account);
  const statements = trustStatements(role.trustPolicy, scope);
  const trustDocs = [role.trustPolicy];
  const externalId = externalIdCandidate(role.trustPolicy);

  // Candidates from the snapshot: everyone when the trust names the account or a wildcard, else only those named.
  const named = new Set(statements.flatMap((t) => t.principals.flatMap((p) => ('arn' in p ? [p.arn] : []))));
  // A Deny of the trust that names a principal makes its answer its own, too: it never shares a verdict.
  for (const s of statementsOf(role.trustPolicy)) {
    if (s.Effect !== 'Deny') continue;
    for (const p of [...principalsOf(s, scope), ...principalsOf(s, scope, 'NotPrincipal')]) if ('arn' in p) named.add(p.arn);
  }
  const broad = statements.some((t) => t.principals.some((p) => p.kind === 'wildcard' || (p.kind === 'account' && p.accountId === account.accountId)));
  // Service-linked roles are AWS's own (people cannot use them, SCPs do not apply); the role itself is not a way in.
  const eligible = (r: IamRole) => r.arn !== role.arn && !isServiceLinkedRolePath(r.path);
  result.delegatedToAccount = broad;
  const wildcardTrust = statements.some((t) => t.principals.some((p) => p.kind === 'wildcard'));

  const verdicts = new Map<string, Verdict>();
  // The trust policy and the SCPs are the same for every candidate: whether they test anything personal is asked
  // once per role, and each principal's own documents once per principal (see identityFacts), not per pair.
  const sharedPersonal = isPersonal(role.trustPolicy) || (scps !== undefined && scps.some(isPersonal));
  const consider = (c: Candidate) => {
    const policies = idx.identityPolicies(c.entity);
    const facts = identityFacts(policies);
    // Principals the trust does not name, whose policies test nothing personal (ARN, name, tags, policy
    // variables), get the same answer when they hold the same documents: members of the same groups. Decide once.
    // (A wildcard trust is no exception: "*" admits every caller alike, so the answer still depends only on the documents.)
    const shared = !named.has(c.entity.arn) && !sharedPersonal && !facts.personal ? (c.kind === 'user' ? facts.userKey : facts.roleKey) : undefined;
    const cached = shared ? verdicts.get(shared) : undefined;
    const verdict = cached ?? judge(c, policies, [...trustDocs, ...policies.documents, ...(policies.boundary ? [policies.boundary] : []), ...(scps ?? [])]);
    if (shared && !cached) verdicts.set(shared, verdict);
    if (!verdict.best.allowed) {
      // When the trust delegates to the whole account, principals without an identity allow are the normal case,
      // not news: only named principals and explicit denies are listed.
      const quiet = broad && !named.has(c.entity.arn) && (verdict.best.reason === 'not admitted by the trust policy' || verdict.best.reason.startsWith('its identity policies'));
      if (!quiet) {
        result.counts.blocked++;
        if (result.blocked.length < maxListed) result.blocked.push({ principal: `${c.kind} ${c.entity.arn}`, reason: verdict.best.reason });
      }
      return;
    }
    result.counts.assumers++;
    if (listedAssumers >= maxListed) return;
    listedAssumers++;
    result.assumers.push({
      principal: `${c.kind} ${c.entity.arn}`,
      arn: c.entity.arn,
      scope: 'snapshot',
      who: 'responder',
      requiresMfa: !verdict.withoutMfa,
      requiresExternalId: !verdict.withoutExternalId,
      otherConditions: verdict.otherConditions,
    });
  };

  const judge = (c: Candidate, policies: IdentityPolicies, involved: PolicyDocument[]): Verdict => {
    const base = baseContext(c, account, scope);
    const who: AssumeRoleInput['principal'] = { kind: c.kind, arn: c.entity.arn, accountId: account.accountId, uniqueId: c.entity.id };
    const decide = (ctx: Record<string, string | string[] | undefined>, open: (key: string) => boolean = isOpenKey): AssumeRoleDecision => {
      const input: AssumeRoleInput = { roleArn: role.arn, trust: trustDocs[0]!, principal: who, identity: policies.documents, context: new RequestContext(ctx), trustMayNamePrincipal: wildcardTrust || named.has(c.entity.arn) };
      if (policies.boundaryArn) {
        input.boundary = policies.boundary ?? null;
        input.boundaryArn = policies.boundaryArn;
      }
      if (scps) input.scps = scps;
      return assumeRoleDecision(input, open);
    };
    // With MFA, how long ago it was used is not known: aws:MultiFactorAuthAge is open then (and absent without MFA).
    const withMfa = { ...base, [MFA]: 'true' };
    let best = decide({ ...withMfa, [EXTERNAL_ID]: externalId }, isOpenKeyWithMfa);
    // The trust's own ExternalId value fails a negated test (`StringNotEquals ""`): try none, then one of the caller's.
    let sent = externalId;
    if (!best.allowed && externalId !== undefined) {
      for (const other of [undefined, EXTERNAL_ID_PROBES[1]]) {
        const d = decide({ ...withMfa, [EXTERNAL_ID]: other }, isOpenKeyWithMfa);
        if (d.allowed) {
          best = d;
          sent = other;
          break;
        }
      }
    }
    if (!best.allowed) return { best, withoutMfa: false, withoutExternalId: false, otherConditions: [] };
    // A variant only changes the answer when some policy involved tests that key: skip the others. Without MFA is
    // tried both ways (key "false", key absent), for users and roles alike; the second only where a document can
    // tell them apart (BoolIfExists, Null, ForAllValues…), which `Bool … "true"` cannot.
    const noMfa = involved.some(mentionsMfa) ? (involved.some(mfaStatesDiffer) ? WITHOUT_MFA : WITHOUT_MFA.slice(0, 1)) : [];
    const withoutMfa = noMfa.length === 0 || noMfa.some((state) => decide({ ...base, ...state, [EXTERNAL_ID]: sent }).allowed);
    // "With ExternalId" only when a caller who knows no secret is refused: sending none, and sending any value.
    const withoutExternalId =
      externalId === undefined ||
      sent === undefined ||
      decide({ ...withMfa, [EXTERNAL_ID]: undefined }, isOpenKeyWithMfa).allowed ||
      EXTERNAL_ID_PROBES.every((probe) => decide({ ...withMfa, [EXTERNAL_ID]: probe }, isOpenKeyWithMfa).allowed);
    const otherConditions = [...best.assumed].filter((k) => !isMfaKey(k) && involved.some((d) => protectiveKeysOf(d, account.partition).has(k.toLowerCase()))).sort();
    return { best, withoutMfa, withoutExternalId, otherConditions };
  };

  if (broad) {
    // Through an account-level trust, a principal whose policies never allow an sts:AssumeRole action is
    // refused by its identity side, whatever the conditions: skip the full evaluation. This keeps a
    // 15,000-principal account linear and cheap (most principals are application roles).
    // (Not with a wildcard trust: "*" admits same-account principals directly, without any identity allow.)
    // When the trust names no user or role of this account by ARN, those candidates are exactly the ones that pass,
    // in export order: walk them instead of all 15,000 principals once per support role.
    const mayAssume = wildcardTrust ? undefined : idx.identitiesPassing(MAY_ALLOW_ASSUME);
    const namesLocal = [...named].some((arn) => idx.usersByArn.has(arn) || idx.rolesByArn.has(arn));
    const worthJudging = (e: IamUser | IamRole) => !mayAssume || mayAssume.has.has(e) || named.has(e.arn);
    const users = mayAssume && !namesLocal ? mayAssume.users : account.iam.data.users;
    const roles = mayAssume && !namesLocal ? mayAssume.roles : account.iam.data.roles;
    for (const u of users) if (worthJudging(u)) consider({ entity: u, kind: 'user' });
    for (const r of roles) if (eligible(r) && worthJudging(r)) consider({ entity: r, kind: 'role' });
  } else {
    for (const arn of named) {
      const u = idx.usersByArn.get(arn);
      if (u) consider({ entity: u, kind: 'user' });
      const r = idx.rolesByArn.get(arn);
      if (r && eligible(r)) consider({ entity: r, kind: 'role' });
    }
  }

  // Principals outside the snapshot: only the trust policy can be judged.
  for (const t of statements) {
    for (const p of t.principals) {
      if (!isExternal(p, account.accountId)) continue;
      if (p.kind === 'service' && !serviceMeetsConditions(t.statement, p.service)) continue;
      const withMfa = { [MFA]: 'true' };
      // The ExternalId the caller brings: the trust's own value when it works, else none or one of its choosing.
      const choices = [externalId, undefined, EXTERNAL_ID_PROBES[1]];
      const works = choices.findIndex((v) => conditionsSatisfiable(t.statement, { ...withMfa, [EXTERNAL_ID]: v }));
      if (works < 0) continue;
      const sent = choices[works];
      const label = describePrincipal(p);
      if (result.assumers.some((a) => a.principal === label)) continue;
      const limiting = protectiveKeys(t.statement.Condition, account.partition);
      const assumed = new Set<string>();
      for (const k of conditionKeys(t.statement.Condition)) if (!isMfaKey(k) && k.toLowerCase() !== EXTERNAL_ID.toLowerCase() && limiting.has(k.toLowerCase())) assumed.add(k);
      const arn = externalArn(p, account.partition);
      result.assumers.push({
        principal: label,
        ...(arn ? { arn } : {}),
        scope: 'external',
        who: p.kind === 'service' ? 'service' : p.kind === 'wildcard' && admitsStranger(t.statement, scope) ? 'anyone' : 'responder',
        requiresMfa: !admitsWithoutMfa(t.statement, { [EXTERNAL_ID]: sent }),
        requiresExternalId: !admitsWithoutExternalIdSecret(t.statement, withMfa),
        otherConditions: [...assumed].sort(),
      });
    }
  }
  return result;
}

interface Verdict {
  best: AssumeRoleDecision;
  withoutMfa: boolean;
  withoutExternalId: boolean;
  /** The open keys the allowing evaluation assumed, less MFA keys and keys no document really limits. */
  otherConditions: string[];
}

/** What the verdict cache needs to know of one principal's own policies (see identityFacts). */
interface IdentityFacts {
  /** Some identity document or the boundary tests something personal. */
  personal: boolean;
  /** `user|<boundary ARN>|<document ids>` and `role|…`: principals of one kind with the same key hold the same documents. */
  userKey: string;
  roleKey: string;
}

const facts = new WeakMap<IdentityPolicies, IdentityFacts>();

/**
 * Memoised per IdentityPolicies (itself memoised per principal by the index): a principal is considered once per
 * support role, and building its key and testing its documents again for each role showed up in the benchmark.
 */
function identityFacts(policies: IdentityPolicies): IdentityFacts {
  let f = facts.get(policies);
  if (!f) {
    f = {
      personal: policies.documents.some(isPersonal) || (!!policies.boundary && isPersonal(policies.boundary)),
      // Built once per principal, not once per principal and support role: with many support roles the key string
      // was allocated millions of times.
      userKey: `user|${documentsKey(policies)}`,
      roleKey: `role|${documentsKey(policies)}`,
    };
    facts.set(policies, f);
  }
  return f;
}

const PERSONAL_KEYS = new Set(['aws:principalarn', 'aws:userid', 'aws:username', 'aws:sourceidentity']);
const personal = new WeakMap<PolicyDocument, boolean>();

/** Does the document's answer depend on who exactly the caller is (ARN, name, tags, policy variables)? */
function isPersonal(doc: PolicyDocument): boolean {
  let answer = personal.get(doc);
  if (answer === undefined) {
    // The trust policy is not personal by naming principals: callers it names are never shared (see `named`).
    answer =
      JSON.stringify(doc).includes('${') ||
      statementsOf(doc).some((s) => conditionKeys(s.Condition).some((k) => PERSONAL_KEYS.has(k.toLowerCase()) || k.toLowerCase().startsWith('aws:principaltag/')));
    personal.set(doc, answer);
  }
  return answer;
}

/** Keys the evaluation sets from what the snapshot knows of the caller; any other key is "unknown, assumed satisfiable". */
const KNOWN_KEYS = new Set(
  ['aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalType', 'aws:userid', 'aws:username', 'aws:PrincipalOrgID', 'aws:SecureTransport', 'aws:PrincipalIsAWSService', 'aws:ViaAWSService', MFA, MFA_AGE, EXTERNAL_ID].map((k) =>
    k.toLowerCase(),
  ),
);

function isOpenKey(key: string): boolean {
  const k = key.toLowerCase();
  // The caller's tags are known from the snapshot: a tag it does not have is absent, not unknown.
  return !KNOWN_KEYS.has(k) && !k.startsWith('aws:principaltag/') && !isPrincipalKey(k);
}

/** With MFA the age of the MFA sign-in is unknown (open); without MFA it is absent. */
function isOpenKeyWithMfa(key: string): boolean {
  return key.toLowerCase() === MFA_AGE.toLowerCase() || isOpenKey(key);
}

const mentions = new WeakMap<PolicyDocument, Set<string>>();

/** True when some condition of the document tests the key (memoised per document). */
function mentionsKey(doc: PolicyDocument, key: string): boolean {
  let keys = mentions.get(doc);
  if (!keys) {
    keys = new Set(statementsOf(doc).flatMap((s) => conditionKeys(s.Condition).map((k) => k.toLowerCase())));
    mentions.set(doc, keys);
  }
  return keys.has(key.toLowerCase());
}

function mentionsMfa(doc: PolicyDocument): boolean {
  return mentionsKey(doc, MFA) || mentionsKey(doc, MFA_AGE);
}

const mfaDiffers = new WeakMap<PolicyDocument, boolean>();

/**
 * Can the document tell "MFA key false" from "MFA key absent"? Asked of each aws:MultiFactorAuthPresent test on its
 * own with the engine (memoised per document), so that `Bool … "true"` costs one no-MFA evaluation, not two.
 */
function mfaStatesDiffer(doc: PolicyDocument): boolean {
  let answer = mfaDiffers.get(doc);
  if (answer === undefined) {
    const [asFalse, asAbsent] = WITHOUT_MFA.map((state) => new RequestContext(state));
    answer = statementsOf(doc).some((s) =>
      Object.entries(s.Condition ?? {}).some(([operator, block]) =>
        Object.entries(block ?? {}).some(([key, values]) => key.toLowerCase() === MFA.toLowerCase() && testCondition(operator, key, values, asFalse!) !== testCondition(operator, key, values, asAbsent!)),
      ),
    );
    mfaDiffers.set(doc, answer);
  }
  return answer;
}

const protective = new WeakMap<PolicyDocument, { partition: string; keys: Set<string> }>();

/** protectiveKeys over every statement of a document, memoised per document. */
function protectiveKeysOf(doc: PolicyDocument, partition: string): Set<string> {
  let p = protective.get(doc);
  if (!p || p.partition !== partition) {
    p = { partition, keys: new Set(statementsOf(doc).flatMap((s) => [...protectiveKeys(s.Condition, partition)])) };
    protective.set(doc, p);
  }
  return p.keys;
}

/** Some Allow statement of the document names an action that sts:AssumeRole matches (conditions and resources aside). */
const MAY_ALLOW_ASSUME: DocumentTest = {
  id: 'may-allow-sts:AssumeRole',
  // Loops rather than statementsOf/asList/some: this runs once per distinct document, and in a large account nearly
  // every role has an inline policy of its own (10,000 documents in the benchmark).
  test: (doc) => {
    // statementsOf's reading: no document has no statement (an unvalidated saved snapshot may lack one).
    if (!doc) return false;
    const statement = doc.Statement;
    if (!Array.isArray(statement)) return allowMayMatch(statement, 'sts:AssumeRole');
    for (let i = 0; i < statement.length; i++) if (allowMayMatch(statement[i]!, 'sts:AssumeRole')) return true;
    return false;
  },
};

/** An Allow statement whose Action (or NotAction) lets `action` through, conditions and resources aside. */
function allowMayMatch(s: PolicyStatement, action: string): boolean {
  if (s.Effect !== 'Allow') return false;
  if (s.Action !== undefined) return anyActionMatches(s.Action, action);
  return s.NotAction !== undefined && !anyActionMatches(s.NotAction, action);
}

function anyActionMatches(patterns: string | string[], action: string): boolean {
  // asList's reading: a null element (hand-edited JSON) names no action.
  if ((patterns as unknown) === null) return false;
  if (!Array.isArray(patterns)) return matchesAction(String(patterns), action);
  for (let i = 0; i < patterns.length; i++) if (matchesAction(String(patterns[i]), action)) return true;
  return false;
}

/** One principal asking to assume one role, with every policy that decides it. */
export interface AssumeRoleInput {
  roleArn: string;
  trust: PolicyDocument;
  principal: { kind: 'user' | 'role'; arn: string; accountId: string; uniqueId?: string };
  /** The principal's identity policies (own, attached, groups'). */
  identity: readonly PolicyDocument[];
  /** Its permissions boundary; `null` when it has one whose document is unknown. */
  boundary?: PolicyDocument | null;
  boundaryArn?: string;
  /** SCPs of the principal's account. */
  scps?: readonly PolicyDocument[];
  context: RequestContext;
  /** False when the trust certainly does not name the principal's ARN (skips one evaluation); default true. */
  trustMayNamePrincipal?: boolean;
}

/** The answer, why not, and which unknown condition keys were assumed satisfiable on the way. */
export interface AssumeRoleDecision {
  allowed: boolean;
  reason: string;
  assumed: Set<string>;
}

/**
 * Can the principal assume the role? The AWS evaluation logic for sts:AssumeRole:
 * - an explicit Deny in the trust policy, an SCP, the boundary or the identity policies refuses;
 * - the trust policy must allow (it is the role's resource-based policy);
 * - SCPs must allow;
 * - same account: a trust naming the *user* ARN suffices (a boundary does not limit what a resource-based policy
 *   grants to a user ARN); one naming the *role* ARN still needs the role's boundary to allow; one naming the
 *   account only delegates, so the identity policies (within the boundary) must allow too;
 * - another account: the identity side must always allow.
 * `openKey` says which missing condition keys are unknown rather than absent (see ConditionOptions).
 */
export function assumeRoleDecision(input: AssumeRoleInput, openKey?: (key: string) => boolean): AssumeRoleDecision {
  const assumed = new Set<string>();
  const opts: ConditionOptions = openKey ? { openKey, assumed } : {};
  const who: RequestPrincipal = input.principal;
  const req: PolicyRequest = { action: 'sts:AssumeRole', resource: input.roleArn, context: input.context, principal: who };
  const no = (reason: string): AssumeRoleDecision => ({ allowed: false, reason, assumed });
  const trust = evaluatePolicies([input.trust], req, 'resource', opts);
  if (trust !== 'allow') return no(trust === 'explicit-deny' ? 'denied by the trust policy' : 'not admitted by the trust policy');
  const sameAccount = accountIdOf(input.roleArn) === input.principal.accountId;
  // The same caller seen only through its ARN: tells "the trust names me" from "the trust names my account".
  const direct =
    sameAccount && input.trustMayNamePrincipal !== false && evaluatePolicies([input.trust], { ...req, principal: { ...input.principal, accountId: 'no-account' } }, 'resource', opts) === 'allow';
  const scp: Decision = input.scps ? evaluatePolicies(input.scps, req, 'identity', opts) : 'allow';
  if (scp !== 'allow') return no(scp === 'explicit-deny' ? 'denied by an SCP' : 'not allowed by the SCPs');
  if (input.boundary === null) return no(`permissions boundary ${input.boundaryArn ?? ''} could not be read`);
  const boundary: Decision = input.boundary ? evaluatePolicies([input.boundary], req, 'identity', opts) : 'allow';
  const identity = evaluatePolicies(input.identity, req, 'identity', opts);
  if (boundary === 'explicit-deny' || identity === 'explicit-deny') return no('denied by its own policies');
  if (direct && input.principal.kind === 'user') return { allowed: true, reason: '', assumed };
  // A trust that admits the role *session* (Principal "*" does) is not limited by the role's boundary, unlike one
  // naming the role ARN. AWS documents the ARN cases; for "*" we follow iam-simulate, our differential oracle.
  if (direct && input.principal.kind === 'role' && admitsSession(input, req, opts)) return { allowed: true, reason: '', assumed };
  if (boundary !== 'allow') return no('its permissions boundary does not allow sts:AssumeRole on the role');
  if (direct && input.principal.kind === 'role') return { allowed: true, reason: '', assumed };
  if (identity !== 'allow') return no('its identity policies do not allow sts:AssumeRole on the role');
  return { allowed: true, reason: '', assumed };
}

function admitsSession(input: AssumeRoleInput, req: PolicyRequest, opts: ConditionOptions): boolean {
  const name = input.principal.arn.slice(input.principal.arn.lastIndexOf('/') + 1);
  const session = `arn:${input.principal.arn.split(':')[1] ?? 'aws'}:sts::${input.principal.accountId}:assumed-role/${name}/session`;
  return evaluatePolicies([input.trust], { ...req, principal: { kind: 'role', arn: session, accountId: 'no-account' } }, 'resource', opts) === 'allow';
}

/** The ARN an outside principal is known by (see Assumer.arn). */
function externalArn(p: PrincipalRef, partition: string): string | undefined {
  switch (p.kind) {
    case 'account':
      return `arn:${partition}:iam::${p.accountId}:root`;
    case 'user':
    case 'role':
    case 'assumed-role':
    case 'federated-user':
      return p.arn;
    case 'saml-provider':
    case 'oidc-provider':
    case 'web-identity':
      return p.raw;
    default:
      return undefined;
  }
}

/** Principals the snapshot cannot evaluate: other accounts, federation, services, the wildcard. */
function isExternal(p: PrincipalRef, accountId: string): boolean {
  switch (p.kind) {
    case 'wildcard':
    case 'service':
    case 'saml-provider':
    case 'oidc-provider':
    case 'web-identity':
      return true;
    case 'account':
      return p.accountId !== accountId;
    case 'user':
    case 'role':
    case 'assumed-role':
    case 'federated-user':
      return p.accountId !== accountId;
    default:
      return false;
  }
}

/** One line per assumer: `user arn:… (MFA)`. */
export function describeAssumer(a: Assumer): string {
  const needs = [a.requiresMfa ? 'MFA' : '', a.requiresExternalId ? 'ExternalId' : '', ...a.otherConditions].filter(Boolean);
  return needs.length ? `${a.principal} (with ${needs.join(', ')})` : a.principal;
}

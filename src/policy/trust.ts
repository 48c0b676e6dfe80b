import { asList, statementsOf } from '../snapshot/policy-document.js';
import type { PolicyDocument, PolicyStatement } from '../snapshot/model.js';
import { conditionsHold, type ConditionOptions } from './conditions.js';
import { RequestContext } from './context.js';
import { principalsOf, type AccountScope, type PrincipalRef } from './principals.js';
import { EXTERNAL_ID_PROBES } from './vacuity.js';
import { matchesAction } from './wildcard.js';

/** The STS actions that start a role session; a trust statement that allows none of them admits nobody. */
export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'] as const;

/** Keys that say *who* the caller is; everything else in a trust condition is about the request. */
export const PRINCIPAL_KEYS = [
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalType',
  'aws:userid',
  'aws:username',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:SourceIdentity',
];

const PRINCIPAL_KEYS_LC = new Set(PRINCIPAL_KEYS.map((k) => k.toLowerCase()));

/** True for condition keys that identify the caller (ARN, account, organization). */
export function isPrincipalKey(key: string): boolean {
  return PRINCIPAL_KEYS_LC.has(key.toLowerCase());
}

/** An Allow statement of a trust policy that lets principals start a session, with its principals classified. */
export interface TrustStatement {
  statement: PolicyStatement;
  /** `Sid`, or `#<index>` when it has none. */
  label: string;
  principals: PrincipalRef[];
  /** The statement uses NotPrincipal: it admits everyone except those listed. */
  notPrincipal: boolean;
  actions: string[];
}

/** The Allow statements of a trust policy that admit someone to an AssumeRole* action. */
export function trustStatements(trust: PolicyDocument | null, scope: AccountScope): TrustStatement[] {
  const out: TrustStatement[] = [];
  statementsOf(trust).forEach((s, i) => {
    if (s.Effect !== 'Allow') return;
    const actions = ASSUME_ACTIONS.filter((a) =>
      s.Action !== undefined ? asList(s.Action).some((p) => matchesAction(String(p), a)) : s.NotAction !== undefined ? !asList(s.NotAction).some((p) => matchesAction(String(p), a)) : false,
    );
    if (actions.length === 0) return;
    const notPrincipal = s.NotPrincipal !== undefined && s.Principal === undefined;
    out.push({
      statement: s,
      label: s.Sid ? s.Sid : `#${i}`,
      principals: notPrincipal ? [{ kind: 'wildcard', raw: '*', key: '*' }] : principalsOf(s, scope),
      notPrincipal,
      actions: [...actions],
    });
  });
  return out;
}

/**
 * Could the statement's conditions hold for a caller described by `known`? Keys in `known` are evaluated
 * exactly (undefined = the request does not carry the key); every other key is treated as satisfiable.
 */
export function conditionsSatisfiable(s: PolicyStatement, known: Record<string, string | string[] | undefined>): boolean {
  const knownKeys = new Set(Object.keys(known).map((k) => k.toLowerCase()));
  const opts: ConditionOptions = { openKey: (k) => !knownKeys.has(k.toLowerCase()) };
  return conditionsHold(s.Condition, new RequestContext(known), opts);
}

const MFA_PRESENT = 'aws:MultiFactorAuthPresent';
const MFA_AGE = 'aws:MultiFactorAuthAge';
const EXTERNAL_ID = 'sts:ExternalId';

/**
 * The two ways a request comes without MFA: temporary credentials made without it (`aws:MultiFactorAuthPresent`
 * is "false") and long-term access keys (no MFA key at all). `aws:MultiFactorAuthAge` is absent in both.
 * A condition protects with MFA only when it refuses both: `BoolIfExists`, `NumericLessThanIfExists` on the age,
 * `Null … "false"` (asks only that the key be present) and `ForAllValues:` (vacuously true) each let one through.
 */
export const WITHOUT_MFA: readonly Record<string, string | undefined>[] = [
  { [MFA_PRESENT]: 'false', [MFA_AGE]: undefined },
  { [MFA_PRESENT]: undefined, [MFA_AGE]: undefined },
];

/** Could the statement admit a caller without MFA (the other keys of `known` evaluated exactly, the rest open)? */
export function admitsWithoutMfa(s: PolicyStatement, known: Record<string, string | string[] | undefined> = {}): boolean {
  return WITHOUT_MFA.some((state) => conditionsSatisfiable(s, { ...known, ...state }));
}

/**
 * Could the statement's conditions hold for a request made by the AWS service itself? A service never signs in with
 * MFA (both MFA keys are absent) and says who it is (`aws:PrincipalIsAWSService` "true", `aws:PrincipalServiceName`);
 * everything else it may send (aws:SourceArn, aws:SourceAccount, sts:ExternalId) is left open. A service named in a
 * statement that demands `aws:MultiFactorAuthPresent` "true" can never assume the role through it.
 */
export function serviceMeetsConditions(s: PolicyStatement, service: string): boolean {
  return conditionsSatisfiable(s, { [MFA_PRESENT]: undefined, [MFA_AGE]: undefined, 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': service });
}

/**
 * Could the statement admit a caller who knows no ExternalId secret: one that sends none, or one whose own value,
 * whatever it is, passes (`StringLike "*"`, `StringNotEquals ""`, `Null "false"`: every probe value AWS allows)?
 */
export function admitsWithoutExternalIdSecret(s: PolicyStatement, known: Record<string, string | string[] | undefined> = {}): boolean {
  if (conditionsSatisfiable(s, { ...known, [EXTERNAL_ID]: undefined })) return true;
  return EXTERNAL_ID_PROBES.every((probe) => conditionsSatisfiable(s, { ...known, [EXTERNAL_ID]: probe }));
}

/**
 * Callers from accounts nobody here controls, as a wildcard trust would see them: a role session in some
 * organization, and an IAM user in an account outside any organization (which `…IfExists` on
 * aws:PrincipalOrgID lets through). Their account ids are ones the statement does not name, so a condition naming
 * a real account is never met by chance.
 */
export function strangerContexts(scope: AccountScope, s: PolicyStatement): Record<string, string | undefined>[] {
  const text = JSON.stringify(s);
  const ours = new Set([scope.accountId, ...(scope.organizationAccountIds ?? [])]);
  const [a, b] = ['999999999999', '888888888888', '740521986309', '163849275012', '520147369258'].filter((id) => !ours.has(id) && !text.includes(id));
  const absent = { 'aws:PrincipalOrgPaths': undefined, 'aws:SourceAccount': undefined, 'aws:SourceArn': undefined, 'aws:SourceOrgID': undefined, 'aws:SourceOrgPaths': undefined };
  return [
    {
      ...absent,
      'aws:PrincipalArn': `arn:${scope.partition}:iam::${a}:role/stranger`,
      'aws:PrincipalAccount': a,
      'aws:PrincipalOrgID': 'o-stranger00',
      'aws:PrincipalType': 'AssumedRole',
      'aws:userid': 'AROASTRANGER000000000:stranger',
      'aws:username': undefined,
    },
    {
      ...absent,
      'aws:PrincipalArn': `arn:${scope.partition}:iam::${b}:user/stranger`,
      'aws:PrincipalAccount': b,
      'aws:PrincipalOrgID': undefined,
      'aws:PrincipalType': 'User',
      'aws:userid': 'AIDASTRANGER000000000',
      'aws:username': 'stranger',
    },
  ];
}

/** Does the statement's condition let in some caller from an unknown account (so a wildcard principal means anyone)? */
export function admitsStranger(s: PolicyStatement, scope: AccountScope): boolean {
  return strangerContexts(scope, s).some((stranger) => conditionsSatisfiable(s, stranger));
}

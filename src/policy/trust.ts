import { asList, statementsOf } from '../snapshot/policy-document.js';
import type { PolicyDocument, PolicyStatement } from '../snapshot/model.js';
import { conditionsHold, type ConditionOptions } from './conditions.js';
import { RequestContext } from './context.js';
import { principalsOf, type AccountScope, type PrincipalRef } from './principals.js';
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

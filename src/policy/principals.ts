import { parseArn } from '../snapshot/arn.js';
import { asList } from '../snapshot/policy-document.js';
import type { PolicyStatement } from '../snapshot/model.js';

/** Which accounts are "ours": the snapshot's own account, plus its organization when known. */
export interface AccountScope {
  accountId: string;
  partition: string;
  /** Account ids of the same AWS Organization (when the snapshot knows them). */
  organizationAccountIds?: readonly string[];
  organizationId?: string;
}

/** Where a trusted account sits relative to the audited one. */
export type AccountRelation = 'same-account' | 'same-organization' | 'foreign';

/** A principal named in a policy's Principal element, classified. */
export type PrincipalRef =
  | { kind: 'wildcard'; raw: string; key: 'AWS' | '*' }
  | { kind: 'account'; raw: string; accountId: string; relation: AccountRelation }
  | { kind: 'user' | 'role' | 'assumed-role' | 'federated-user' | 'group'; raw: string; arn: string; accountId: string; relation: AccountRelation; name: string }
  | { kind: 'unique-id'; raw: string; prefix: string }
  | { kind: 'service'; raw: string; service: string }
  | { kind: 'saml-provider' | 'oidc-provider'; raw: string; provider: string; accountId?: string }
  | { kind: 'web-identity'; raw: string; provider: string }
  | { kind: 'canonical-user'; raw: string }
  | { kind: 'unknown'; raw: string; key: string };

/**
 * IAM replaces a principal ARN in a trust policy by its unique id when the principal is deleted
 * (AIDA… user, AROA… role, AGPA… group); the statement then trusts nobody, even if a principal of the same name
 * is created again. These prefixes identify them.
 */
const UNIQUE_ID = /^(AIDA|AROA|AGPA|ANPA|AIPA|ASIA|AKIA|ANVA|APKA|ACCA)[A-Z0-9]{12,}$/;

function relationOf(accountId: string, scope: AccountScope): AccountRelation {
  if (accountId === scope.accountId) return 'same-account';
  if (scope.organizationAccountIds?.includes(accountId)) return 'same-organization';
  return 'foreign';
}

/** Classifies one value of a Principal element under its key (`AWS`, `Service`, `Federated`, `CanonicalUser`). */
export function classifyPrincipal(key: string, value: string, scope: AccountScope): PrincipalRef {
  const raw = value;
  if (key === 'AWS') {
    if (value === '*') return { kind: 'wildcard', raw, key: 'AWS' };
    if (/^\d{12}$/.test(value)) return { kind: 'account', raw, accountId: value, relation: relationOf(value, scope) };
    if (UNIQUE_ID.test(value)) return { kind: 'unique-id', raw, prefix: value.slice(0, 4) };
    const arn = parseArn(value);
    if (arn && /^\d{12}$/.test(arn.accountId)) {
      const relation = relationOf(arn.accountId, scope);
      if (arn.service === 'iam' && arn.resource === 'root') return { kind: 'account', raw, accountId: arn.accountId, relation };
      const slash = arn.resource.indexOf('/');
      const type = slash >= 0 ? arn.resource.slice(0, slash) : arn.resource;
      const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
      if (arn.service === 'iam' && (type === 'user' || type === 'role' || type === 'group')) return { kind: type, raw, arn: value, accountId: arn.accountId, relation, name };
      if (arn.service === 'sts' && type === 'assumed-role') return { kind: 'assumed-role', raw, arn: value, accountId: arn.accountId, relation, name: arn.resource.split('/')[1] ?? name };
      if (arn.service === 'sts' && type === 'federated-user') return { kind: 'federated-user', raw, arn: value, accountId: arn.accountId, relation, name };
    }
    return { kind: 'unknown', raw, key };
  }
  if (key === 'Service') return { kind: 'service', raw, service: value };
  if (key === 'Federated') {
    const arn = parseArn(value);
    if (arn && arn.service === 'iam' && arn.resource.startsWith('saml-provider/')) return { kind: 'saml-provider', raw, provider: arn.resource.slice('saml-provider/'.length), accountId: arn.accountId };
    if (arn && arn.service === 'iam' && arn.resource.startsWith('oidc-provider/')) return { kind: 'oidc-provider', raw, provider: arn.resource.slice('oidc-provider/'.length), accountId: arn.accountId };
    return { kind: 'web-identity', raw, provider: value };
  }
  if (key === 'CanonicalUser') return { kind: 'canonical-user', raw };
  return { kind: 'unknown', raw, key };
}

/** Every principal a statement's Principal element names, classified. `"*"` alone is the wildcard. */
export function principalsOf(statement: PolicyStatement, scope: AccountScope, element: 'Principal' | 'NotPrincipal' = 'Principal'): PrincipalRef[] {
  const p = statement[element];
  if (p === undefined) return [];
  if (p === '*') return [{ kind: 'wildcard', raw: '*', key: '*' }];
  if (typeof p !== 'object' || p === null) return [{ kind: 'unknown', raw: String(p), key: '?' }];
  const out: PrincipalRef[] = [];
  for (const [key, values] of Object.entries(p)) for (const v of asList(values)) out.push(classifyPrincipal(key, String(v), scope));
  return out;
}

/** A short human label for a principal reference. */
export function describePrincipal(p: PrincipalRef): string {
  switch (p.kind) {
    case 'wildcard':
      return 'everyone (*)';
    case 'account':
      return `account ${p.accountId} (${p.relation})`;
    case 'user':
    case 'role':
    case 'group':
    case 'assumed-role':
    case 'federated-user':
      return `${p.kind} ${p.arn}`;
    case 'unique-id':
      return `deleted principal ${p.raw}`;
    case 'service':
      return `service ${p.service}`;
    case 'saml-provider':
    case 'oidc-provider':
      return `federated: ${p.provider}`;
    case 'web-identity':
      return `federated: ${p.provider}`;
    case 'canonical-user':
      return `canonical user ${p.raw}`;
    default:
      return `unrecognised principal ${p.raw}`;
  }
}

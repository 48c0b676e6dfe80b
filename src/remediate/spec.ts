import { UsageError } from '../errors.js';
import { isPartition, parseArn, supportPolicyArn } from '../snapshot/arn.js';
import type { Partition } from '../snapshot/model.js';

/** The tag every role supportguard creates carries; backout only ever deletes roles with it. */
export const MANAGED_BY_TAG = 'managed-by';
export const MANAGED_BY_VALUE = 'supportguard';
/**
 * Set by `fix --apply` on the role it creates, with a random value per run: a run whose CreateRole answer was lost
 * recognises the role as its own by this value, and a rerun recognises a role a run made but could not finish
 * (managed-by tag and token, nothing attached yet) instead of calling it someone else's.
 */
export const CREATION_TOKEN_TAG = 'supportguard-token';
/** Default owner tag when --owner is not given: visible in the plan so nobody mistakes it for a real team. */
export const DEFAULT_OWNER = 'unassigned';
export const DEFAULT_ROLE_NAME = 'aws-support';
/** IAM tag values allow no parentheses or commas. */
export const DEFAULT_PURPOSE = 'CIS AWS Foundations IAM support role - AWSSupportAccess';
export const DEFAULT_MAX_SESSION_SECONDS = 3600;

/**
 * How a trusted principal may assume the role. The kind decides the trust statement:
 * IAM principals (users, roles, account roots) get the MFA condition; Identity Center roles
 * and SAML providers do not, because `aws:MultiFactorAuthPresent` is absent from their sessions
 * and a `Bool … true` condition would lock them out for good.
 */
export type PrincipalKind = 'account-root' | 'user' | 'role' | 'identity-center-role' | 'saml-provider';

export interface TrustedPrincipal {
  kind: PrincipalKind;
  /** The full ARN (a bare account id is turned into its root ARN). */
  arn: string;
  accountId: string;
}

/** The one typed description of the support role. Every renderer and the apply code read only this. */
export interface RemediationSpec {
  roleName: string;
  /** IAM path, `/` or `/a/b/`. */
  path: string;
  partition: Partition;
  /** The account the role lives in; unknown for templates deployed to many accounts. */
  accountId?: string;
  trustedPrincipals: TrustedPrincipal[];
  /** Demand `aws:MultiFactorAuthPresent` for IAM principals (users, roles, account roots). */
  requireMfa: boolean;
  /** Demanded as `sts:ExternalId` from principals of other accounts (third parties). */
  externalId?: string;
  /** owner, purpose and managed-by=supportguard, plus any extra `--tag`. */
  tags: Record<string, string>;
  maxSessionDurationSeconds: number;
  description: string;
}

/** What a user (or a caller of the library) gives; validated by {@link buildRemediationSpec}. */
export interface RemediationSpecInput {
  roleName?: string;
  path?: string;
  partition?: string;
  accountId?: string;
  /** ARNs or 12-digit account ids (repeatable `--trust`). */
  trust: string[];
  requireMfa?: boolean;
  externalId?: string;
  owner?: string;
  purpose?: string;
  /** Extra tags as `key=value`. */
  extraTags?: string[];
  maxSessionDurationSeconds?: number;
  description?: string;
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PATH = /^\/([\u0021-\u007e]{1,510}\/)?$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const ACCOUNT = /^\d{12}$/;

/** The role ARN the spec describes (needs the account). */
export function roleArnOf(spec: RemediationSpec, accountId = spec.accountId): string {
  if (!accountId) throw new UsageError('the account id is needed for the role ARN (pass --account)');
  return `arn:${spec.partition}:iam::${accountId}:role${spec.path}${spec.roleName}`;
}

/** The AWS-managed AWSSupportAccess ARN in the spec's partition. */
export function policyArnOf(spec: RemediationSpec): string {
  return supportPolicyArn(spec.partition);
}

/** True for principals that carry `aws:MultiFactorAuthPresent` in their sessions. */
export function isIamPrincipal(p: TrustedPrincipal): boolean {
  return p.kind === 'account-root' || p.kind === 'user' || p.kind === 'role';
}

/** True when the principal lives in another account than the role (unknown account: false). */
export function isForeign(p: TrustedPrincipal, accountId: string | undefined): boolean {
  return !!accountId && p.accountId !== accountId;
}

/**
 * Classifies one `--trust` value. Wildcards are refused outright: a support role that anyone
 * (or any account) can assume is exactly what the trust policy is there to prevent.
 */
export function parseTrustedPrincipal(value: string, partition: Partition): TrustedPrincipal {
  const v = value.trim();
  if (v === '*' || v.includes('*') || v.includes('?')) {
    throw new UsageError(`--trust "${v}": wildcard principals are refused; name the users, roles or accounts that may assume the support role`);
  }
  if (ACCOUNT.test(v)) return { kind: 'account-root', arn: `arn:${partition}:iam::${v}:root`, accountId: v };
  const arn = parseArn(v);
  if (arn?.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    throw new UsageError(`--trust "${v}": an assumed-role session ARN stops matching when the session ends; trust the role ARN (arn:${partition}:iam::${arn.accountId}:role/…)`);
  }
  if (!arn || arn.service !== 'iam' || arn.region !== '' || !ACCOUNT.test(arn.accountId)) {
    throw new UsageError(`--trust "${v}": not an IAM principal ARN (arn:${partition}:iam::<12-digit account>:root|user/…|role/…|saml-provider/…) or a 12-digit account id`);
  }
  if (arn.partition !== partition) {
    throw new UsageError(`--trust "${v}": partition ${arn.partition} differs from the role's partition ${partition}`);
  }
  const r = arn.resource;
  const named = (prefix: string) => r.startsWith(prefix) && /^[\w+=,.@-]{1,64}$/.test(r.slice(r.lastIndexOf('/') + 1));
  if (r === 'root') return { kind: 'account-root', arn: v, accountId: arn.accountId };
  if (named('user/')) return { kind: 'user', arn: v, accountId: arn.accountId };
  if (named('saml-provider/')) return { kind: 'saml-provider', arn: v, accountId: arn.accountId };
  if (named('role/')) {
    const name = r.slice(r.lastIndexOf('/') + 1);
    // Identity Center permission-set roles: AWSReservedSSO_<set>_<hash> under /aws-reserved/sso.amazonaws.com/.
    const sso = name.startsWith('AWSReservedSSO_') || r.startsWith('role/aws-reserved/sso.amazonaws.com/');
    return { kind: sso ? 'identity-center-role' : 'role', arn: v, accountId: arn.accountId };
  }
  throw new UsageError(`--trust "${v}": unsupported principal type "${r.split('/')[0]}" (root, user, role or saml-provider)`);
}

function parseTags(extra: string[] | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const t of extra ?? []) {
    const i = t.indexOf('=');
    if (i <= 0) throw new UsageError(`--tag "${t}": expected key=value`);
    tags[t.slice(0, i)] = t.slice(i + 1);
  }
  return tags;
}

/**
 * Validates the input and returns the spec, or throws a {@link UsageError} naming the bad value.
 * Decisions: the owner tag defaults to "unassigned" (shown in the plan) rather than being required,
 * so a first plan always works; MFA defaults on; a whole foreign account (its root) is trusted only
 * with an external id, because that delegates the decision to that account's administrators.
 */
export function buildRemediationSpec(input: RemediationSpecInput): RemediationSpec {
  const partition = input.partition ?? 'aws';
  if (!isPartition(partition)) throw new UsageError(`unknown --partition "${partition}"`);
  const roleName = input.roleName ?? DEFAULT_ROLE_NAME;
  if (!ROLE_NAME.test(roleName)) throw new UsageError(`--role-name "${roleName}": 1–64 characters of letters, digits and +=,.@_-`);
  const path = input.path ?? '/';
  if (!PATH.test(path) || path.includes('//')) throw new UsageError(`--path "${path}": must start and end with / (e.g. /security/), at most 512 characters`);
  if (input.accountId !== undefined && !ACCOUNT.test(input.accountId)) throw new UsageError(`--account "${input.accountId}": expected 12 digits`);
  if (input.externalId !== undefined && !EXTERNAL_ID.test(input.externalId)) {
    throw new UsageError('--external-id: 2–1224 characters of letters, digits and +=,.@:/-_');
  }
  const max = input.maxSessionDurationSeconds ?? DEFAULT_MAX_SESSION_SECONDS;
  if (!Number.isInteger(max) || max < 3600 || max > 43200) throw new UsageError(`--max-session-duration "${max}": whole seconds from 3600 to 43200`);
  if (input.trust.length === 0) throw new UsageError('at least one --trust principal is required (an IAM user/role ARN, a SAML provider ARN or an account id)');

  const seen = new Set<string>();
  const trustedPrincipals: TrustedPrincipal[] = [];
  for (const t of input.trust) {
    const p = parseTrustedPrincipal(t, partition);
    if (seen.has(p.arn)) continue;
    seen.add(p.arn);
    if (p.kind === 'account-root' && isForeign(p, input.accountId) && !input.externalId) {
      throw new UsageError(
        `--trust "${t}": trusting all of foreign account ${p.accountId} needs --external-id (or trust a specific role or user of that account)`,
      );
    }
    trustedPrincipals.push(p);
  }

  const tags: Record<string, string> = {
    ...parseTags(input.extraTags),
    owner: input.owner ?? DEFAULT_OWNER,
    purpose: input.purpose ?? DEFAULT_PURPOSE,
    [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
  };
  if (Object.keys(tags).length > 50) throw new UsageError('at most 50 tags on a role');
  for (const [k, v] of Object.entries(tags)) {
    if (!TAG_KEY.test(k) || k.toLowerCase().startsWith('aws:')) throw new UsageError(`tag key "${k}" is not allowed by IAM`);
    if (!TAG_VALUE.test(v)) throw new UsageError(`tag value "${v}" (key ${k}) is not allowed by IAM`);
  }
  const description = input.description ?? `Support role for opening AWS Support cases (${supportPolicyArn(partition)}); managed by supportguard`;
  if (description.length > 1000) throw new UsageError('--description: at most 1000 characters');

  const spec: RemediationSpec = {
    roleName,
    path,
    partition,
    trustedPrincipals,
    requireMfa: input.requireMfa ?? true,
    tags,
    maxSessionDurationSeconds: max,
    description,
  };
  if (input.accountId) spec.accountId = input.accountId;
  if (input.externalId) spec.externalId = input.externalId;
  return spec;
}

/** The same spec for another account (org-wide fix): foreign-root rules are re-checked there. */
export function specForAccount(spec: RemediationSpec, accountId: string): RemediationSpec {
  for (const p of spec.trustedPrincipals) {
    if (p.kind === 'account-root' && isForeign(p, accountId) && !spec.externalId) {
      throw new UsageError(`--trust "${p.arn}": trusting all of foreign account ${p.accountId} from ${accountId} needs --external-id`);
    }
  }
  return { ...spec, accountId };
}

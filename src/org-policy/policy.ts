import type { ApprovedResponder, KnownThirdParty, NamingPolicy, Scope, SupportguardConfig, TaggingPolicy } from '../config/types.js';
import type { AccountSnapshot } from '../snapshot/model.js';

/**
 * The parts of `supportguard.yml` that say what the organization decided about its support roles. The library takes
 * this plain value (from the config loader, or built by a caller); checks never read files.
 */
export type OrganizationPolicy = Pick<SupportguardConfig, 'responders' | 'thirdParties' | 'tagging' | 'naming'>;

/**
 * The organization's policy as it applies to one account: responders already narrowed to those whose scope
 * includes the account. A key is absent when the organization did not configure it, so a check tells "no list"
 * (behaviour unchanged) from "an empty list" (nobody is approved).
 */
export interface ResolvedPolicy {
  /** Approved responders in scope for this account; absent when `responders` is not configured. */
  responders?: ApprovedResponder[];
  /** Known third parties by account id; absent when `thirdParties` is not configured. */
  thirdParties?: ReadonlyMap<string, KnownThirdParty>;
  tagging?: TaggingPolicy;
  naming?: NamingPolicy;
  /** The OU ids and root id on the account's path, as far as the snapshot knows them (see organizationPathOf). */
  organizationPath: string[];
}

const OU_OR_ROOT = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;

/**
 * The OUs and root above the account. The snapshot records them where the SCPs were read: each SCP lists the
 * targets on the account's path it is attached to, and Organizations refuses to leave a root, OU or account
 * without any SCP while SCPs are enabled (FullAWSAccess by default), so every level of the path appears. Without
 * SCP data (no `scan --org --deep`, an export) the path is unknown: only account-scoped and organization-wide
 * entries apply, and OU-scoped entries do not.
 */
export function organizationPathOf(account: AccountSnapshot): string[] {
  if (account.serviceControlPolicies?.status !== 'ok') return [];
  const path = new Set<string>();
  for (const p of account.serviceControlPolicies.data) for (const t of p.targets) if (OU_OR_ROOT.test(t)) path.add(t);
  return [...path];
}

/** Does a scope include the account? Absent or empty lists mean the whole organization. */
export function scopeIncludes(scope: Scope | undefined, accountId: string, organizationPath: readonly string[]): boolean {
  const accounts = scope?.accounts ?? [];
  const ous = scope?.ous ?? [];
  if (accounts.length === 0 && ous.length === 0) return true;
  return accounts.includes(accountId) || ous.some((ou) => organizationPath.includes(ou));
}

/** The policy for one account: responders in scope, third parties by id. */
export function resolvePolicy(policy: OrganizationPolicy, account: AccountSnapshot): ResolvedPolicy {
  const organizationPath = organizationPathOf(account);
  const resolved: ResolvedPolicy = { organizationPath };
  if (policy.responders) resolved.responders = policy.responders.filter((r) => scopeIncludes(r.scope, account.accountId, organizationPath));
  if (policy.thirdParties) resolved.thirdParties = new Map(policy.thirdParties.map((t) => [t.accountId, t]));
  if (policy.tagging) resolved.tagging = policy.tagging;
  if (policy.naming) resolved.naming = policy.naming;
  return resolved;
}

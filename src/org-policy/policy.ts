import { scopeIncludes } from '../config/scope.js';
import type { ApprovedResponder, KnownThirdParty, NamingPolicy, SupportguardConfig, TaggingPolicy } from '../config/types.js';
import { ouPathOf } from '../snapshot/ou-path.js';
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

/**
 * The OUs and root above the account, root first (`ouPathOf`, read from the SCP targets); empty when the snapshot does
 * not say (no `scan --org --deep`, an export): only account-scoped and organization-wide entries then apply.
 */
export function organizationPathOf(account: AccountSnapshot): string[] {
  return ouPathOf(account) ?? [];
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

import type { Scope } from './types.js';

/**
 * Does a `scope` of supportguard.yml (a responder's, a suppression's) place the account? Absent or empty lists mean the
 * whole organization; otherwise the account id is listed, or one of the OUs (or the root) is on its path. An unknown
 * path (no SCP data: see `ouPathOf`) lets account-scoped and organization-wide entries apply, never OU-scoped ones.
 */
export function scopeIncludes(scope: Scope | undefined, accountId: string, organizationPath: readonly string[] | undefined): boolean {
  const accounts = scope?.accounts ?? [];
  const ous = scope?.ous ?? [];
  if (accounts.length === 0 && ous.length === 0) return true;
  return accounts.includes(accountId) || ous.some((ou) => (organizationPath ?? []).includes(ou));
}

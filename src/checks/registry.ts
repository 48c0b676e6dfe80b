import { cisSupportRole } from './cis-support-role/index.js';
import { iacSupportRoleChange } from './iac-support-role-change/index.js';
import { supportFunctionalEquivalents } from './support-functional-equivalents/index.js';
import { supportRoleCaseCapability } from './support-role-case-capability/index.js';
import { supportRoleEffectiveAccess } from './support-role-effective-access/index.js';
import { supportRoleLastUsed } from './support-role-last-used/index.js';
import { supportRoleLeastPrivilege } from './support-role-least-privilege/index.js';
import { supportRoleNaming } from './support-role-naming/index.js';
import { supportRoleMonitoring } from './support-role-monitoring/index.js';
import { supportRoleScpProtection } from './support-role-scp-protection/index.js';
import { supportRoleTags } from './support-role-tags/index.js';
import { supportRoleTrustPolicy } from './support-role-trust-policy/index.js';
import type { Check } from './types.js';

/**
 * Every check, in one explicit list (sorted by id after the primary CIS check).
 * The registry test fails when ids repeat, a check lacks a docs page or fixtures, or a message id is unused.
 */
export const CHECKS: readonly Check[] = [
  cisSupportRole,
  iacSupportRoleChange,
  supportFunctionalEquivalents,
  supportRoleCaseCapability,
  supportRoleEffectiveAccess,
  supportRoleLastUsed,
  supportRoleLeastPrivilege,
  supportRoleMonitoring,
  supportRoleNaming,
  supportRoleScpProtection,
  supportRoleTags,
  supportRoleTrustPolicy,
];

/** Looks a check up by id. */
export function checkById(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}

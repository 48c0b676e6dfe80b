import { cisSupportRole } from './cis-support-role/index.js';
import { iacSupportRoleChange } from './iac-support-role-change/index.js';
import type { Check } from './types.js';

/**
 * Every check, in one explicit list (sorted by id after the primary CIS check).
 * The registry test fails when ids repeat, a check lacks a docs page or fixtures, or a message id is unused.
 */
export const CHECKS: readonly Check[] = [cisSupportRole, iacSupportRoleChange];

/** Looks a check up by id. */
export function checkById(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}

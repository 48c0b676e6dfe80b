import { CHECKS } from '../checks/registry.js';
import type { Check } from '../checks/types.js';
import { UsageError } from '../errors.js';

/** The checks named by --check, or all of them. Unknown ids are a usage error, not silently ignored. */
export function selectChecks(ids?: string[]): readonly Check[] {
  if (!ids || ids.length === 0) return CHECKS;
  const wanted = ids.flatMap((i) => i.split(',')).map((i) => i.trim()).filter(Boolean);
  const unknown = wanted.filter((id) => !CHECKS.some((c) => c.id === id));
  if (unknown.length) throw new UsageError(`unknown --check ${unknown.join(', ')} (see \`supportguard checks\`)`);
  return CHECKS.filter((c) => wanted.includes(c.id));
}

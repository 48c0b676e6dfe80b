import { CHECKS } from '../checks/registry.js';
import type { Check } from '../checks/types.js';
import type { LoadedConfig } from '../config/load.js';
import { UsageError } from '../errors.js';

/**
 * The checks named by --check; otherwise supportguard.yml's `checks.enabled` (all when absent) minus `checks.disabled`.
 * --check wins over the config, disabled checks included. Unknown ids are a usage error, not silently ignored (the
 * config's ids were checked against the registry when it was loaded).
 */
export function selectChecks(ids?: string[], loaded?: LoadedConfig): readonly Check[] {
  if (!ids || ids.length === 0) {
    const policy = loaded?.config.checks;
    if (!policy) return CHECKS;
    const enabled = policy.enabled?.length ? new Set(policy.enabled) : undefined;
    const disabled = new Set(policy.disabled ?? []);
    const chosen = CHECKS.filter((c) => (!enabled || enabled.has(c.id)) && !disabled.has(c.id));
    if (chosen.length === 0) throw new UsageError(`${loaded.path}: checks: enabled and disabled leave no check to run`);
    return chosen;
  }
  const wanted = ids.flatMap((i) => i.split(',')).map((i) => i.trim()).filter(Boolean);
  const unknown = wanted.filter((id) => !CHECKS.some((c) => c.id === id));
  if (unknown.length) throw new UsageError(`unknown --check ${unknown.join(', ')} (see \`supportguard checks\`)`);
  return CHECKS.filter((c) => wanted.includes(c.id));
}

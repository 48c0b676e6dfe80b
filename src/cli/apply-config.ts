import type { AuditResult } from '../checks/engine.js';
import { applyConfigPolicy } from '../config/suppress.js';
import type { AccountSnapshot } from '../snapshot/model.js';
import type { CommandContext } from './context.js';

/**
 * Applies supportguard.yml's severity overrides and suppressions to a result before it is reported, and says on stderr
 * which suppressions matched nothing (stale entries to remove) and which accounts an OU scope could not be judged for.
 * Expired entries were already warned about when the file was loaded. Without a config the result is untouched.
 */
export function applyConfig(ctx: CommandContext, result: AuditResult, snapshots: readonly AccountSnapshot[]): AuditResult {
  const loaded = ctx.config;
  if (!loaded) return result;
  const report = applyConfigPolicy(result, loaded.config, { today: ctx.io.today ?? new Date(), snapshots });
  for (const u of report.unmatched) {
    ctx.io.stderr(`supportguard: warning: ${loaded.path}: suppressions[${u.index}] (${u.check}, owner ${u.owner}, expires ${u.expires}) matched no finding: remove it if the exception is gone\n`);
  }
  if (report.ouPathUnknown.length > 0) {
    ctx.io.stderr(`supportguard: warning: ${loaded.path}: OU-scoped suppressions could not be judged for ${report.ouPathUnknown.join(', ')}: their OU path is known only from scan --org --deep\n`);
  }
  return result;
}

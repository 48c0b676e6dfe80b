import type { CommandContext } from './context.js';

/**
 * A usage error about a flag the config set names the config key, so `fail-on: bogus` in supportguard.yml reads
 * `supportguard.yml: defaults.scan.fail-on: unknown --fail-on "bogus" (…)` rather than blaming a flag nobody typed.
 */
export function blameConfig(ctx: CommandContext, message: string): string {
  const file = ctx.config?.path;
  if (!file) return message;
  for (const [flag, origin] of Object.entries(ctx.flagOrigins ?? {})) {
    if (new RegExp(`--${flag}(?![\\w-])`).test(message)) return `${file}: ${origin}: ${message}`;
  }
  return message;
}

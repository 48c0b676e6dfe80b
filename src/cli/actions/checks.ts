import { CHECKS } from '../../checks/registry.js';
import { formatReference } from '../../frameworks/references.js';
import { parseFormat } from '../flags.js';
import type { CommandContext } from '../context.js';

/** `supportguard checks`: lists the checks with severity and framework references. */
export function listChecks(ctx: CommandContext, opts: { json?: boolean; format: string }): void {
  const format = opts.json ? 'json' : parseFormat(opts.format, ['table', 'json']);
  if (format === 'json') {
    const rows = CHECKS.map(({ evaluate: _e, ...meta }) => meta);
    ctx.io.stdout(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  for (const c of CHECKS) {
    ctx.io.stdout(`${c.id}  [${c.severity}]  ${c.title}\n`);
    if (c.references.length) ctx.io.stdout(`    ${c.references.map(formatReference).join('; ')}\n`);
  }
}

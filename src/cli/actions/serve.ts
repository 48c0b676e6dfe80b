import { CHECKS } from '../../checks/registry.js';
import { dashboardLoader } from '../../dashboard/load.js';
import { DASHBOARD_HOST, startDashboard } from '../../dashboard/server.js';
import { UsageError } from '../../errors.js';
import type { AuditResult } from '../../checks/engine.js';
import type { AccountSnapshot } from '../../snapshot/model.js';
import { applyConfig } from '../apply-config.js';
import type { CommandContext } from '../context.js';

export interface ServeOptions {
  history?: string;
  input?: string[];
  report?: string;
  port: string;
  host: string;
}

/** `supportguard serve`: the local dashboard, on 127.0.0.1 only, until Ctrl-C. */
export async function serve(ctx: CommandContext, opts: ServeOptions): Promise<void> {
  if (!/^\d+$/.test(opts.port)) throw new UsageError(`--port must be 0–65535 (got ${opts.port})`);
  if (!opts.history && !opts.input?.length && !opts.report) throw new UsageError('give --history, --input or --report (see --help)');
  if (opts.host !== DASHBOARD_HOST && opts.host !== 'localhost') throw new UsageError(`the dashboard listens on ${DASHBOARD_HOST} only (refusing --host ${opts.host})`);
  // Audited --input accounts get supportguard.yml's severity overrides and suppressions, as `audit` would give them.
  const policy = ctx.config ? (result: AuditResult, snapshots: readonly AccountSnapshot[]) => void applyConfig(ctx, result, snapshots) : undefined;
  const load = await dashboardLoader({ history: opts.history, inputs: opts.input, report: opts.report }, CHECKS, policy);
  const server = await startDashboard({ load, port: Number(opts.port) });
  ctx.io.stderr(`supportguard dashboard on ${server.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const signal = ctx.io.signal;
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop);
  });
  await server.close();
  ctx.io.stderr('dashboard stopped\n');
}

import type { Command } from 'commander';
import { CHECKS } from '../../checks/registry.js';
import { dashboardLoader } from '../../dashboard/load.js';
import { DASHBOARD_HOST, startDashboard } from '../../dashboard/server.js';
import { UsageError } from '../../errors.js';
import type { CommandContext } from '../context.js';

interface ServeOptions {
  history?: string;
  input?: string[];
  report?: string;
  port: string;
  host: string;
}

/** `supportguard serve`: the local dashboard, on 127.0.0.1 only, until Ctrl-C. */
export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('serve a local dashboard on 127.0.0.1 (accounts, findings, pass-rate trend, fix snippets) until interrupted')
    .option('--history <file>', 'scan history (JSON Lines) for the trend chart')
    .option('--input <paths...>', 'authorization-details files, snapshots or folders to audit and show')
    .option('--report <file>', 'a report written with --format json')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', '8765')
    .option('--host <host>', `address to listen on: only ${DASHBOARD_HOST} is accepted (the dashboard has no authentication)`, DASHBOARD_HOST)
    .action(async (opts: ServeOptions) => {
      if (!/^\d+$/.test(opts.port)) throw new UsageError(`--port must be 0–65535 (got ${opts.port})`);
      if (!opts.history && !opts.input?.length && !opts.report) throw new UsageError('give --history, --input or --report (see --help)');
      if (opts.host !== DASHBOARD_HOST && opts.host !== 'localhost') throw new UsageError(`the dashboard listens on ${DASHBOARD_HOST} only (refusing --host ${opts.host})`);
      const load = await dashboardLoader({ history: opts.history, inputs: opts.input, report: opts.report }, CHECKS);
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
    });
}

import type { Command } from 'commander';
import { DASHBOARD_HOST } from '../../dashboard/host.js';
import type { ServeOptions } from '../actions/serve.js';
import type { CommandContext } from '../context.js';

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
    .action(async (opts: ServeOptions) => (await import('../actions/serve.js')).serve(ctx, opts));
}

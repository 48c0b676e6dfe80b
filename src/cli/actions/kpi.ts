import { createClients } from '../../aws/clients.js';
import { lookupKpiEvents } from '../../collect/cloudtrail-events.js';
import { UsageError } from '../../errors.js';
import { readCloudTrailLogs, type CloudTrailRecord } from '../../history/cloudtrail.js';
import { computeKpis, renderKpiTable } from '../../history/kpi.js';
import { readHistory, type DrillHistoryRecord, type HistoryRecord } from '../../history/index.js';
import { awsConfigFromCli } from '../aws-config.js';
import { validateAwsFlags } from '../flags.js';
import { EXIT, type CommandContext } from '../context.js';
import { emitOutputs, planOutputs, type OutputFormats } from '../output-plan.js';

/** Corrupt history lines reported one by one; the rest are counted. */
const MAX_LINE_WARNINGS = 5;

export interface KpiOptions {
  history?: string;
  cloudtrail?: string[];
  live?: boolean;
  profile?: string;
  region?: string;
  endpointUrl?: string;
  since?: string;
  format: string | string[];
  output?: string;
  outputFile?: string[];
}

/** kpi's formats and their names in an `-o DIR/` folder. */
export const KPI_OUTPUTS: OutputFormats<'table' | 'json'> = { formats: ['table', 'json'], fileNames: { table: 'supportguard-kpi.txt', json: 'supportguard-kpi.json' }, fallback: 'table' };

/** `supportguard kpi`: pass rate over time, support roles and their use, who opens support cases. */
export async function kpi(ctx: CommandContext, opts: KpiOptions): Promise<void> {
  const outputs = planOutputs(opts, KPI_OUTPUTS);
  if (!opts.history && !opts.cloudtrail?.length && !opts.live) throw new UsageError('give --history, --cloudtrail or --live (see --help)');
  if (opts.since !== undefined && (!/^\d{4}-\d{2}-\d{2}/.test(opts.since) || Number.isNaN(Date.parse(opts.since)))) throw new UsageError(`--since "${opts.since}" is not an ISO date (e.g. 2026-01-31)`);
  if (!opts.live && (opts.profile || opts.region || opts.endpointUrl)) throw new UsageError('--profile, --region and --endpoint-url need --live');
  validateAwsFlags(opts);

  let records: HistoryRecord[] = [];
  let drills: DrillHistoryRecord[] = [];
  if (opts.history) {
    const read = await readHistory(opts.history);
    records = read.records;
    drills = read.drills;
    // A few lines tell the user what is wrong; hundreds would bury the KPIs.
    for (const p of read.problems.slice(0, MAX_LINE_WARNINGS)) ctx.io.stderr(`supportguard: warning: ${opts.history} line ${p.line}: ${p.message} (line skipped)\n`);
    const more = read.problems.length - MAX_LINE_WARNINGS;
    if (more > 0) ctx.io.stderr(`supportguard: warning: ${opts.history}: ${more} more corrupt line(s) skipped\n`);
  }
  const events: CloudTrailRecord[] = opts.cloudtrail?.length ? await readCloudTrailLogs(opts.cloudtrail) : [];
  if (opts.live) {
    const clients = await createClients(awsConfigFromCli(opts, ctx.io.env), undefined, ['cloudTrail']);
    try {
      events.push(...(await lookupKpiEvents(clients.cloudTrail, { since: opts.since ? new Date(opts.since) : undefined })));
    } finally {
      clients.destroy();
    }
  }
  const kpis = computeKpis(records, events, { since: opts.since, drills });
  await emitOutputs(ctx.io, outputs, (format) => (format === 'json' ? JSON.stringify(kpis, null, 2) + '\n' : renderKpiTable(kpis)), 'KPIs');
  ctx.exitCode = EXIT.OK;
}

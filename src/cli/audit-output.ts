import type { AuditResult } from '../checks/engine.js';
import type { Check } from '../checks/types.js';
import { UsageError } from '../errors.js';
import { SEVERITIES, severityRank, type Severity } from '../findings/model.js';
import { buildHistoryRecord } from '../history/record.js';
import { appendHistory, checkHistoryTarget } from '../history/store.js';
import { REPORT_FILE_NAMES, REPORT_FORMATS, type ReportFormat } from '../report/formats.js';
import { loadPartsRenderer } from '../report/load.js';
import { describeFilteredOut, filterResult, FilterValueError, parseSeverityFilter, parseStatusFilter, QUIET_STATUSES, type FindingFilter } from '../report/select.js';
import type { TableDetail } from '../report/types.js';
import type { AccountSnapshot } from '../snapshot/model.js';
import { EXIT, type CliIo } from './context.js';
import { emitOutputs, planOutputs, type OutputFormats } from './output-plan.js';

/** Options shared by every command that prints an audit result. */
export interface ReportOptions {
  /** -f: one format, a comma list, or (repeated) a list of them. */
  format: string | string[];
  output?: string;
  /** --output-file FORMAT=PATH, repeated. */
  outputFile?: string[];
  failOn: string;
  exitZero?: boolean;
  color?: boolean;
  /** --history FILE: append one JSON line about this run. */
  history?: string;
  /** --severity, --status (repeatable lists), --quiet, --verbose: what is shown, never what fails. */
  severity?: string[];
  status?: string[];
  quiet?: boolean;
  verbose?: boolean;
}

const REPORT_OUTPUTS: OutputFormats<ReportFormat> = { formats: REPORT_FORMATS, fileNames: REPORT_FILE_NAMES, fallback: 'table' };

/** What a command can add to the report beyond the result (all optional, so callers stay compatible). */
export interface ReportExtras {
  /** The snapshots judged: give the history each support role's last use and the account's administrators. */
  snapshots?: readonly AccountSnapshot[];
}

/** The display filter of --severity, --status and --quiet. */
function reportFilter(o: ReportOptions): FindingFilter {
  const asList = (v: string | string[] | undefined) => (v === undefined ? undefined : [v].flat());
  const severity = asList(o.severity);
  const status = asList(o.status);
  const by: string[] = [];
  try {
    const severities = severity ? parseSeverityFilter(severity) : undefined;
    if (severity) by.push(`--severity ${severity.join(',')}`);
    let statuses = status ? parseStatusFilter(status) : undefined;
    if (status) by.push(`--status ${status.join(',')}`);
    else if (o.quiet) {
      statuses = [...QUIET_STATUSES];
      by.push('--quiet');
    }
    return { severities, statuses, by };
  } catch (e) {
    if (e instanceof FilterValueError) throw new UsageError(e.message);
    throw e;
  }
}

/** How much the table prints: --quiet, --verbose or an explicit --status (the user chose what to see), else the default. */
function tableDetail(o: ReportOptions): TableDetail {
  if (o.quiet) return 'quiet';
  return o.verbose || o.status ? 'all' : 'problems';
}

/**
 * Validates the output flags, --fail-on, the filters and the --history target before any work starts: a history file
 * or an output that would be refused must stop the run before a scan, not after.
 */
export function validateReportOptions(o: ReportOptions): void {
  planOutputs(o, REPORT_OUTPUTS);
  if (!(SEVERITIES as readonly string[]).includes(o.failOn)) throw new UsageError(`unknown --fail-on "${o.failOn}" (one of: ${SEVERITIES.join(', ')})`);
  if (o.quiet && o.verbose) throw new UsageError('--quiet and --verbose cannot be used together');
  reportFilter(o);
  if (o.history !== undefined) checkHistoryTarget(o.history);
}

/**
 * The exit code for a result: ERROR findings make the run partial (3); a FAIL at or above
 * --fail-on is 1; otherwise 0. --exit-zero reports without failing the pipeline.
 */
export function exitCodeFor(result: AuditResult, failOn: Severity, exitZero = false): number {
  if (exitZero) return EXIT.OK;
  if (result.findings.some((f) => f.status === 'ERROR')) return EXIT.ERROR;
  // A suppressed FAIL is an accepted exception (supportguard.yml): reported as SUPPRESSED, never counted here.
  if (result.findings.some((f) => f.status === 'FAIL' && !f.suppression && severityRank(f.severity) >= severityRank(failOn))) return EXIT.FINDINGS;
  return EXIT.OK;
}

/**
 * Renders the result in every format asked for, writes the files (all of them or none) and prints the one stdout
 * output, and returns the exit code. The filters change what the reports show; the exit code and the history are
 * computed on every finding.
 */
export async function emitReport(io: CliIo, result: AuditResult, checks: readonly Check[], o: ReportOptions, extras: ReportExtras = {}): Promise<number> {
  const outputs = planOutputs(o, REPORT_OUTPUTS);
  const shown = filterResult(result, reportFilter(o));
  const detail = tableDetail(o);
  // Only the formats written are loaded: start-up is most of a small audit. In parts: a large organisation's OCSF,
  // ASFF or JSON report can be more than one string holds, and is written part by part.
  const formats = [...new Set(outputs.map((x) => x.format))];
  const renderers = new Map(await Promise.all(formats.map(async (f) => [f, await loadPartsRenderer(f)] as const)));
  const generatedAt = new Date().toISOString();
  await emitOutputs(
    io,
    outputs,
    (format, toStdout) => {
      const color = format === 'table' && toStdout && io.stdoutIsTTY && o.color !== false && !io.env.NO_COLOR;
      return renderers.get(format)!({ result: shown, checks, generatedAt, color, detail });
    },
    'report',
    o.quiet,
  );
  // The table and the JSON say what a filter left out; for the other formats stderr does.
  const note = describeFilteredOut(shown);
  if (note && outputs.some((x) => x.format !== 'table' && x.format !== 'json')) io.stderr(`supportguard: note: ${note} --fail-on and the exit code still count them.\n`);
  if (o.history) await appendHistory(o.history, buildHistoryRecord(result, { time: generatedAt, snapshots: extras.snapshots }));
  return exitCodeFor(result, o.failOn as Severity, o.exitZero);
}

import type { AuditResult } from '../checks/engine.js';
import type { Check } from '../checks/types.js';
import { UsageError } from '../errors.js';
import { SEVERITIES, severityRank, type Severity } from '../findings/model.js';
import { buildHistoryRecord } from '../history/record.js';
import { appendHistory, checkHistoryTarget } from '../history/store.js';
import { REPORT_FORMATS, type ReportFormat } from '../report/formats.js';
import { loadRenderer } from '../report/load.js';
import type { AccountSnapshot } from '../snapshot/model.js';
import { EXIT, type CliIo } from './context.js';
import { writeFileAtomic } from './output.js';

/** Options shared by every command that prints an audit result. */
export interface ReportOptions {
  format: string;
  output?: string;
  failOn: string;
  exitZero?: boolean;
  color?: boolean;
  /** --history FILE: append one JSON line about this run. */
  history?: string;
}

/** What a command can add to the report beyond the result (all optional, so callers stay compatible). */
export interface ReportExtras {
  /** The snapshots judged: give the history each support role's last use and the account's administrators. */
  snapshots?: readonly AccountSnapshot[];
}

/**
 * Validates --format, --fail-on and the --history target before any work starts: a history file that would
 * be refused must stop the run before a scan or an `-o` report, not after.
 */
export function validateReportOptions(o: ReportOptions): void {
  if (!(REPORT_FORMATS as readonly string[]).includes(o.format)) throw new UsageError(`unknown --format "${o.format}" (one of: ${REPORT_FORMATS.join(', ')})`);
  if (!(SEVERITIES as readonly string[]).includes(o.failOn)) throw new UsageError(`unknown --fail-on "${o.failOn}" (one of: ${SEVERITIES.join(', ')})`);
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

/** Renders the result, prints or writes it, and returns the exit code. */
export async function emitReport(io: CliIo, result: AuditResult, checks: readonly Check[], o: ReportOptions, extras: ReportExtras = {}): Promise<number> {
  // Only the format printed is loaded: start-up is most of a small audit.
  const renderer = await loadRenderer(o.format as ReportFormat);
  const color = o.format === 'table' && !o.output && io.stdoutIsTTY && o.color !== false && !io.env.NO_COLOR;
  const generatedAt = new Date().toISOString();
  const text = renderer({ result, checks, generatedAt, color });
  if (o.output) {
    await writeFileAtomic(o.output, text);
    io.stderr(`wrote ${o.format} report to ${o.output}\n`);
  } else io.stdout(text);
  if (o.history) await appendHistory(o.history, buildHistoryRecord(result, { time: generatedAt, snapshots: extras.snapshots }));
  return exitCodeFor(result, o.failOn as Severity, o.exitZero);
}

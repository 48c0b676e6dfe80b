import type { AuditResult, FilteredOut } from '../checks/engine.js';
import { SEVERITIES, severityRank, STATUSES, type Finding, type Severity } from '../findings/model.js';
import { shownStatus, type ShownStatus } from './common.js';

/**
 * What a report shows (`--severity`, `--status`, `--quiet`), as opposed to what fails a run (`--fail-on`, always
 * computed on every finding). Pure: the CLI parses the flags with these functions and renders the filtered result.
 */

/** Values of `--status`, in the order help and completion list them. */
export const SHOWN_STATUSES: readonly ShownStatus[] = [...STATUSES, 'SUPPRESSED'];

/** Findings to keep; an absent list keeps everything. */
export interface FindingFilter {
  severities?: readonly Severity[];
  statuses?: readonly ShownStatus[];
  /** How the user asked for it (`--severity high`, `--quiet`), for the "N not shown" line of a filtered report. */
  by?: readonly string[];
}

/** A value of a list flag that is not one of its words: the message is the CLI's one-line usage error. */
export class FilterValueError extends Error {
  override name = 'FilterValueError';
}

const words = (value: string) => value.split(',').map((w) => w.trim().toLowerCase()).filter(Boolean);

/**
 * `--severity`: one severity is a minimum, like `--fail-on` (`high` = high and critical); a comma list is exactly those
 * (`low,medium`). Repeating the flag adds to the list.
 */
export function parseSeverityFilter(values: readonly string[]): Severity[] {
  const all = values.flatMap(words);
  const unknown = all.filter((w) => !(SEVERITIES as readonly string[]).includes(w));
  if (unknown.length || all.length === 0) throw new FilterValueError(`unknown --severity "${unknown.join(',') || values.join(',')}" (a minimum or a comma list of: ${SEVERITIES.join(', ')})`);
  if (all.length === 1) return SEVERITIES.filter((s) => severityRank(s) >= severityRank(all[0] as Severity));
  return SEVERITIES.filter((s) => all.includes(s));
}

/** `--status PASS,FAIL,ERROR,INFO,SUPPRESSED` (any case, comma list, repeatable). */
export function parseStatusFilter(values: readonly string[]): ShownStatus[] {
  const all = values.flatMap(words).map((w) => w.toUpperCase());
  const unknown = all.filter((w) => !(SHOWN_STATUSES as readonly string[]).includes(w));
  if (unknown.length || all.length === 0) throw new FilterValueError(`unknown --status "${unknown.join(',') || values.join(',')}" (a comma list of: ${SHOWN_STATUSES.join(', ')})`);
  return SHOWN_STATUSES.filter((s) => all.includes(s));
}

/** `--quiet`: the findings that need someone (unsuppressed FAIL and ERROR). */
export const QUIET_STATUSES: readonly ShownStatus[] = ['FAIL', 'ERROR'];

/** True when the filter keeps the finding. */
export function keeps(filter: FindingFilter, f: Finding): boolean {
  if (filter.severities && !filter.severities.includes(f.severity)) return false;
  if (filter.statuses && !filter.statuses.includes(shownStatus(f))) return false;
  return true;
}

/**
 * The result with only the findings the filter keeps. Account verdicts and the skipped checks stay whole, and the
 * findings left out are counted in `filtered`, so every summary still counts all findings and a report can say how
 * many it does not show. An unfiltered result is returned as it is.
 */
export function filterResult(result: AuditResult, filter: FindingFilter): AuditResult {
  if (!filter.severities && !filter.statuses) return result;
  const findings: Finding[] = [];
  const hidden: FilteredOut = { total: 0, byStatus: { PASS: 0, FAIL: 0, ERROR: 0, INFO: 0 }, suppressed: 0, by: [...(filter.by ?? [])] };
  for (const f of result.findings) {
    if (keeps(filter, f)) findings.push(f);
    else {
      hidden.total++;
      hidden.byStatus[f.status]++;
      if (f.suppression) hidden.suppressed++;
    }
  }
  // Filtering a filtered result adds up what both left out.
  const before = result.filtered;
  if (before) {
    hidden.total += before.total;
    for (const s of STATUSES) hidden.byStatus[s] += before.byStatus[s];
    hidden.suppressed += before.suppressed;
    hidden.by = [...before.by, ...hidden.by];
  }
  return { ...result, findings, filtered: hidden };
}

/** "12 finding(s) not shown (--severity high): 10 PASS, 2 INFO", or undefined when nothing was left out. */
export function describeFilteredOut(result: AuditResult): string | undefined {
  const f = result.filtered;
  if (!f || f.total === 0) return undefined;
  const parts = STATUSES.filter((s) => f.byStatus[s] > 0).map((s) => `${f.byStatus[s]} ${s}`);
  const suppressed = f.suppressed > 0 ? ` (${f.suppressed} SUPPRESSED)` : '';
  return `${f.total} finding(s) not shown${f.by.length ? ` (${f.by.join(', ')})` : ''}: ${parts.join(', ')}${suppressed}.`;
}

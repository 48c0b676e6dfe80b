import { TOOL_NAME, VERSION } from '../version.js';
import { summarize } from './summary.js';
import type { ReportInput } from './types.js';

/** Machine-readable report: summary, per-account verdicts, every finding shown (`filtered` counts the ones a filter left out), and checks skipped for lack of data. */
export function renderJson({ result, generatedAt }: ReportInput): string {
  return (
    JSON.stringify(
      {
        tool: { name: TOOL_NAME, version: VERSION },
        generatedAt,
        summary: summarize(result),
        accounts: result.accounts,
        findings: result.findings,
        skipped: result.skipped,
        // Only with suppressions in supportguard.yml: expired entries and those that matched nothing (stale).
        ...(result.suppressions ? { suppressions: { expired: result.suppressions.expired, unmatched: result.suppressions.unmatched } } : {}),
        // Present only when --severity/--status/--quiet left findings out: how many, by status, and by which flags.
        filtered: result.filtered,
      },
      null,
      2,
    ) + '\n'
  );
}

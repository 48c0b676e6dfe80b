import { TOOL_NAME, VERSION } from '../version.js';
import { summarize } from './summary.js';
import type { ReportInput } from './types.js';

/** Machine-readable report: summary, per-account verdicts, every finding, and checks skipped for lack of data. */
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
      },
      null,
      2,
    ) + '\n'
  );
}

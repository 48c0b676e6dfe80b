import { TOOL_NAME, VERSION } from '../version.js';
import { joinParts } from './common.js';
import { summarize } from './summary.js';
import type { ReportInput } from './types.js';

/** The report document; `findings` is given apart so that the parts renderer can write them one by one. */
function jsonDocument({ result, generatedAt }: ReportInput, findings: readonly unknown[]): object {
  return {
    tool: { name: TOOL_NAME, version: VERSION },
    generatedAt,
    summary: summarize(result),
    accounts: result.accounts,
    findings,
    skipped: result.skipped,
    // Only with suppressions in supportguard.yml: expired entries and those that matched nothing (stale).
    ...(result.suppressions ? { suppressions: { expired: result.suppressions.expired, unmatched: result.suppressions.unmatched } } : {}),
    // Present only when --severity/--status/--quiet left findings out: how many, by status, and by which flags.
    filtered: result.filtered,
  };
}

/** `"findings": []` as the document without findings has it: the only key at two spaces of that name (nested keys are indented deeper, and no string holds a raw newline). */
const NO_FINDINGS = '\n  "findings": []';

/**
 * The JSON report in parts (see `renderJson`): the document around the findings, then one part a finding, serialised
 * at the indentation it has in the whole document, so the parts join to the bytes of `JSON.stringify(document, null, 2)`.
 */
export function* renderJsonParts(input: ReportInput): Generator<string, void, undefined> {
  const text = `${JSON.stringify(jsonDocument(input, []), null, 2)}\n`;
  const findings = input.result.findings;
  if (findings.length === 0) {
    yield text;
    return;
  }
  const at = text.indexOf(NO_FINDINGS);
  yield `${text.slice(0, at)}\n  "findings": [`;
  // An element of [[finding]] is serialised at depth 2, as a finding of the document's "findings" array: "[\n  [\n" and "\n  ]\n]" cut off.
  for (let i = 0; i < findings.length; i++) yield `${i === 0 ? '\n' : ',\n'}${JSON.stringify([[findings[i]]], null, 2).slice(6, -6)}`;
  yield `\n  ]${text.slice(at + NO_FINDINGS.length)}`;
}

/** Machine-readable report: summary, per-account verdicts, every finding shown (`filtered` counts the ones a filter left out), and checks skipped for lack of data. */
export function renderJson(input: ReportInput): string {
  return joinParts(renderJsonParts(input), 'JSON', 'renderJsonParts');
}

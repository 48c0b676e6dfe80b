import { describe, expect, it } from 'vitest';
import { exampleReportInput } from '../../test/helpers/report-input.js';
import { CHECKS } from '../checks/registry.js';
import { applyConfigPolicy } from '../config/suppress.js';
import { VERSION } from '../version.js';
import { renderJson, renderJsonParts } from './json.js';
import { filterResult } from './select.js';
import { summarize } from './summary.js';
import type { ReportInput } from './types.js';

/** Every check over the examples, with a suppression and a --status filter: every key the JSON report can have. */
async function fullInput(): Promise<ReportInput> {
  const input = await exampleReportInput(undefined, CHECKS);
  applyConfigPolicy(input.result, { suppressions: [{ check: 'cis-support-role', reason: 'accepted', owner: 'sec@example.com', expires: '2026-12-31', scope: { accounts: ['222222222222'] } }] }, { today: new Date('2026-12-02T00:00:00Z'), snapshots: input.snapshots });
  const result = filterResult(input.result, { statuses: ['FAIL', 'ERROR', 'INFO'], by: ['--status FAIL,ERROR,INFO'] });
  // An account name that looks like the findings key: it is escaped (no raw newline in a JSON string), never taken for it
  result.accounts[0] = { ...result.accounts[0]!, accountName: 'x\n  "findings": []' };
  return { ...input, result };
}

/** The JSON report as one JSON.stringify of the whole document (how renderJson wrote it before it had parts). */
const whole = ({ result, generatedAt }: ReportInput) =>
  `${JSON.stringify({ tool: { name: 'supportguard', version: VERSION }, generatedAt, summary: summarize(result), accounts: result.accounts, findings: result.findings, skipped: result.skipped, suppressions: { expired: result.suppressions!.expired, unmatched: result.suppressions!.unmatched }, filtered: result.filtered }, null, 2)}\n`;

describe('JSON report', () => {
  it('gives, in parts, exactly the bytes of the whole document serialised at once', async () => {
    // Given every check, suppressions and a filter
    const input = await fullInput();
    expect(input.result.findings.length).toBeGreaterThan(10);
    // When rendered in parts
    const parts = [...renderJsonParts(input)];
    // Then there is the document before the findings, one part a finding and the rest, and they join to the whole document
    expect(parts).toHaveLength(input.result.findings.length + 2);
    expect(parts[0]!.endsWith('\n  "findings": [')).toBe(true);
    expect(parts.join('')).toBe(whole(input));
    expect(renderJson(input)).toBe(whole(input));
  });

  it('is one part, `"findings": []`, without findings', async () => {
    const input = await fullInput();
    const empty = { ...input, result: { ...input.result, findings: [] } };
    expect([...renderJsonParts(empty)]).toEqual([whole(empty)]);
    expect(whole(empty)).toContain('\n  "findings": [],\n');
  });
});

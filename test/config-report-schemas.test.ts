import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/registry.js';
import { applyConfigPolicy } from '../src/config/suppress.js';
import type { Suppression } from '../src/config/types.js';
import { renderAsff } from '../src/report/asff.js';
import { renderJunit } from '../src/report/junit.js';
import { renderOcsf } from '../src/report/ocsf.js';
import { renderSarif } from '../src/report/sarif.js';
import { exampleReportInput } from './helpers/report-input.js';
import { asffFieldsNotInModel, junitSchemaErrors, ocsfSchemaErrors, sarifSchemaErrors } from './helpers/schemas.js';

// The report formats stay valid against their schemas with suppressed findings in them (SARIF suppressions, OCSF
// status_id 3, JUnit <skipped>, ASFF Workflow SUPPRESSED), and every suppressed finding shows as suppressed.

const entry = (over: Partial<Suppression>): Suppression => ({ check: 'cis-support-role', reason: 'accepted <until> "Q1" & later', owner: 'sec@example.com', expires: '2026-12-31', ...over });

async function suppressedInput() {
  const input = await exampleReportInput(undefined, CHECKS);
  const report = applyConfigPolicy(
    input.result,
    {
      suppressions: [
        entry({ scope: { accounts: ['222222222222'] } }), // a CIS FAIL
        entry({ check: 'support-functional-equivalents', scope: { accounts: ['222222222222'] } }), // INFO findings
        entry({ check: 'support-role-case-capability', scope: { roles: ['arn:aws:iam::121212121212:role/*'] } }), // a quality FAIL
        entry({ scope: { accounts: ['888888888888'] } }), // an ERROR: never suppressed
      ],
    },
    { today: new Date('2026-12-02T00:00:00Z'), snapshots: input.snapshots },
  );
  return { input, report };
}

describe('report schemas with suppressed findings', () => {
  it('suppresses the FAIL and INFO findings in scope, never the ERROR, and reports the entry that only met an ERROR as unmatched', async () => {
    const { input, report } = await suppressedInput();
    const suppressed = input.result.findings.filter((f) => f.suppression);
    expect(new Set(suppressed.map((f) => `${f.accountId} ${f.checkId} ${f.status}`))).toEqual(
      new Set(['222222222222 cis-support-role FAIL', '222222222222 support-functional-equivalents INFO', '121212121212 support-role-case-capability FAIL']),
    );
    expect(input.result.findings.find((f) => f.accountId === '888888888888' && f.status === 'ERROR')?.suppression).toBeUndefined();
    expect(report.unmatched.map((u) => u.index)).toEqual([3]);
    expect(input.result.accounts.find((a) => a.accountId === '222222222222')).toMatchObject({ status: 'FAIL', suppressed: true });
    expect(input.result.accounts.find((a) => a.accountId === '333333333333')?.suppressed).toBeUndefined();
  });

  it('SARIF validates, with an accepted external suppression on each suppressed result', async () => {
    const { input } = await suppressedInput();
    const log = JSON.parse(renderSarif(input)) as { runs: { results: { ruleId: string; suppressions?: { kind: string; status: string; justification: string }[] }[] }[] };
    expect(sarifSchemaErrors(log)).toEqual([]);
    const withSuppression = log.runs[0]!.results.filter((r) => r.suppressions);
    expect(withSuppression.length).toBe(input.result.findings.filter((f) => f.suppression).length);
    expect(withSuppression[0]!.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'accepted <until> "Q1" & later (owner sec@example.com, expires 2026-12-31)' }]);
  });

  it('OCSF validates, suppressed events have status_id 3 and are no alert', async () => {
    const { input } = await suppressedInput();
    const events = JSON.parse(renderOcsf(input)) as { status_id: number; status: string; is_alert?: boolean; resources: { uid: string }[]; finding_info: { uid: string } }[];
    for (const e of events) expect(ocsfSchemaErrors(e), e.finding_info.uid).toEqual([]);
    const suppressed = events.filter((e) => e.status_id === 3);
    expect(suppressed.length).toBeGreaterThanOrEqual(3);
    expect(suppressed.every((e) => e.status === 'Suppressed' && e.is_alert !== true)).toBe(true);
  });

  it('JUnit validates against junit-10.xsd with suppressed findings as <skipped>', async () => {
    const { input } = await suppressedInput();
    const xml = renderJunit(input);
    expect(await junitSchemaErrors(xml)).toEqual([]);
    expect(xml).toContain('<skipped message="SUPPRESSED FAIL: accepted &lt;until&gt; &quot;Q1&quot; &amp; later (owner sec@example.com, expires 2026-12-31)"/>');
  });

  it('ASFF has only Security Hub fields, with Workflow.Status SUPPRESSED for suppressed findings', async () => {
    const { input } = await suppressedInput();
    const findings = JSON.parse(renderAsff(input)) as { Workflow: { Status: string }; Compliance: { Status: string }; GeneratorId: string; AwsAccountId: string }[];
    expect(await asffFieldsNotInModel(findings)).toEqual([]);
    const cis222 = findings.find((f) => f.AwsAccountId === '222222222222' && f.GeneratorId.endsWith('cis-support-role'));
    expect(cis222).toMatchObject({ Workflow: { Status: 'SUPPRESSED' }, Compliance: { Status: 'FAILED' } });
    expect(findings.find((f) => f.AwsAccountId === '888888888888')?.Workflow.Status).toBe('NEW');
  });
});

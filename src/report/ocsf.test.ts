import { describe, expect, it } from 'vitest';
import { exampleReportInput, GENERATED_AT } from '../../test/helpers/report-input.js';
import { VERSION } from '../version.js';
import { ocsfSchemaErrors } from '../../test/helpers/schemas.js';
import { CHECKS } from '../checks/registry.js';
import { OCSF_SCHEMA_VERSION, renderOcsf, renderOcsfParts, toOcsf, type OcsfComplianceFinding, type OcsfDetectionFinding, type OcsfFinding } from './ocsf.js';

const detections = (out: OcsfFinding[]) => out.filter((f): f is OcsfDetectionFinding => f.class_uid === 2004);
const verdicts = (out: OcsfFinding[]) => out.filter((f): f is OcsfComplianceFinding => f.class_uid === 2003);

describe('OCSF report', () => {
  it('writes one compact event per line inside one JSON array, the events of toOcsf (and [] for no finding)', async () => {
    // Given every check over the example accounts (hostile names included: quotes, newlines, bidi characters)
    const input = await exampleReportInput(undefined, CHECKS);
    const events = toOcsf(input.result.findings, { generatedAt: input.generatedAt, checks: input.checks });
    // When rendered as OCSF
    const text = renderOcsf(input);
    // Then the text is "[", one event a line (each but the last followed by a comma), "]"
    expect(text).toBe(`[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`);
    const lines = text.split('\n');
    expect(lines).toHaveLength(events.length + 3);
    expect([lines[0], ...lines.slice(-2)]).toEqual(['[', ']', '']);
    expect(lines.slice(1, -2).map((l, i) => JSON.parse(i < events.length - 1 ? l.slice(0, -1) : l) as unknown)).toEqual(events);
    // and the whole is one JSON document: the array of toOcsf
    expect(JSON.parse(text)).toEqual(events);
    expect(renderOcsf({ ...input, result: { ...input.result, findings: [] } })).toBe('[]\n');
  });

  it('gives the same text in parts, one an event, that join to exactly the string renderer\'s text', async () => {
    // Given every check over the example accounts
    const input = await exampleReportInput(undefined, CHECKS);
    // When rendered in parts
    const parts = [...renderOcsfParts(input)];
    // Then there is a part per event plus the closing bracket, and together they are renderOcsf's text
    expect(parts).toHaveLength(toOcsf(input.result.findings, { generatedAt: input.generatedAt, checks: input.checks }).length + 1);
    expect(parts.join('')).toBe(renderOcsf(input));
    expect([...renderOcsfParts({ ...input, result: { ...input.result, findings: [] } })]).toEqual(['[]\n']);
  });

  it('emits Detection Findings (class 2004) laid out as Prowler does', async () => {
    // Given the example accounts
    const input = await exampleReportInput();
    // When rendered as OCSF and parsed back
    const out = detections(JSON.parse(renderOcsf(input)) as OcsfFinding[]);
    // Then one Detection Finding per finding: a FAIL is "Detection Finding: Create", New and an alert
    expect(out).toHaveLength(input.result.findings.length);
    for (const f of out) {
      expect(f).toMatchObject({ class_uid: 2004, category_uid: 2 });
      if (f.status_code !== 'PASS') expect(f).toMatchObject({ type_uid: 200401, type_name: 'Detection Finding: Create', activity_id: 1, status_id: 1, status: 'New', is_alert: f.status_code === 'FAIL' });
      expect(f.metadata).toEqual({ event_code: 'cis-support-role', product: { name: 'supportguard', uid: 'supportguard', vendor_name: 'supportguard', version: VERSION }, profiles: ['cloud', 'datetime'], version: OCSF_SCHEMA_VERSION });
    }
    const fail = out.find((f) => f.cloud.account.uid === '222222222222')!;
    expect(fail.status_code).toBe('FAIL');
    expect(fail.severity_id).toBe(3);
    expect(fail.severity).toBe('Medium');
    expect(fail.status_detail).toMatch(/^No role has arn:aws:iam::aws:policy\/AWSSupportAccess; it is attached only to users \(bob\)/);
    expect(fail.time).toBe(Date.parse(GENERATED_AT) / 1000);
    expect(fail.finding_info).toMatchObject({
      uid: 'supportguard-cis-support-role/222222222222/arn:aws:iam::222222222222:root',
      title: 'An IAM role has the AWS-managed AWSSupportAccess policy attached',
      types: ['Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark'],
      created_time: Date.parse(GENERATED_AT) / 1000,
    });
    expect(fail.finding_info.desc).toMatch(/^Incident responders need to open AWS Support cases/);
    expect(fail.resources).toEqual([
      expect.objectContaining({ uid: 'arn:aws:iam::222222222222:root', type: 'AwsAccount', region: 'us-east-1', cloud_partition: 'aws', group: { name: 'iam' } }),
    ]);
    expect(fail.cloud).toEqual({ account: { uid: '222222222222', type_id: 10, type: 'AWS Account' }, provider: 'AWS', region: 'us-east-1' });
    expect(fail.remediation.desc).toMatch(/^Create a role that your incident responders can assume/);
    expect(fail.remediation.references).toContain('CIS 5.0.0 §1.16');
    // Prowler's finding_info.name is not an OCSF 1.4.0 attribute: it lives under unmapped
    expect(fail.finding_info).not.toHaveProperty('name');
    expect(fail.unmapped.finding_info).toEqual({ name: 'arn:aws:iam::222222222222:root' });
    expect(fail.unmapped.compliance).toMatchObject({ 'CIS-5.0': ['1.16'], 'CIS-7.0': ['2.15'], 'CIS-4.0.1': ['1.17'], 'AWS Security Hub-CSPM': ['IAM.18'] });
  });

  it('keeps ERROR as its own status code and uses the GovCloud partition and region', async () => {
    const input = await exampleReportInput();
    const out = detections(JSON.parse(renderOcsf(input)) as OcsfFinding[]);
    expect(out.find((f) => f.cloud.account.uid === '888888888888')!.status_code).toBe('ERROR');
    const gov = out.find((f) => f.cloud.account.uid === '777777777777')!;
    expect(gov.resources[0]).toMatchObject({ cloud_partition: 'aws-us-gov', region: 'us-gov-west-1' });
    expect(gov.status_code).toBe('PASS');
  });

  it('closes a PASS instead of opening a detection: activity Close, status Resolved, no alert', async () => {
    const input = await exampleReportInput(['examples/accounts/111111111111-support-role.json']);
    const [pass] = detections(JSON.parse(renderOcsf(input)) as OcsfFinding[]);
    expect(pass).toMatchObject({ status_code: 'PASS', activity_id: 3, activity_name: 'Close', type_uid: 200403, type_name: 'Detection Finding: Close', status_id: 4, status: 'Resolved', is_alert: false });
  });

  it('emits the CIS verdict of each account also as a Compliance Finding (2003) with compliance.status_id', async () => {
    // Given a passing, a failing and an unreadable account
    const input = await exampleReportInput(['examples/accounts/111111111111-support-role.json', 'examples/accounts/666666666666-no-support-role.json', 'examples/accounts/888888888888-truncated-export.json']);
    // When rendered as OCSF
    const out = JSON.parse(renderOcsf(input)) as OcsfFinding[];
    // Then each Detection Finding of the CIS check is followed by its Compliance Finding
    expect(out.map((f) => `${f.class_uid} ${f.cloud.account.uid} ${f.status_code}`)).toEqual([
      '2004 111111111111 PASS', '2003 111111111111 PASS', '2004 666666666666 FAIL', '2003 666666666666 FAIL', '2004 888888888888 ERROR', '2003 888888888888 ERROR',
    ]);
    const [pass, fail, error] = verdicts(out);
    expect(fail!.compliance).toEqual({
      standards: ['CIS AWS Foundations Benchmark v1.1.0', 'CIS AWS Foundations Benchmark v1.2.0', 'CIS AWS Foundations Benchmark v1.3.0', 'CIS AWS Foundations Benchmark v1.4.0', 'CIS AWS Foundations Benchmark v1.5.0', 'CIS AWS Foundations Benchmark v2.0.0', 'CIS AWS Foundations Benchmark v3.0.0', 'CIS AWS Foundations Benchmark v4.0.1', 'CIS AWS Foundations Benchmark v5.0.0', 'CIS AWS Foundations Benchmark v6.0.0', 'CIS AWS Foundations Benchmark v7.0.0'],
      requirements: ['CIS AWS Foundations Benchmark v1.1.0 1.22', 'CIS AWS Foundations Benchmark v1.2.0 1.20', 'CIS AWS Foundations Benchmark v1.3.0 1.17', 'CIS AWS Foundations Benchmark v1.4.0 1.17', 'CIS AWS Foundations Benchmark v1.5.0 1.17', 'CIS AWS Foundations Benchmark v2.0.0 1.17', 'CIS AWS Foundations Benchmark v3.0.0 1.17', 'CIS AWS Foundations Benchmark v4.0.1 1.17', 'CIS AWS Foundations Benchmark v5.0.0 1.16', 'CIS AWS Foundations Benchmark v6.0.0 2.16', 'CIS AWS Foundations Benchmark v7.0.0 2.15'],
      control: 'An IAM role has the AWS-managed AWSSupportAccess policy attached',
      status_id: 3,
      status: 'Fail',
      status_detail: 'No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.',
    });
    expect(fail).toMatchObject({ type_uid: 200301, finding_info: { uid: 'supportguard-compliance-cis-support-role/666666666666/arn:aws:iam::666666666666:root' } });
    expect(pass!.compliance).toMatchObject({ status_id: 1, status: 'Pass' });
    expect(pass).toMatchObject({ type_uid: 200303, status_id: 4 });
    expect(error!.compliance).toMatchObject({ status_id: 0, status: 'Unknown' });
    expect(new Set(out.map((f) => f.finding_info.uid)).size).toBe(out.length);
  });

  it('validates against the OCSF 1.4.0 schema (classes 2004 and 2003), every check and status', async () => {
    // Given every check over the example exports and the hostile account
    const input = await exampleReportInput(undefined, CHECKS);
    const out = JSON.parse(renderOcsf(input)) as OcsfFinding[];
    expect(new Set(out.map((f) => f.status_code))).toEqual(new Set(['PASS', 'FAIL', 'ERROR', 'INFO']));
    expect(verdicts(out).length).toBeGreaterThan(0);
    // Then no event has an error against the schema compiled from the OCSF source
    expect(out.flatMap((f) => ocsfSchemaErrors(f).map((e) => `${f.class_uid} ${f.finding_info.uid}: ${e}`))).toEqual([]);
  });

  it('has a schema check that refuses what the class does not define, or lacks what it requires', async () => {
    const input = await exampleReportInput(['examples/accounts/666666666666-no-support-role.json']);
    const [detection, verdict] = JSON.parse(renderOcsf(input)) as [OcsfDetectionFinding, OcsfComplianceFinding];
    // what the renderer used to write: finding_info.name
    expect(ocsfSchemaErrors({ ...detection, finding_info: { ...detection.finding_info, name: 'root' } } as OcsfDetectionFinding)).toEqual(['/finding_info: must NOT have additional properties {"additionalProperty":"name"}']);
    // a Detection Finding attribute on a Compliance Finding
    expect(ocsfSchemaErrors({ ...verdict, risk_details: 'x' })).toEqual(['/: must NOT have additional properties {"additionalProperty":"risk_details"}']);
    // a Compliance Finding without compliance, a wrong type_uid, an unknown status_id
    const { compliance: _, ...bare } = verdict;
    expect(ocsfSchemaErrors(bare)).toEqual(["/: must have required property 'compliance' {\"missingProperty\":\"compliance\"}"]);
    expect(ocsfSchemaErrors({ ...detection, type_uid: 200301 } as unknown as OcsfDetectionFinding)[0]).toMatch(/^\/type_uid: must be equal to one of the allowed values/);
    expect(ocsfSchemaErrors({ ...detection, status_id: 7 } as unknown as OcsfDetectionFinding)[0]).toMatch(/^\/status_id: must be equal to one of the allowed values/);
    // resources[].cloud_partition exists only with the cloud profile
    expect(ocsfSchemaErrors({ ...detection, metadata: { ...detection.metadata, profiles: ['datetime'] } }).join('\n')).toContain('"additionalProperty":"cloud_partition"');
  });
});

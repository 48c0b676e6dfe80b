import { describe, expect, it } from 'vitest';
import { exampleReportInput, GENERATED_AT } from '../../test/helpers/report-input.js';
import { VERSION } from '../version.js';
import { OCSF_SCHEMA_VERSION, renderOcsf, type OcsfDetectionFinding } from './ocsf.js';

describe('OCSF report', () => {
  it('emits Detection Findings (class 2004) laid out as Prowler does', async () => {
    // Given the example accounts
    const input = await exampleReportInput();
    // When rendered as OCSF and parsed back
    const out = JSON.parse(renderOcsf(input)) as OcsfDetectionFinding[];
    // Then one Detection Finding per finding, with the class, activity and type ids of "Detection Finding: Create"
    expect(out).toHaveLength(input.result.findings.length);
    for (const f of out) {
      expect(f).toMatchObject({ class_uid: 2004, category_uid: 2, type_uid: 200401, activity_id: 1, status_id: 1, status: 'New' });
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
    expect(fail.unmapped.compliance).toMatchObject({ 'CIS-5.0': ['1.16'], 'CIS-7.0': ['2.15'], 'CIS-4.0.1': ['1.17'], 'AWS Security Hub-CSPM': ['IAM.18'] });
  });

  it('keeps ERROR as its own status code and uses the GovCloud partition and region', async () => {
    const input = await exampleReportInput();
    const out = JSON.parse(renderOcsf(input)) as OcsfDetectionFinding[];
    expect(out.find((f) => f.cloud.account.uid === '888888888888')!.status_code).toBe('ERROR');
    const gov = out.find((f) => f.cloud.account.uid === '777777777777')!;
    expect(gov.resources[0]).toMatchObject({ cloud_partition: 'aws-us-gov', region: 'us-gov-west-1' });
    expect(gov.status_code).toBe('PASS');
  });
});

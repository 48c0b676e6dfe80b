import { describe, expect, it } from 'vitest';
import { exampleReportInput, GENERATED_AT } from '../../test/helpers/report-input.js';
import { ASFF_LIMITS, renderAsff, toAsff, type AsffFinding } from './asff.js';

describe('ASFF report', () => {
  it('keeps one Id per check and resource, so a fixed account updates its old FAIL to PASSED instead of leaving it ACTIVE', async () => {
    const before = toAsff((await exampleReportInput(['examples/accounts/666666666666-no-support-role.json'])).result.findings, { generatedAt: GENERATED_AT });
    // The same account after the fix: a role with the policy (the example PASS account's data under this id)
    const after = (await exampleReportInput(['examples/accounts/111111111111-support-role.json'])).result.findings.map((f) => ({ ...f, accountId: '666666666666', resourceArn: 'arn:aws:iam::666666666666:root' }));
    const fixed = toAsff(after, { generatedAt: GENERATED_AT });
    expect(fixed.map((f) => f.Id)).toEqual(before.map((f) => f.Id));
    expect(fixed[0]!.Compliance.Status).toBe('PASSED');
  });

  it('merges two problems a check finds with one role into one finding, and types quality checks as best practices, not CIS', async () => {
    const f = (messageId: string, message: string, severity: 'medium' | 'high') => ({
      checkId: 'support-role-trust-policy', title: 'Trust', status: 'FAIL' as const, severity, accountId: '111111111111', partition: 'aws' as const,
      resourceArn: 'arn:aws:iam::111111111111:role/support', resourceType: 'AwsIamRole', messageId, message, remediation: `fix ${messageId}`,
      references: [{ framework: 'NIST SP 800-171', version: 'r2', control: '3.1.2' }],
    });
    const [one, ...rest] = toAsff([f('missing-mfa', 'No MFA.', 'medium'), f('foreign-account-no-external-id', 'No ExternalId.', 'high')], { generatedAt: GENERATED_AT });
    expect(rest).toEqual([]);
    expect(one).toMatchObject({
      Id: 'supportguard/support-role-trust-policy/111111111111/arn:aws:iam::111111111111:role/support',
      Description: 'No MFA. No ExternalId.',
      Severity: { Label: 'HIGH' },
      Types: ['Software and Configuration Checks/AWS Security Best Practices'],
      Resources: [{ Type: 'AwsIamRole', Id: 'arn:aws:iam::111111111111:role/support', Partition: 'aws', Region: 'us-east-1' }],
      ProductFields: { 'supportguard/MessageId': 'missing-mfa+foreign-account-no-external-id' },
      Remediation: { Recommendation: { Text: 'fix missing-mfa fix foreign-account-no-external-id' } },
    });
  });

  it('maps verdicts to Security Hub compliance and workflow states', async () => {
    // Given the example accounts
    const input = await exampleReportInput();
    // When rendered as ASFF and parsed back
    const out = JSON.parse(renderAsff(input)) as AsffFinding[];
    const of = (account: string) => out.find((f) => f.AwsAccountId === account)!;
    // Then a FAIL is FAILED/NEW with its severity and fix, a PASS is PASSED/RESOLVED/INFORMATIONAL, an ERROR is NOT_AVAILABLE
    expect(of('666666666666')).toEqual({
      SchemaVersion: '2018-10-08',
      Id: 'supportguard/cis-support-role/666666666666/arn:aws:iam::666666666666:root',
      ProductArn: 'arn:aws:securityhub:us-east-1:666666666666:product/666666666666/default',
      ProductName: 'supportguard',
      CompanyName: 'supportguard',
      GeneratorId: 'supportguard-cis-support-role',
      AwsAccountId: '666666666666',
      Region: 'us-east-1',
      Types: ['Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark'],
      CreatedAt: GENERATED_AT,
      UpdatedAt: GENERATED_AT,
      Severity: { Label: 'MEDIUM', Original: 'medium' },
      Title: 'An IAM role has the AWS-managed AWSSupportAccess policy attached',
      Description: 'No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.',
      Remediation: { Recommendation: { Text: expect.stringMatching(/^Create a role that your incident responders can assume/) } },
      Resources: [{ Type: 'AwsAccount', Id: 'AWS::::Account:666666666666', Partition: 'aws', Region: 'us-east-1' }],
      Compliance: { Status: 'FAILED', RelatedRequirements: expect.arrayContaining(['CIS AWS Foundations Benchmark v5.0.0/1.16', 'AWS Security Hub vCSPM/IAM.18']) },
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
      ProductFields: { 'supportguard/CheckId': 'cis-support-role', 'supportguard/MessageId': 'no-support-role', 'supportguard/Status': 'FAIL' },
    });
    expect(of('111111111111')).toMatchObject({ Severity: { Label: 'INFORMATIONAL' }, Compliance: { Status: 'PASSED' }, Workflow: { Status: 'RESOLVED' } });
    expect(of('111111111111').Remediation).toBeUndefined();
    expect(of('888888888888').Compliance.Status).toBe('NOT_AVAILABLE');
    expect(of('777777777777').ProductArn).toBe('arn:aws-us-gov:securityhub:us-gov-west-1:777777777777:product/777777777777/default');
    // Remediation text fits Security Hub's 512-character limit
    expect(of('222222222222').Remediation!.Recommendation.Text.length).toBeLessThanOrEqual(ASFF_LIMITS.recommendationText);
  });

  it('cuts over-long titles, descriptions and ids to Security Hub limits without splitting characters', async () => {
    // Given a finding with a 2000-character message of emoji, a 400-character title and a very long resource ARN
    const input = await exampleReportInput(['examples/accounts/111111111111-support-role.json']);
    const f = input.result.findings[0]!;
    f.message = '🔥'.repeat(1000);
    f.title = 'T'.repeat(400);
    f.resourceArn = `arn:aws:iam::111111111111:role/${'p/'.repeat(300)}r`;
    // When converted
    const [a] = toAsff([f], { generatedAt: GENERATED_AT, region: 'eu-west-1' });
    // Then every field is within its limit, ends with an ellipsis, and contains no lone surrogate
    expect(a!.Title).toHaveLength(ASFF_LIMITS.title);
    expect(a!.Title.endsWith('…')).toBe(true);
    expect(a!.Description.length).toBeLessThanOrEqual(ASFF_LIMITS.description);
    expect(a!.Description.endsWith('🔥…')).toBe(true);
    expect(Buffer.from(a!.Description, 'utf8').toString('utf8')).toBe(a!.Description);
    expect(a!.Id.length).toBe(ASFF_LIMITS.id);
    expect(a!.Id).toMatch(/^supportguard\/cis-support-role\/111111111111\/arn:aws:iam::111111111111:role\/p\/p\/.*\/[0-9a-f]{32}$/);
    expect(a!.Region).toBe('eu-west-1');
    expect(a!.ProductArn).toBe('arn:aws:securityhub:eu-west-1:111111111111:product/111111111111/default');
  });
});

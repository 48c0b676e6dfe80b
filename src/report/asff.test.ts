import { describe, expect, it } from 'vitest';
import { exampleReportInput, GENERATED_AT } from '../../test/helpers/report-input.js';
import { asffFieldsNotInModel } from '../../test/helpers/schemas.js';
import { CHECKS } from '../checks/registry.js';
import { ASFF_LIMITS, IAM_18_URL, relatedRequirement, renderAsff, renderAsffParts, toAsff, type AsffFinding } from './asff.js';

describe('ASFF report', () => {
  it('gives, in parts, one a finding, exactly the bytes of the whole array serialised at once (and [] for no finding)', async () => {
    // Given every check over the example accounts (hostile names included)
    const input = await exampleReportInput(undefined, CHECKS);
    const findings = toAsff(input.result.findings, { generatedAt: input.generatedAt });
    // When rendered in parts, Then a part a finding and the closing bracket, joined the text of JSON.stringify with two-space indentation
    const parts = [...renderAsffParts(input)];
    expect(parts).toHaveLength(findings.length + 1);
    expect(parts.join('')).toBe(`${JSON.stringify(findings, null, 2)}\n`);
    expect(renderAsff(input)).toBe(parts.join(''));
    expect([...renderAsffParts({ ...input, result: { ...input.result, findings: [] } })]).toEqual(['[]\n']);
  });

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
      FirstObservedAt: GENERATED_AT,
      LastObservedAt: GENERATED_AT,
      CreatedAt: GENERATED_AT,
      UpdatedAt: GENERATED_AT,
      Severity: { Label: 'MEDIUM', Original: 'medium' },
      Title: 'An IAM role has the AWS-managed AWSSupportAccess policy attached',
      Description: 'No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.',
      Remediation: { Recommendation: { Text: expect.stringMatching(/^Create a role that your incident responders can assume/), Url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-18' } },
      Resources: [{ Type: 'AwsAccount', Id: 'AWS::::Account:666666666666', Partition: 'aws', Region: 'us-east-1' }],
      Compliance: {
        Status: 'FAILED',
        RelatedRequirements: [
          'CIS AWS Foundations Benchmark v1.1.0/1.22',
          'CIS AWS Foundations Benchmark v1.2.0/1.20',
          'CIS AWS Foundations Benchmark v1.3.0/1.17',
          'CIS AWS Foundations Benchmark v1.4.0/1.17',
          'CIS AWS Foundations Benchmark v1.5.0/1.17',
          'CIS AWS Foundations Benchmark v2.0.0/1.17',
          'CIS AWS Foundations Benchmark v3.0.0/1.17',
          'CIS AWS Foundations Benchmark v4.0.1/1.17',
          'CIS AWS Foundations Benchmark v5.0.0/1.16',
          'CIS AWS Foundations Benchmark v6.0.0/2.16',
          'CIS AWS Foundations Benchmark v7.0.0/2.15',
          'NIST.800-171.r2 3.1.2',
          'PCI DSS v4.0.1/12.10.3',
        ],
        AssociatedStandards: [
          { StandardsId: 'ruleset/cis-aws-foundations-benchmark/v/1.2.0' },
          { StandardsId: 'standards/cis-aws-foundations-benchmark/v/1.4.0' },
          { StandardsId: 'standards/cis-aws-foundations-benchmark/v/3.0.0' },
          { StandardsId: 'standards/cis-aws-foundations-benchmark/v/5.0.0' },
          { StandardsId: 'standards/nist-800-171/v/2.0.0' },
          { StandardsId: 'standards/pci-dss/v/4.0.1' },
        ],
      },
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
      ProductFields: { 'supportguard/CheckId': 'cis-support-role', 'supportguard/MessageId': 'no-support-role', 'supportguard/Status': 'FAIL', 'supportguard/SecurityHubControls': 'IAM.18' },
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

  it('writes requirements as Security Hub does (NIST.800-171.r2 3.1.2), never "vr2/" or a control id as a requirement', () => {
    expect(relatedRequirement({ framework: 'NIST SP 800-171', version: 'r2', control: '3.1.2' })).toBe('NIST.800-171.r2 3.1.2');
    expect(relatedRequirement({ framework: 'PCI DSS', version: '4.0.1', control: '12.10.3' })).toBe('PCI DSS v4.0.1/12.10.3');
    expect(relatedRequirement({ framework: 'CIS AWS Foundations Benchmark', version: '5.0.0', control: '1.16' })).toBe('CIS AWS Foundations Benchmark v5.0.0/1.16');
    expect(relatedRequirement({ framework: 'AWS Security Hub', version: 'CSPM', control: 'IAM.18' })).toBeUndefined();
  });

  it("gives a role finding the role's tags as Resources[].Tags, within AWS tag limits", async () => {
    // Given every check over the example account whose support role is tagged owner/purpose, and the hostile one
    const input = await exampleReportInput(['examples/accounts/111111111111-support-role.json', 'test/fixtures/reports/999999999999-hostile.json'], CHECKS);
    const out = toAsff(input.result.findings, { generatedAt: GENERATED_AT });
    const role = out.find((f) => f.Resources[0]!.Id === 'arn:aws:iam::111111111111:role/aws-support-responders')!;
    expect(role.Resources).toEqual([{ Type: 'AwsIamRole', Id: 'arn:aws:iam::111111111111:role/aws-support-responders', Partition: 'aws', Region: 'us-east-1', Tags: { owner: 'secops@example.com', purpose: 'cis-support-role' } }]);
    // quality checks map to no Security Hub control: no Recommendation URL, no AssociatedStandards they are not part of
    expect(role.Remediation?.Recommendation.Url).toBeUndefined();
    const hostile = out.find((f) => f.AwsAccountId === '999999999999' && f.Resources[0]!.Type === 'AwsIamRole')!;
    expect(hostile.Resources[0]!.Tags).toEqual({ Owner: '<img src=x onerror="window.__xss=1">', Team: '"><script>window.__xss=2</script>' });
    // An account finding has no tags
    expect(out.find((f) => f.Resources[0]!.Type === 'AwsAccount')!.Resources[0]!.Tags).toBeUndefined();
    // and tags beyond AWS's limits are cut: 50 tags, keys of 128 and values of 256 characters
    const f = { ...input.result.findings.find((x) => x.resourceType === 'AwsIamRole')!, resourceTags: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`${i}`.padEnd(200, 'k'), 'v'.repeat(300)])) };
    const tags = toAsff([f], { generatedAt: GENERATED_AT })[0]!.Resources[0]!.Tags!;
    expect(Object.keys(tags)).toHaveLength(ASFF_LIMITS.tags);
    expect(Object.keys(tags).every((k) => k.length === ASFF_LIMITS.tagKey) && Object.values(tags).every((v) => v.length === ASFF_LIMITS.tagValue)).toBe(true);
    expect(IAM_18_URL).toBe('https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-18');
  });

  it('has only fields of the Security Hub API model (the SDK serialiser drops none), and every required one', async () => {
    // Given every check over every example account and the hostile one
    const input = await exampleReportInput(undefined, CHECKS);
    const out = toAsff(input.result.findings, { generatedAt: GENERATED_AT });
    // Then BatchImportFindings, serialised by the AWS SDK from the service model, keeps every field we wrote
    expect(await asffFieldsNotInModel(out)).toEqual([]);
    // and the oracle is not blind: a field ASFF does not have is reported with its path
    expect(await asffFieldsNotInModel([{ ...out[0]!, Resources: [{ ...out[0]!.Resources[0]!, Name: 'x' }], FindingName: 'x' }])).toEqual(['[0].Resources[0].Name', '[0].FindingName']);
    // BatchImportFindings' required attributes, and Security Hub's limits
    const required = ['AwsAccountId', 'CreatedAt', 'Description', 'GeneratorId', 'Id', 'ProductArn', 'Resources', 'SchemaVersion', 'Severity', 'Title', 'Types', 'UpdatedAt'] as const;
    for (const f of out) {
      for (const k of required) expect(f[k], `${f.Id} ${k}`).toBeTruthy();
      expect(f.Compliance.RelatedRequirements.length).toBeLessThanOrEqual(ASFF_LIMITS.relatedRequirements);
      expect(f.Title.length).toBeLessThanOrEqual(ASFF_LIMITS.title);
      expect(f.Description.length).toBeLessThanOrEqual(ASFF_LIMITS.description);
      expect(Date.parse(f.FirstObservedAt)).toBe(Date.parse(GENERATED_AT));
    }
  });
});

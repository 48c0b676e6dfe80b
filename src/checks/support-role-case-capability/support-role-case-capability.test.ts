import { describe, expect, it } from 'vitest';
import { findingsOf, onlyFinding } from '../../../test/helpers/fixtures.js';

const ID = 'support-role-case-capability';
const ROLE = 'arn:aws:iam::111111111111:role/aws-support-responders';

describe('support-role-case-capability', () => {
  it('passes a role with AWSSupportAccess and names every capability proved and what was evaluated', () => {
    const f = onlyFinding(ID, 'can-open-cases.pass.json', 'PASS');
    expect(f.message).toBe(
      'aws-support-responders can open and work AWS Support cases: 9 capabilities proved (support:CreateCase, support:DescribeCases, support:AddCommunicationToCase, support:DescribeCommunications, support:AddAttachmentsToSet, support:ResolveCase, support:DescribeSeverityLevels, support:DescribeServices, support-console:*) by its identity policies (SCPs not collected: scan --org --deep to include them).',
    );
    expect(f.resourceArn).toBe(ROLE);
  });

  it('counts the SCPs on the path when they were collected, and a region SCP that exempts Support does not block', () => {
    expect(onlyFinding(ID, 'can-open-cases--with-scps.pass.json', 'PASS').message).toMatch(/ by its identity policies and 2 SCP\(s\) at 3 level\(s\) of the account's path\.$/);
  });

  it('fails (high) a role whose permissions boundary allows only s3:*, naming the boundary', () => {
    // The case: every other check passes this role.
    const f = onlyFinding(ID, 'cannot-open-case.fail.json', 'FAIL');
    expect(f.severity).toBe('high');
    expect(f.message).toBe(
      'aws-support-responders cannot open an AWS Support case: support:CreateCase, support:DescribeCases, support:AddCommunicationToCase and 6 more: not allowed by permissions boundary arn:aws:iam::111111111111:policy/s3-only-boundary.',
    );
    expect(f.remediation).toBe(
      "Allow support:* and support-console:* in aws-support-responders's permissions boundary (or remove the boundary). Then prove it live: supportguard drill --role-arn arn:aws:iam::111111111111:role/aws-support-responders.",
    );
  });

  it('fails a role whose own inline policy denies support:*, naming the policy and statement', () => {
    expect(onlyFinding(ID, 'cannot-open-case--inline-deny.fail.json', 'FAIL').message).toMatch(/: denied by inline policy no-support statement NoSupport\.$/);
  });

  it('fails a role an SCP denies AWS Support to, naming the SCP and statement', () => {
    const f = onlyFinding(ID, 'cannot-open-case--scp-deny.fail.json', 'FAIL');
    expect(f.message).toMatch(/^aws-support-responders cannot open an AWS Support case: support:CreateCase, .* and 6 more: denied by SCP deny-support \(p-nosupport\) statement DenySupport\.$/);
  });

  it('fails a role behind a region SCP that does not exempt AWS Support: the Support API lives in us-east-1', () => {
    const f = onlyFinding(ID, 'cannot-open-case--region-scp-without-exemption.fail.json', 'FAIL');
    expect(f.message).toMatch(/: denied by SCP allowed-regions \(p-regions\) statement DenyOutsideEu\.$/);
    expect(f.remediation).toMatch(/^Exempt aws-support-responders from the denying SCP statement \(an ArnNotLike aws:PrincipalArn condition\), or add support:\* and support-console:\* to its NotAction\./);
  });

  it('fails a role when one level of the path has no SCP that allows AWS Support', () => {
    expect(onlyFinding(ID, 'cannot-open-case--level-without-allow.fail.json', 'FAIL').message).toMatch(/: no SCP attached to ou-root-workloads allows it \(SCP workloads-allow-list \(p-workloads\)\)\.$/);
  });

  it('fails (medium) a role that can open a case but not close it or attach files, naming the missing actions', () => {
    const f = onlyFinding(ID, 'partial.fail.json', 'FAIL');
    expect(f.severity).toBe('medium');
    expect(f.message).toBe(
      'aws-support-responders can open an AWS Support case, but not work it to the end: support:AddAttachmentsToSet, support:ResolveCase: denied by inline policy no-closing statement #0.',
    );
  });

  it('fails a role whose boundary allows the Support API but not the Support Center console', () => {
    expect(onlyFinding(ID, 'partial--boundary-without-console.fail.json', 'FAIL').message).toBe(
      'aws-support-responders can open an AWS Support case, but not work it to the end: support-console:*: not allowed by permissions boundary arn:aws:iam::111111111111:policy/s3-only-boundary.',
    );
  });

  it('reports a conditional Deny it cannot decide as "may be blocked", with its condition, never as a PASS', () => {
    const findings = findingsOf(ID, 'may-be-blocked.info.json');
    expect(findings.map((f) => f.status)).toEqual(['INFO']);
    expect(findings[0]!.message).toBe(
      'aws-support-responders is allowed every case action, but support:CreateCase, support:DescribeCases, support:AddCommunicationToCase and 6 more may be blocked by a Deny whose condition the snapshot cannot decide: SCP require-mfa (p-mfa) statement DenyWithoutMfa when {"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}. Prove it live with supportguard drill.',
    );
  });

  it('gives no verdict when an attached policy document is missing', () => {
    const findings = findingsOf(ID, 'unprovable.info.json');
    expect(findings.map((f) => `${f.status} ${f.message}`)).toEqual([
      "INFO aws-support-responders's ability to open a case cannot be proved: the documents of arn:aws:iam::111111111111:policy/responder-extras are not in the snapshot.",
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { findingsOf, onlyFinding } from '../../../test/helpers/fixtures.js';

const ID = 'support-role-trust-policy';

describe('support-role-trust-policy', () => {
  it('passes an MFA-protected same-account trust and says whom it admits', () => {
    const f = onlyFinding(ID, 'pass.pass.json', 'PASS');
    expect(f.message).toBe('The trust policy of aws-support-responders admits only: account 111111111111 (same-account).');
    expect(f.resourceArn).toBe('arn:aws:iam::111111111111:role/aws-support-responders');
    expect(f.resourceType).toBe('AwsIamRole');
  });

  it('fails "Principal AWS *" as critical even with an MFA condition, because MFA does not say who the caller is', () => {
    const f = onlyFinding(ID, 'wildcard-principal.fail.json', 'FAIL');
    expect(f.severity).toBe('critical');
    expect(f.message).toBe('The trust policy of aws-support-responders lets any AWS principal assume it (statement AnyoneWithMfa); no condition limits callers to your organization or accounts.');
    expect(f.remediation).toContain('"aws:PrincipalOrgID"');
  });

  it('treats Allow with NotPrincipal as a wildcard', () => {
    expect(onlyFinding(ID, 'wildcard-principal--not-principal.fail.json', 'FAIL').messageId).toBe('wildcard-principal');
  });

  it('accepts a wildcard limited by aws:PrincipalOrgID, and names the limiting key', () => {
    expect(onlyFinding(ID, 'pass--wildcard-limited-to-organization.pass.json', 'PASS').message).toBe(
      'The trust policy of aws-support-responders admits only: any principal matching aws:PrincipalOrgID of statement #0.',
    );
  });

  it('fails a foreign account without ExternalId as high, and not also as a foreign root', () => {
    const findings = findingsOf(ID, 'foreign-account-no-external-id.fail.json');
    expect(findings.map((f) => `${f.status} ${f.severity} ${f.messageId}`)).toEqual(['FAIL high foreign-account-no-external-id']);
    expect(findings[0]!.message).toBe('aws-support-responders trusts arn:aws:iam::222222222222:root, not known to be in your organization, without an sts:ExternalId condition (confused-deputy risk if it is a third party).');
  });

  it('fails a foreign role whose ExternalId condition any value meets (StringLike "*"): the ExternalId is no secret', () => {
    const findings = findingsOf(ID, 'foreign-account-no-external-id--wildcard-only.fail.json');
    expect(findings.map((f) => `${f.status} ${f.severity} ${f.messageId}`)).toEqual(['FAIL high foreign-account-no-external-id']);
    expect(findings[0]!.message).toBe(
      'aws-support-responders trusts arn:aws:iam::222222222222:role/partner-support, not known to be in your organization, without a secret sts:ExternalId: its condition lets in a caller who knows none (confused-deputy risk if it is a third party).',
    );
  });

  it('fails a foreign root with StringNotEquals "" on the ExternalId as no ExternalId, not as a root that has one', () => {
    const findings = findingsOf(ID, 'foreign-account-no-external-id--not-equals-empty.fail.json');
    expect(findings.map((f) => `${f.status} ${f.severity} ${f.messageId}`)).toEqual(['FAIL high foreign-account-no-external-id']);
    expect(findings[0]!.message).toContain('without a secret sts:ExternalId: its condition lets in a caller who knows none');
  });

  it('fails "*" limited only by aws:PrincipalOrgID "o-*" (every organization) or StringEqualsIfExists on it (callers outside any)', () => {
    const pattern = onlyFinding(ID, 'wildcard-principal--org-id-pattern.fail.json', 'FAIL');
    expect(`${pattern.severity} ${pattern.messageId}`).toBe('critical wildcard-principal');
    expect(pattern.message).toBe('The trust policy of aws-support-responders lets any AWS principal assume it (statement AnyOrganization); no condition limits callers to your organization or accounts.');
    const ifExists = onlyFinding(ID, 'wildcard-principal--org-id-if-exists.fail.json', 'FAIL');
    expect(`${ifExists.severity} ${ifExists.messageId}`).toBe('critical wildcard-principal');
    expect(ifExists.message).toContain('(statement OrgIfExists)');
  });

  it('names only the condition that limits a wildcard, not the ones any caller meets', () => {
    expect(onlyFinding(ID, 'pass--wildcard-limited-by-arn.pass.json', 'PASS').message).toBe(
      'The trust policy of aws-support-responders admits only: any principal matching aws:PrincipalArn of statement #0.',
    );
  });

  it('still flags a whole foreign root that has an ExternalId (medium), but passes a named third-party role with one', () => {
    const f = onlyFinding(ID, 'foreign-account-root.fail.json', 'FAIL');
    expect(f.severity).toBe('medium');
    expect(f.message).toBe('aws-support-responders trusts the whole account 222222222222: every principal there that its administrators allow, not one named role.');
    expect(onlyFinding(ID, 'pass--third-party-role-with-external-id.pass.json', 'PASS').message).toBe(
      'The trust policy of aws-support-responders admits only: role arn:aws:iam::222222222222:role/partner-support.',
    );
  });

  it('treats an account listed in knownAccounts as the same organization, not foreign', () => {
    expect(onlyFinding(ID, 'pass--account-of-same-organization.pass.json', 'PASS').message).toBe(
      'The trust policy of aws-support-responders admits only: account 222222222222 (same-organization).',
    );
  });

  it('reports a deleted principal left behind as a unique id', () => {
    expect(onlyFinding(ID, 'deleted-principal.fail.json', 'FAIL').message).toBe(
      'The trust policy of aws-support-responders names deleted principal(s) AROAOLDRESPONDER7XQ2Z; those entries admit nobody, and a principal re-created with the same name is not trusted.',
    );
  });

  it('fails the account root without MFA, and a user with BoolIfExists (access keys carry no MFA key)', () => {
    const root = onlyFinding(ID, 'missing-mfa.fail.json', 'FAIL');
    expect(root.message).toBe(
      'aws-support-responders can be assumed by account 111111111111 (same-account) without MFA: the trust policy lacks a Bool aws:MultiFactorAuthPresent "true" condition (BoolIfExists does not count: long-term access keys carry no MFA key).',
    );
    expect(root.remediation).toBe('Add "Bool": {"aws:MultiFactorAuthPresent": "true"} to trust statement(s) #0 of aws-support-responders.');
    expect(onlyFinding(ID, 'missing-mfa--bool-if-exists.fail.json', 'FAIL').message).toContain('user arn:aws:iam::111111111111:user/alice without MFA');
  });

  it('fails a user admitted with Null aws:MultiFactorAuthPresent "false" (a session without MFA carries "false") or an MFA age limit with IfExists', () => {
    for (const file of ['missing-mfa--null-false.fail.json', 'missing-mfa--age-if-exists.fail.json']) {
      const f = onlyFinding(ID, file, 'FAIL');
      expect(`${f.severity} ${f.messageId}`).toBe('medium missing-mfa');
      expect(f.message).toContain('user arn:aws:iam::111111111111:user/alice without MFA');
    }
  });

  it('fails a support role that an AWS service may assume, next to a good statement for people', () => {
    const f = onlyFinding(ID, 'service-principal.fail.json', 'FAIL');
    expect(f.message).toBe(
      "aws-support-responders can be assumed by the AWS service(s) ec2.amazonaws.com: every workload running as that service gets AWS Support access, outside any responder's control.",
    );
    expect(f.remediation).toBe("Remove the Service principal(s) ec2.amazonaws.com from aws-support-responders's trust policy; give workloads their own role without AWSSupportAccess.");
  });

  it('judges a service under its statement: one that demands MFA never admits it, one that checks the source account does', () => {
    // Given Principal {AWS: account root, Service: ec2} in one statement with Bool aws:MultiFactorAuthPresent "true"
    // Then ec2 can never assume the role through it (a service brings no MFA): a pass that names only the account
    expect(findingsOf(ID, 'pass--service-in-mfa-statement.pass.json').map((f) => `${f.status} ${f.messageId}: ${f.message}`)).toEqual([
      'PASS pass: The trust policy of aws-support-responders admits only: account 111111111111 (same-account).',
    ]);
    expect(onlyFinding(ID, 'service-principal--source-account-condition.fail.json', 'FAIL').message).toBe(
      "aws-support-responders can be assumed by the AWS service(s) lambda.amazonaws.com: every workload running as that service gets AWS Support access, outside any responder's control.",
    );
  });

  it('does not ask SAML federation for MFA (Identity Center sessions never carry the key)', () => {
    expect(onlyFinding(ID, 'pass--saml-federation.pass.json', 'PASS').message).toBe('The trust policy of aws-support-responders admits only: federated: Okta.');
  });

  it('says nothing about an account without a support role (cis-support-role already fails it)', () => {
    expect(findingsOf(ID, '../cis-support-role/no-support-role.fail.json')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { findingsOf, onlyFinding } from '../../../test/helpers/fixtures.js';

const ID = 'support-role-effective-access';

describe('support-role-effective-access', () => {
  it('names the responder who can assume the role through the account-root trust and a group policy, with MFA', () => {
    // Given a trust naming the account (MFA required) and alice's group allowing sts:AssumeRole on the role
    const f = onlyFinding(ID, 'assumable.pass.json', 'PASS');
    // Then alice is named, and the MFA requirement with her
    expect(f.message).toBe('aws-support-responders can be assumed by 1 principal(s): user arn:aws:iam::111111111111:user/alice (with MFA).');
    expect(f.details?.assumers).toEqual([
      { principal: 'user arn:aws:iam::111111111111:user/alice', arn: 'arn:aws:iam::111111111111:user/alice', scope: 'snapshot', who: 'responder', requiresMfa: true, requiresExternalId: false, otherConditions: [] },
    ]);
  });

  it('does not list a service whose trust statement demands MFA (a service never brings it)', () => {
    expect(onlyFinding(ID, 'assumable--service-in-mfa-statement.pass.json', 'PASS').message).toBe(
      'aws-support-responders can be assumed by 1 principal(s): user arn:aws:iam::111111111111:user/alice (with MFA).',
    );
  });

  it('needs no identity policy when the trust names the user ARN directly (same account)', () => {
    expect(onlyFinding(ID, 'assumable--trust-names-user-directly.pass.json', 'PASS').message).toBe(
      'aws-support-responders can be assumed by 1 principal(s): user arn:aws:iam::111111111111:user/bob (with MFA).',
    );
  });

  it('lists a SAML provider as federated', () => {
    expect(onlyFinding(ID, 'assumable--saml-federation.pass.json', 'PASS').message).toBe('aws-support-responders can be assumed by 1 principal(s): federated: Okta.');
  });

  it('fails as unusable when the trust only delegates to the account and nobody there may call sts:AssumeRole', () => {
    const f = onlyFinding(ID, 'unusable.fail.json', 'FAIL');
    expect(f.severity).toBe('high');
    expect(f.message).toBe(
      'Nobody can assume aws-support-responders: the trust policy delegates to account 111111111111, but no user or role there is allowed sts:AssumeRole on the role by its own policies.',
    );
  });

  it('fails as unusable when an SCP denies the assume, and says so', () => {
    expect(onlyFinding(ID, 'unusable--denied-by-scp.fail.json', 'FAIL').message).toBe('Nobody can assume aws-support-responders: user arn:aws:iam::111111111111:user/alice: denied by an SCP.');
  });

  it('fails as unusable when the trust names only a deleted principal', () => {
    expect(onlyFinding(ID, 'unusable--only-deleted-principal.fail.json', 'FAIL').message).toBe(
      'Nobody can assume aws-support-responders: its trust policy admits no principal that exists (only deleted principals, none at all, or conditions no caller can meet).',
    );
  });

  it('fails a role only an AWS service can assume as "no responder", naming the service', () => {
    // Given the seeds' remediation that trusts ec2.amazonaws.com
    const f = onlyFinding(ID, 'no-responder.fail.json', 'FAIL');
    // Then it is not a PASS "can be assumed by 1 principal(s): service ec2.amazonaws.com"
    expect(`${f.severity} ${f.messageId}`).toBe('high no-responder');
    expect(f.message).toBe('No responder can assume aws-support-responders: only the AWS service(s) ec2.amazonaws.com can (its trust policy names no user, role, account or identity provider).');
    expect(f.remediation).toContain('Give the responders a path into aws-support-responders');
  });

  it('says why the people a service-and-account trust names cannot get in', () => {
    expect(onlyFinding(ID, 'no-responder--services-and-account-nobody-may-use.fail.json', 'FAIL').message).toBe(
      'No responder can assume aws-support-responders: only the AWS service(s) lambda.amazonaws.com, ec2.amazonaws.com can (the trust policy delegates to account 111111111111, but no user or role there is allowed sts:AssumeRole on the role by its own policies).',
    );
  });

  it('fails "*" without a condition as anyone-can-assume (critical), not as a PASS', () => {
    const f = onlyFinding(ID, 'anyone-can-assume.fail.json', 'FAIL');
    expect(`${f.severity} ${f.messageId}`).toBe('critical anyone-can-assume');
    expect(f.message).toBe(
      'Anyone can assume aws-support-responders: its trust policy admits any AWS principal and no condition limits callers to your organization or accounts. Admitted: user arn:aws:iam::111111111111:user/alice, everyone (*).',
    );
    expect(f.remediation).toContain('"aws:PrincipalOrgID"');
  });

  it('fails "*" limited by StringLike aws:PrincipalOrgID "*" as anyone, and does not name the key as a condition', () => {
    const f = onlyFinding(ID, 'anyone-can-assume--org-id-wildcard.fail.json', 'FAIL');
    expect(`${f.severity} ${f.messageId}`).toBe('critical anyone-can-assume');
    expect(f.message).toContain('Admitted: everyone (*) (with MFA).');
  });

  it('passes "*" limited to one organization, naming only the key that limits (not "????????????" on the account)', () => {
    expect(onlyFinding(ID, 'assumable--wildcard-limited-to-organization.pass.json', 'PASS').message).toBe(
      'aws-support-responders can be assumed by 1 principal(s): everyone (*) (with MFA, aws:PrincipalOrgID).',
    );
  });

  it('does not say "with ExternalId" when any value meets the ExternalId condition', () => {
    const f = onlyFinding(ID, 'assumable--external-id-any-value.pass.json', 'PASS');
    expect(f.message).toBe('aws-support-responders can be assumed by 1 principal(s): role arn:aws:iam::222222222222:role/partner-support.');
    expect(f.details?.assumers).toEqual([{ principal: 'role arn:aws:iam::222222222222:role/partner-support', arn: 'arn:aws:iam::222222222222:role/partner-support', scope: 'external', who: 'responder', requiresMfa: false, requiresExternalId: false, otherConditions: [] }]);
  });

  it('does not say "with MFA" for BoolIfExists (access keys carry no MFA key), nor name IpAddress 0.0.0.0/0', () => {
    expect(onlyFinding(ID, 'assumable--mfa-if-exists.pass.json', 'PASS').message).toBe('aws-support-responders can be assumed by 1 principal(s): user arn:aws:iam::111111111111:user/alice.');
  });

  it('judges nothing in an account without a support role', () => {
    expect(findingsOf(ID, '../cis-support-role/no-support-role.fail.json')).toEqual([]);
  });
});

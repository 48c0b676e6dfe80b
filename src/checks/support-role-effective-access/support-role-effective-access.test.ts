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
      { principal: 'user arn:aws:iam::111111111111:user/alice', scope: 'snapshot', who: 'responder', requiresMfa: true, requiresExternalId: false, otherConditions: [] },
    ]);
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

  it('judges nothing in an account without a support role', () => {
    expect(findingsOf(ID, '../cis-support-role/no-support-role.fail.json')).toEqual([]);
  });
});

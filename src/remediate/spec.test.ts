import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { buildRemediationSpec, parseTrustedPrincipal, specForAccount, type RemediationSpecInput } from './spec.js';

const ADMIN = 'arn:aws:iam::111122223333:role/Admin';

function refusal(input: Partial<RemediationSpecInput>): string {
  try {
    buildRemediationSpec({ trust: [ADMIN], ...input });
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('remediation spec', () => {
  it('defaults: aws-support at /, MFA on, one hour, owner "unassigned", managed-by=supportguard', () => {
    const spec = buildRemediationSpec({ trust: [ADMIN, ADMIN], accountId: '111122223333' });
    expect(spec).toEqual({
      roleName: 'aws-support',
      path: '/',
      partition: 'aws',
      accountId: '111122223333',
      trustedPrincipals: [{ kind: 'role', arn: ADMIN, accountId: '111122223333' }],
      requireMfa: true,
      tags: { owner: 'unassigned', purpose: 'CIS AWS Foundations IAM support role - AWSSupportAccess', 'managed-by': 'supportguard' },
      maxSessionDurationSeconds: 3600,
      description: 'Support role for opening AWS Support cases (arn:aws:iam::aws:policy/AWSSupportAccess); managed by supportguard',
    });
  });

  it('classifies principals: account id, user, role, Identity Center role, SAML provider', () => {
    expect(parseTrustedPrincipal('111122223333', 'aws')).toEqual({ kind: 'account-root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' });
    expect(parseTrustedPrincipal('arn:aws-us-gov:iam::111122223333:user/ops/alice', 'aws-us-gov').kind).toBe('user');
    expect(parseTrustedPrincipal('arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123', 'aws').kind).toBe('identity-center-role');
    expect(parseTrustedPrincipal('arn:aws:iam::111122223333:saml-provider/Okta', 'aws').kind).toBe('saml-provider');
  });

  it('refuses wildcards, foreign account roots without an external id, and malformed values with one clear line', () => {
    expect(refusal({ trust: ['*'] })).toBe('--trust "*": wildcard principals are refused; name the users, roles or accounts that may assume the support role');
    expect(refusal({ trust: ['444455556666'], accountId: '111122223333' })).toBe(
      '--trust "444455556666": trusting all of foreign account 444455556666 needs --external-id (or trust a specific role or user of that account)',
    );
    expect(refusal({ trust: ['arn:aws:s3:::bucket'] })).toBe(
      '--trust "arn:aws:s3:::bucket": not an IAM principal ARN (arn:aws:iam::<12-digit account>:root|user/…|role/…|saml-provider/…) or a 12-digit account id',
    );
    expect(refusal({ trust: ['arn:aws:sts::111122223333:assumed-role/Admin/bob'] })).toBe(
      '--trust "arn:aws:sts::111122223333:assumed-role/Admin/bob": an assumed-role session ARN stops matching when the session ends; trust the role ARN (arn:aws:iam::111122223333:role/…)',
    );
    expect(refusal({ trust: ['arn:aws:iam::111122223333:group/Admins'] })).toBe('--trust "arn:aws:iam::111122223333:group/Admins": unsupported principal type "group" (root, user, role or saml-provider)');
    expect(refusal({ trust: ['arn:aws-cn:iam::111122223333:role/A'] })).toBe('--trust "arn:aws-cn:iam::111122223333:role/A": partition aws-cn differs from the role\'s partition aws');
    expect(refusal({ trust: [] })).toBe('at least one --trust principal is required (an IAM user/role ARN, a SAML provider ARN or an account id)');
    expect(refusal({ roleName: 'a'.repeat(65) })).toBe(`--role-name "${'a'.repeat(65)}": 1–64 characters of letters, digits and +=,.@_-`);
    expect(refusal({ roleName: 'bad name' })).toBe('--role-name "bad name": 1–64 characters of letters, digits and +=,.@_-');
    expect(refusal({ path: 'security' })).toBe('--path "security": must start and end with / (e.g. /security/), at most 512 characters');
    expect(refusal({ externalId: 'x' })).toBe('--external-id: 2–1224 characters of letters, digits and +=,.@:/-_');
    expect(refusal({ externalId: 'has space' })).toBe('--external-id: 2–1224 characters of letters, digits and +=,.@:/-_');
    expect(refusal({ maxSessionDurationSeconds: 3599 })).toBe('--max-session-duration "3599": whole seconds from 3600 to 43200');
    expect(refusal({ maxSessionDurationSeconds: 43201 })).toBe('--max-session-duration "43201": whole seconds from 3600 to 43200');
    expect(refusal({ partition: 'aws-mars' })).toBe('unknown --partition "aws-mars"');
    expect(refusal({ extraTags: ['novalue'] })).toBe('--tag "novalue": expected key=value');
    expect(refusal({ extraTags: ['aws:x=1'] })).toBe('tag key "aws:x" is not allowed by IAM');
    expect(refusal({ owner: 'team (a)' })).toBe('tag value "team (a)" (key owner) is not allowed by IAM');
  });

  it('accepts a foreign account root with an external id, and accepts the boundary values', () => {
    const spec = buildRemediationSpec({ trust: ['444455556666'], accountId: '111122223333', externalId: 'ab', maxSessionDurationSeconds: 43200, roleName: 'a'.repeat(64) });
    expect(spec.externalId).toBe('ab');
    expect(spec.maxSessionDurationSeconds).toBe(43200);
  });

  it('re-checks foreign account roots for each account of an org-wide fix', () => {
    const spec = buildRemediationSpec({ trust: ['111122223333'] });
    expect(specForAccount(spec, '111122223333').accountId).toBe('111122223333');
    expect(() => specForAccount(spec, '444455556666')).toThrow('--trust "arn:aws:iam::111122223333:root": trusting all of foreign account 111122223333 from 444455556666 needs --external-id');
  });
});

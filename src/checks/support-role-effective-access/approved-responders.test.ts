import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../test/helpers/fixtures.js';
import { snapshotsFromJson } from '../../snapshot/load.js';
import { runChecks } from '../engine.js';
import { supportRoleEffectiveAccess } from './index.js';

const ID = 'support-role-effective-access';
const fixture = (file: string) => {
  const path = `test/fixtures/checks/${ID}/${file}`;
  return snapshotsFromJson(readFileSync(path, 'utf8'), path);
};
const lines = (file: string) => findingsOf(ID, file).map((f) => `${f.status} ${f.severity} ${f.messageId}: ${f.message}`);

describe('support-role-effective-access with approved responders (supportguard.yml responders)', () => {
  it('fails, naming the principal and its conditions, when someone not approved can assume the role', () => {
    // Given alice can assume the role with MFA, and only an IncidentResponder role is approved
    expect(lines('unapproved-assumer.fail.json')).toEqual([
      'FAIL high unapproved-assumer: aws-support-responders can be assumed by 1 principal(s) that are not approved responders: user arn:aws:iam::111111111111:user/alice (with MFA).',
    ]);
  });

  it('passes when every principal is approved, by ARN or by pattern', () => {
    const pass = 'PASS high assumable-approved: aws-support-responders can be assumed by 1 principal(s), all approved responders: user arn:aws:iam::111111111111:user/alice (with MFA).';
    expect(lines('assumable-approved.pass.json')).toEqual([pass]);
    expect(lines('assumable-approved--pattern.pass.json')).toEqual([pass]);
  });

  it('matches Identity Center roles by permission set name, and fails another permission set saying it needs no MFA', () => {
    expect(lines('assumable-approved--permission-set.pass.json')).toEqual([
      'PASS high assumable-approved: aws-support-responders can be assumed by 1 principal(s), all approved responders: role arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_SupportResponders_0123456789abcdef.',
    ]);
    expect(lines('unapproved-assumer--other-permission-set.fail.json')).toEqual([
      'FAIL high unapproved-assumer: aws-support-responders can be assumed by 1 principal(s) that are not approved responders: role arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_ReadOnly_Analysts_fedcba9876543210 (no MFA, no ExternalId).',
    ]);
  });

  it('matches SAML federation by provider ARN', () => {
    expect(lines('assumable-approved--saml-provider.pass.json')).toEqual([
      'PASS high assumable-approved: aws-support-responders can be assumed by 1 principal(s), all approved responders: federated: Okta.',
    ]);
    expect(lines('unapproved-assumer--other-saml-provider.fail.json')).toEqual([
      'FAIL high unapproved-assumer: aws-support-responders can be assumed by 1 principal(s) that are not approved responders: federated: LegacyADFS (no condition).',
    ]);
  });

  it('fails for an approved responder of the account who cannot assume any support role', () => {
    // Given alice and bob are approved, and only alice's group may assume the role
    expect(lines('approved-cannot-assume.fail.json')).toEqual([
      'PASS high assumable-approved: aws-support-responders can be assumed by 1 principal(s), all approved responders: user arn:aws:iam::111111111111:user/alice (with MFA).',
      "FAIL high approved-cannot-assume: Approved responder arn:aws:iam::111111111111:user/bob cannot assume any support role (aws-support-responders): arn:aws:iam::111111111111:user/bob (no support role's trust policy admits it, or its own policies do not allow sts:AssumeRole on one).",
    ]);
  });

  it('applies a responder only where its scope says (account, OU on the account path), and judges as before without a policy', () => {
    const accounts = fixture('unusable--denied-by-scp.fail.json');
    const alice = 'arn:aws:iam::111111111111:user/alice';
    // Scoped to an OU the account is not in: alice is approved nowhere here, so the empty list is what counts
    const elsewhere = runChecks([supportRoleEffectiveAccess], fixture('assumable.pass.json'), { policy: { responders: [{ principal: alice, scope: { ous: ['ou-abcd-11111111'] } }] } });
    expect(elsewhere.findings.map((f) => f.messageId)).toEqual(['unapproved-assumer']);
    // No policy at all: the library's behaviour is unchanged
    expect(runChecks([supportRoleEffectiveAccess], fixture('assumable.pass.json')).findings.map((f) => f.messageId)).toEqual(['assumable']);
    expect(runChecks([supportRoleEffectiveAccess], accounts, { policy: { responders: [{ principal: alice, scope: { ous: ['r-root'] } }] } }).findings.map((f) => f.messageId)).toEqual([
      'unusable',
      'approved-cannot-assume',
    ]);
  });

  it('records in the details which entry approves each principal, for the access review', () => {
    const [f] = findingsOf(ID, 'assumable-approved.pass.json');
    expect(f!.details!.approval).toEqual({ 'user arn:aws:iam::111111111111:user/alice': 'arn:aws:iam::111111111111:user/alice' });
  });
});

describe('support-role-effective-access with known third parties', () => {
  it('names the MSP instead of the bare account', () => {
    const result = runChecks([supportRoleEffectiveAccess], fixture('assumable--external-id-any-value.pass.json'), { policy: { thirdParties: [{ accountId: '222222222222', name: 'Acme MSP' }] } });
    expect(result.findings.map((f) => f.message)).toEqual(['aws-support-responders can be assumed by 1 principal(s): role arn:aws:iam::222222222222:role/partner-support (Acme MSP).']);
  });
});

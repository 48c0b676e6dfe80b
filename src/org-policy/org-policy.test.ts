import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Assumer } from '../policy/assume.js';
import { snapshotsFromJson } from '../snapshot/load.js';
import type { AccountSnapshot } from '../snapshot/model.js';
import { organizationPathOf, resolvePolicy } from './policy.js';
import { approvalOf, labelWithThirdParty, permissionSetOf } from './responders.js';

const SSO = 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Support_Responders_0123456789abcdef';

function account(): AccountSnapshot {
  const path = 'test/fixtures/checks/support-role-effective-access/unusable--denied-by-scp.fail.json';
  return snapshotsFromJson(readFileSync(path, 'utf8'), path)[0]!;
}

const assumer = (principal: string, arn: string | undefined, who: Assumer['who'] = 'responder'): Assumer => ({
  principal,
  ...(arn ? { arn } : {}),
  scope: 'snapshot',
  who,
  requiresMfa: false,
  requiresExternalId: false,
  otherConditions: [],
});

describe('Identity Center permission sets', () => {
  it('reads the permission set name from its AWSReservedSSO role, underscores included', () => {
    expect(permissionSetOf(SSO)).toBe('Support_Responders');
    expect(permissionSetOf('arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_fedcba9876543210')).toBe('ReadOnly');
  });

  it('refuses a look-alike outside the aws-reserved path or without the 16-hex suffix', () => {
    expect(permissionSetOf('arn:aws:iam::111111111111:role/AWSReservedSSO_Support_0123456789abcdef')).toBeUndefined();
    expect(permissionSetOf('arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Support')).toBeUndefined();
  });
});

describe('approved responders', () => {
  it('matches a principal pattern with IAM wildcards on the whole ARN, case-sensitively', () => {
    const a = assumer('role arn:aws:iam::111111111111:role/Responders/alice', 'arn:aws:iam::111111111111:role/Responders/alice');
    expect(approvalOf(a, [{ principal: 'arn:aws:iam::*:role/Responders/*' }])).toEqual({ principal: 'arn:aws:iam::*:role/Responders/*' });
    expect(approvalOf(a, [{ principal: 'arn:aws:iam::*:role/responders/*' }])).toBeUndefined();
    expect(approvalOf(a, [{ principal: 'arn:aws:iam::111111111111:role/Responders' }])).toBeUndefined();
  });

  it('matches a permission set by name, not by prefix', () => {
    const a = assumer(`role ${SSO}`, SSO);
    expect(approvalOf(a, [{ permissionSet: 'Support_Responders' }])).toBeDefined();
    expect(approvalOf(a, [{ permissionSet: 'Support' }])).toBeUndefined();
  });

  it('matches a SAML provider only for federated principals, and never approves a service or the wildcard', () => {
    const okta = assumer('federated: Okta', 'arn:aws:iam::111111111111:saml-provider/Okta');
    expect(approvalOf(okta, [{ samlProvider: 'arn:aws:iam::*:saml-provider/Okta' }])).toBeDefined();
    expect(approvalOf(okta, [{ principal: 'arn:aws:iam::*:saml-provider/Okta' }])).toBeUndefined();
    expect(approvalOf(assumer('service ec2.amazonaws.com', undefined, 'service'), [{ principal: '*' }])).toBeUndefined();
    expect(approvalOf(assumer('everyone (*)', undefined, 'anyone'), [{ principal: '*' }])).toBeUndefined();
  });

  it('names a known third party instead of "foreign"', () => {
    const msp = { ...assumer('account 222222222222 (foreign)', 'arn:aws:iam::222222222222:root'), scope: 'external' as const };
    expect(labelWithThirdParty(msp, { accountId: '222222222222', name: 'Acme MSP' })).toBe('account 222222222222 (Acme MSP)');
  });
});

describe('resolving the policy for one account', () => {
  it('finds the OU path in the SCP targets and keeps only responders scoped to the account, one of its OUs or everywhere', () => {
    // Given an account whose SCPs are attached to the root r-root and to the account itself
    const a = account();
    expect(organizationPathOf(a)).toEqual(['r-root']);
    // When responders are scoped to another account, to the root, to another OU and to nothing
    const resolved = resolvePolicy(
      {
        responders: [
          { principal: 'arn:aws:iam::*:role/a', scope: { accounts: ['999999999999'] } },
          { principal: 'arn:aws:iam::*:role/b', scope: { ous: ['r-root'] } },
          { principal: 'arn:aws:iam::*:role/c', scope: { ous: ['ou-abcd-11111111'] } },
          { principal: 'arn:aws:iam::*:role/d', scope: { accounts: ['111111111111'] } },
          { principal: 'arn:aws:iam::*:role/e' },
        ],
      },
      a,
    );
    // Then only those whose scope includes the account apply
    expect(resolved.responders!.map((r) => r.principal)).toEqual(['arn:aws:iam::*:role/b', 'arn:aws:iam::*:role/d', 'arn:aws:iam::*:role/e']);
    expect(resolved.thirdParties).toBeUndefined();
  });

  it('tells an empty responder list (nobody approved) from none configured', () => {
    expect(resolvePolicy({ responders: [] }, account()).responders).toEqual([]);
    expect(resolvePolicy({}, account()).responders).toBeUndefined();
  });
});

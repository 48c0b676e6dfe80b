import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../snapshot/model.js';
import type { AccountScope } from './principals.js';
import { admitsStranger, admitsWithoutExternalIdSecret, admitsWithoutMfa } from './trust.js';

const scope: AccountScope = { accountId: '111111111111', partition: 'aws' };
const statement = (Condition?: PolicyStatement['Condition']): PolicyStatement => ({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) });

describe('a wildcard trust statement and strangers', () => {
  it('is anyone when nothing, or only wildcard-only who-is-the-caller patterns, limit it', () => {
    expect(admitsStranger(statement(), scope)).toBe(true);
    expect(admitsStranger(statement({ StringLike: { 'aws:PrincipalOrgID': '*' } }), scope)).toBe(true);
    expect(admitsStranger(statement({ StringLike: { 'aws:PrincipalOrgID': 'o-*' } }), scope)).toBe(true);
    expect(admitsStranger(statement({ StringLike: { 'aws:PrincipalAccount': '????????????' } }), scope)).toBe(true);
    expect(admitsStranger(statement({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:*' } }), scope)).toBe(true);
    expect(admitsStranger(statement({ Null: { 'aws:PrincipalOrgID': 'false' } }), scope)).toBe(true);
  });

  it('is anyone with IfExists on the organization: a caller outside every organization has no aws:PrincipalOrgID', () => {
    expect(admitsStranger(statement({ StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }), scope)).toBe(true);
    expect(admitsStranger(statement({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }), scope)).toBe(false);
  });

  it('is anyone with MFA, ExternalId or source IP conditions: they do not say who the caller is', () => {
    expect(admitsStranger(statement({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }), scope)).toBe(true);
    expect(admitsStranger(statement({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }), scope)).toBe(true);
  });

  it('is limited by a named account, even one of the ids strangers are usually given', () => {
    expect(admitsStranger(statement({ StringEquals: { 'aws:PrincipalAccount': '999999999999' } }), scope)).toBe(false);
    expect(admitsStranger(statement({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/*' } }), scope)).toBe(false);
  });
});

describe('a trust statement and a caller without MFA', () => {
  const user = (Condition: PolicyStatement['Condition']): PolicyStatement => ({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/alice' }, Action: 'sts:AssumeRole', Condition });

  it('is refused by Bool "true" and by an MFA age limit without IfExists', () => {
    expect(admitsWithoutMfa(user({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }))).toBe(false);
    expect(admitsWithoutMfa(user({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }))).toBe(false);
    expect(admitsWithoutMfa(user({ Null: { 'aws:MultiFactorAuthAge': 'false' } }))).toBe(false);
  });

  it('is let in by BoolIfExists and NumericLessThanIfExists (access keys carry no MFA key)', () => {
    expect(admitsWithoutMfa(user({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }))).toBe(true);
    expect(admitsWithoutMfa(user({ NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }))).toBe(true);
  });

  it('is let in by Null "false" on MultiFactorAuthPresent (a session without MFA carries it as "false") and by ForAllValues', () => {
    expect(admitsWithoutMfa(user({ Null: { 'aws:MultiFactorAuthPresent': 'false' } }))).toBe(true);
    expect(admitsWithoutMfa(user({ 'ForAllValues:StringEquals': { 'aws:MultiFactorAuthPresent': ['true'] } }))).toBe(true);
  });
});

describe('a trust statement and a caller who knows no ExternalId', () => {
  const partner = (Condition?: PolicyStatement['Condition']): PolicyStatement => ({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) });

  it('is refused by a secret, even a partly wildcarded one', () => {
    expect(admitsWithoutExternalIdSecret(partner({ StringEquals: { 'sts:ExternalId': 'a1b2-secret' } }))).toBe(false);
    expect(admitsWithoutExternalIdSecret(partner({ StringLike: { 'sts:ExternalId': 'a1b2-*' } }))).toBe(false);
  });

  it('is let in by no condition, by wildcard-only patterns, by negations and by Null "false"', () => {
    expect(admitsWithoutExternalIdSecret(partner())).toBe(true);
    expect(admitsWithoutExternalIdSecret(partner({ StringLike: { 'sts:ExternalId': '*' } }))).toBe(true);
    expect(admitsWithoutExternalIdSecret(partner({ StringLike: { 'sts:ExternalId': '??*' } }))).toBe(true);
    expect(admitsWithoutExternalIdSecret(partner({ StringNotEquals: { 'sts:ExternalId': '' } }))).toBe(true);
    expect(admitsWithoutExternalIdSecret(partner({ Null: { 'sts:ExternalId': 'false' } }))).toBe(true);
    expect(admitsWithoutExternalIdSecret(partner({ StringEqualsIfExists: { 'sts:ExternalId': 'a1b2-secret' } }))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { PolicyEvaluationError } from './conditions.js';
import { isNoProtection, protectiveKeys } from './vacuity.js';

// A fixed clock, so that the Date family does not drift with the day the tests run.
const NOW = Date.parse('2026-11-22T12:00:00Z');
const none = (operator: string, key: string, values: unknown) => isNoProtection(operator, key, values, 'aws', NOW);

describe('conditions that match anything are no protection', () => {
  it('String family: wildcard-only patterns and negations of one value limit nobody; a literal secret does', () => {
    expect(none('StringLike', 'sts:ExternalId', '*')).toBe(true);
    // ExternalId is 2–1224 characters: "??*" matches every value AWS accepts, "???*" does not.
    expect(none('StringLike', 'sts:ExternalId', '??*')).toBe(true);
    expect(none('StringLike', 'sts:ExternalId', '???*')).toBe(false);
    expect(none('StringNotEquals', 'sts:ExternalId', '')).toBe(true);
    expect(none('StringNotEquals', 'sts:ExternalId', 'the-secret')).toBe(true);
    expect(none('StringEquals', 'sts:ExternalId', 'the-secret')).toBe(false);
    expect(none('StringEqualsIgnoreCase', 'sts:ExternalId', 'the-secret')).toBe(false);
    expect(none('StringLike', 'sts:ExternalId', 'the-secret-*')).toBe(false);
    expect(none('StringNotLike', 'sts:ExternalId', 'a1b2-*')).toBe(true);
    // A key of no documented shape is probed by the operator family: "", a short and a long value.
    expect(none('StringNotEquals', 'aws:RequestTag/team', 'x')).toBe(true);
    expect(none('StringLike', 'aws:RequestTag/team', '?*')).toBe(false);
  });

  it('String family on organization and account keys: "o-*", "*", twelve "?" match every value', () => {
    expect(none('StringLike', 'aws:PrincipalOrgID', 'o-*')).toBe(true);
    expect(none('StringLike', 'aws:PrincipalOrgID', '*')).toBe(true);
    expect(none('StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5')).toBe(false);
    // "o-" + exactly ten characters leaves out longer organization ids: it limits (weakly), it is not "anything".
    expect(none('StringLike', 'aws:PrincipalOrgID', 'o-??????????')).toBe(false);
    expect(none('StringLike', 'aws:PrincipalAccount', '????????????')).toBe(true);
    expect(none('StringEquals', 'aws:PrincipalAccount', '111111111111')).toBe(false);
  });

  it('IfExists: a key that strangers need not send is no protection (the key absent passes)', () => {
    expect(none('StringEqualsIfExists', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5')).toBe(true);
    expect(none('StringEqualsIfExists', 'sts:ExternalId', 'the-secret')).toBe(true);
    // aws:PrincipalArn is always in the request: IfExists on it changes nothing.
    expect(none('ArnEqualsIfExists', 'aws:PrincipalArn', 'arn:aws:iam::111111111111:role/responder')).toBe(false);
  });

  it('Arn family: "arn:aws:iam::*:*" matches users, roles and roots of every account; a named role does not', () => {
    expect(none('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:*')).toBe(true);
    expect(none('ArnLike', 'aws:PrincipalArn', 'arn:*:*::*:*')).toBe(true);
    expect(none('StringLike', 'aws:PrincipalArn', 'arn:aws:iam::*')).toBe(true);
    expect(none('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111111111111:role/*')).toBe(false);
    expect(none('ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::111111111111:role/old')).toBe(true);
    // In another partition the probes are that partition's ARNs.
    expect(isNoProtection('ArnLike', 'aws:PrincipalArn', 'arn:aws-cn:iam::*:*', 'aws-cn', NOW)).toBe(true);
    expect(isNoProtection('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:*', 'aws-cn', NOW)).toBe(false);
  });

  it('Null: presence tests are never protection; on a key every request carries, "true" refuses all (not "anything")', () => {
    expect(none('Null', 'sts:ExternalId', 'false')).toBe(true);
    expect(none('Null', 'sts:ExternalId', 'true')).toBe(true);
    expect(none('Null', 'aws:PrincipalOrgID', 'false')).toBe(true);
    expect(none('Null', 'aws:PrincipalArn', 'false')).toBe(true);
    expect(none('Null', 'aws:PrincipalArn', 'true')).toBe(false);
  });

  it('set qualifiers: ForAllValues is vacuously true on a missing key; ForAnyValue with "*" matches any set', () => {
    expect(none('ForAllValues:StringEquals', 'aws:PrincipalOrgPaths', ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'])).toBe(true);
    expect(none('ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', ['o-a1b2c3d4e5/*'])).toBe(false);
    expect(none('ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', ['*'])).toBe(true);
  });

  it('IpAddress family: 0.0.0.0/0 lets every IPv4 caller in; a /24 does not; NotIpAddress of one range lets all others in', () => {
    expect(none('IpAddress', 'aws:SourceIp', '0.0.0.0/0')).toBe(true);
    expect(none('IpAddress', 'aws:SourceIp', ['0.0.0.0/1', '128.0.0.0/1'])).toBe(true);
    expect(none('IpAddress', 'aws:SourceIp', '203.0.113.0/24')).toBe(false);
    expect(none('NotIpAddress', 'aws:SourceIp', '192.0.2.0/24')).toBe(true);
    expect(none('NotIpAddress', 'aws:SourceIp', '0.0.0.0/0')).toBe(false);
  });

  it('Numeric and Date families: bounds every value meets are no protection', () => {
    expect(none('NumericGreaterThanEquals', 'aws:RequestTag/size', '0')).toBe(true);
    expect(none('NumericLessThan', 'aws:RequestTag/size', '10')).toBe(false);
    expect(none('NumericLessThanIfExists', 'aws:RequestTag/size', '10')).toBe(true);
    expect(none('DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z')).toBe(true);
    // Access that ends next month is a real limit (a break-glass window).
    expect(none('DateLessThan', 'aws:CurrentTime', '2026-12-31T00:00:00Z')).toBe(false);
    expect(none('DateGreaterThan', 'aws:EpochTime', '1577836800')).toBe(true);
  });

  it('Bool family: SecureTransport "true" limits, BoolIfExists on an optional key does not', () => {
    expect(none('Bool', 'aws:SecureTransport', 'true')).toBe(false);
    expect(none('BoolIfExists', 'aws:ViaAWSService', 'false')).toBe(true);
  });

  it('leaves MFA keys to the "request without MFA" test of the whole statement', () => {
    // Null aws:MultiFactorAuthAge "false" asks for MFA (the age exists only with MFA): not judged here.
    expect(none('Null', 'aws:MultiFactorAuthAge', 'false')).toBe(false);
    expect(none('BoolIfExists', 'aws:MultiFactorAuthPresent', 'true')).toBe(false);
  });

  it('names only the keys some entry really limits, lower-cased', () => {
    const keys = protectiveKeys({ StringLike: { 'aws:PrincipalOrgID': 'o-*', 'aws:PrincipalArn': 'arn:aws:iam::*:role/responder' }, IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } });
    expect([...keys]).toEqual(['aws:principalarn']);
  });

  it('refuses an unknown operator instead of guessing', () => {
    expect(() => none('StringSortOf', 'sts:ExternalId', '*')).toThrow(PolicyEvaluationError);
  });
});

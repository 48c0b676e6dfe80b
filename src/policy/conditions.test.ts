import { describe, expect, it } from 'vitest';
import { conditionsHold, parseOperator, PolicyEvaluationError, testCondition } from './conditions.js';
import { RequestContext } from './context.js';

const ctx = (v: Record<string, string | string[]>) => new RequestContext(v);

describe('condition operators', () => {
  it('compares condition key names case-insensitively, values case-sensitively for StringEquals', () => {
    expect(testCondition('StringEquals', 'AWS:PrincipalTag/Team', 'secops', ctx({ 'aws:principaltag/team': 'secops' }))).toBe(true);
    expect(testCondition('StringEquals', 'aws:PrincipalTag/team', 'secops', ctx({ 'aws:PrincipalTag/team': 'SecOps' }))).toBe(false);
    expect(testCondition('StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'secops', ctx({ 'aws:PrincipalTag/team': 'SecOps' }))).toBe(true);
  });

  it('makes a missing key false for positive operators, true for negated ones and with IfExists', () => {
    const none = ctx({});
    expect(testCondition('StringEquals', 'aws:PrincipalTag/team', 'x', none)).toBe(false);
    expect(testCondition('StringNotEquals', 'aws:PrincipalTag/team', 'x', none)).toBe(true);
    expect(testCondition('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/x', none)).toBe(true);
    expect(testCondition('BoolIfExists', 'aws:MultiFactorAuthPresent', 'true', none)).toBe(true);
    expect(testCondition('Bool', 'aws:MultiFactorAuthPresent', 'true', none)).toBe(false);
  });

  it('reads Null as "is the key absent"', () => {
    expect(testCondition('Null', 'aws:MultiFactorAuthAge', 'true', ctx({}))).toBe(true);
    expect(testCondition('Null', 'aws:MultiFactorAuthAge', 'false', ctx({}))).toBe(false);
    expect(testCondition('Null', 'aws:MultiFactorAuthAge', 'false', ctx({ 'aws:MultiFactorAuthAge': '30' }))).toBe(true);
  });

  it('ORs the values of one key, ANDs keys and operators', () => {
    const c = ctx({ 'aws:PrincipalTag/team': 'platform', 'aws:MultiFactorAuthPresent': 'true' });
    expect(conditionsHold({ StringEquals: { 'aws:PrincipalTag/team': ['secops', 'platform'] } }, c)).toBe(true);
    expect(conditionsHold({ StringEquals: { 'aws:PrincipalTag/team': 'platform' }, Bool: { 'aws:MultiFactorAuthPresent': 'false' } }, c)).toBe(false);
    // A negated operator with several values: the value must equal none of them.
    expect(testCondition('StringNotEquals', 'aws:PrincipalTag/team', ['secops', 'platform'], c)).toBe(false);
  });

  it('applies ForAnyValue / ForAllValues, including the vacuous truth of ForAllValues on a missing key', () => {
    const tags = ctx({ 'aws:TagKeys': ['owner', 'purpose'] });
    expect(testCondition('ForAllValues:StringEquals', 'aws:TagKeys', ['owner', 'purpose', 'cost'], tags)).toBe(true);
    expect(testCondition('ForAllValues:StringEquals', 'aws:TagKeys', ['owner'], tags)).toBe(false);
    expect(testCondition('ForAnyValue:StringEquals', 'aws:TagKeys', ['owner'], tags)).toBe(true);
    expect(testCondition('ForAllValues:StringEquals', 'aws:TagKeys', ['owner'], ctx({}))).toBe(true);
    expect(testCondition('ForAnyValue:StringEquals', 'aws:TagKeys', ['owner'], ctx({}))).toBe(false);
    expect(testCondition('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['owner'], tags)).toBe(true);
  });

  it('compares numbers, dates (ISO or epoch seconds) and IPv4 CIDRs', () => {
    expect(testCondition('NumericLessThan', 'aws:MultiFactorAuthAge', '3600', ctx({ 'aws:MultiFactorAuthAge': '120' }))).toBe(true);
    expect(testCondition('NumericLessThan', 'aws:MultiFactorAuthAge', '3600', ctx({ 'aws:MultiFactorAuthAge': 'abc' }))).toBe(false);
    expect(testCondition('DateLessThan', 'aws:CurrentTime', '2026-12-31T00:00:00Z', ctx({ 'aws:CurrentTime': '2026-11-22T12:00:00Z' }))).toBe(true);
    expect(testCondition('DateGreaterThan', 'aws:EpochTime', '1700000000', ctx({ 'aws:EpochTime': '1800000000' }))).toBe(true);
    expect(testCondition('IpAddress', 'aws:SourceIp', '203.0.113.0/24', ctx({ 'aws:SourceIp': '203.0.113.77' }))).toBe(true);
    expect(testCondition('NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', ctx({ 'aws:SourceIp': '198.51.100.1' }))).toBe(true);
  });

  it('matches ArnLike field by field', () => {
    expect(testCondition('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Org*', ctx({ 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/OrgAdmin' }))).toBe(true);
    expect(testCondition('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Org*', ctx({ 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/OrgAdmin' }))).toBe(false);
  });

  it('refuses an operator it does not know instead of guessing', () => {
    expect(() => parseOperator('StringSortOf')).toThrow(PolicyEvaluationError);
    expect(() => parseOperator('ForSomeValues:StringEquals')).toThrow('unknown condition operator "ForSomeValues:StringEquals"');
  });

  it('treats open keys as satisfiable and records them', () => {
    const assumed = new Set<string>();
    expect(conditionsHold({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, ctx({}), { openKey: () => true, assumed })).toBe(true);
    expect([...assumed]).toEqual(['aws:SourceIp']);
  });
});

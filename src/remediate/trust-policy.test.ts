import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../snapshot/model.js';
import { buildRemediationSpec } from './spec.js';
import { buildTrustPolicy, compareTrust } from './trust-policy.js';

const A = '111122223333';
const ADMIN = `arn:aws:iam::${A}:role/Admin`;
const OPS = `arn:aws:iam::${A}:role/Ops`;
const ROLE = `arn:aws:iam::${A}:role/aws-support`;
const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };

const doc = (...Statement: object[]): PolicyDocument => ({ Version: '2012-10-17', Statement: Statement as PolicyDocument['Statement'] });
const allow = (aws: string | string[], Condition?: object) => ({ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) });

describe('trust policy builder', () => {
  it('demands MFA from IAM principals but not from Identity Center roles or SAML, and the external id only from other accounts', () => {
    const spec = buildRemediationSpec({
      accountId: A,
      partition: 'aws-us-gov',
      externalId: 'partner-42',
      trust: [
        `arn:aws-us-gov:iam::${A}:role/Admin`,
        `arn:aws-us-gov:iam::${A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Support_abc`,
        `arn:aws-us-gov:iam::${A}:saml-provider/Okta`,
        'arn:aws-us-gov:iam::444455556666:role/Partner',
      ],
    });
    expect(buildTrustPolicy(spec)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'IamPrincipalsWithMfa', Effect: 'Allow', Principal: { AWS: `arn:aws-us-gov:iam::${A}:role/Admin` }, Action: 'sts:AssumeRole', Condition: MFA },
        {
          Sid: 'IamPrincipalsWithMfaAndExternalId',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws-us-gov:iam::444455556666:role/Partner' },
          Action: 'sts:AssumeRole',
          Condition: { ...MFA, StringEquals: { 'sts:ExternalId': 'partner-42' } },
        },
        { Sid: 'PrincipalsWithoutMfaCondition', Effect: 'Allow', Principal: { AWS: `arn:aws-us-gov:iam::${A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Support_abc` }, Action: 'sts:AssumeRole' },
        {
          Sid: 'SamlFederation',
          Effect: 'Allow',
          Principal: { Federated: `arn:aws-us-gov:iam::${A}:saml-provider/Okta` },
          Action: 'sts:AssumeRoleWithSAML',
          Condition: { StringEquals: { 'SAML:aud': 'https://signin.amazonaws-us-gov.com/saml' } },
        },
      ],
    });
  });

  it('--no-mfa drops the MFA condition', () => {
    const spec = buildRemediationSpec({ trust: [ADMIN], requireMfa: false });
    expect(buildTrustPolicy(spec).Statement).toEqual([{ Sid: 'PrincipalsWithoutMfaCondition', Effect: 'Allow', Principal: { AWS: ADMIN }, Action: 'sts:AssumeRole' }]);
  });
});

describe('compareTrust: narrowing is allowed, anything else is not', () => {
  it('the same grants written differently are the same', () => {
    expect(compareTrust(doc(allow([ADMIN], MFA)), doc({ ...allow(ADMIN, { Bool: { 'AWS:MultiFactorAuthPresent': ['true'] } }), Sid: 'x' }), ROLE)).toEqual({ relation: 'same' });
  });
  it('dropping a principal narrows', () => {
    expect(compareTrust(doc(allow([ADMIN, OPS], MFA)), doc(allow(ADMIN, MFA)), ROLE)).toEqual({ relation: 'narrower' });
  });
  it('adding an MFA condition narrows', () => {
    expect(compareTrust(doc(allow(ADMIN)), doc(allow(ADMIN, MFA)), ROLE)).toEqual({ relation: 'narrower' });
  });
  it('a role of another account the old policy trusted as a whole narrows: across accounts the caller\'s own policies must allow either way', () => {
    expect(compareTrust(doc(allow('arn:aws:iam::444455556666:root', MFA)), doc(allow('arn:aws:iam::444455556666:role/Partner', MFA)), ROLE)).toEqual({ relation: 'narrower' });
    expect(compareTrust(doc(allow('444455556666')), doc(allow('arn:aws:iam::444455556666:role/Partner')), ROLE)).toEqual({ relation: 'narrower' });
  });
  it('a role of the same account in place of its root widens: the trust alone then lets it in, without any identity policy (item 9)', () => {
    // Given a trust delegating to the account (root): a role there needs an identity policy allowing sts:AssumeRole
    // When the new trust names that role instead, the same-account rule lets it assume with no identity policy at all
    expect(compareTrust(doc(allow(`arn:aws:iam::${A}:root`, MFA)), doc(allow(ADMIN, MFA)), ROLE)).toEqual({
      relation: 'wider-or-unknown',
      reason: `it would let role ${ADMIN} assume the role without any identity policy of its own, with MFA, which the existing trust policy does not allow`,
    });
    expect(compareTrust(doc(allow(A)), doc(allow(`arn:aws:iam::${A}:user/alice`)), ROLE)).toMatchObject({ relation: 'wider-or-unknown' });
    // And naming the root where the role was named is not wider (the role then needs its own allow too)
    expect(compareTrust(doc(allow(ADMIN, MFA)), doc(allow(`arn:aws:iam::${A}:root`, MFA)), ROLE)).toMatchObject({ relation: 'wider-or-unknown' });
  });
  it('adding a principal, dropping a condition, or another account widens', () => {
    expect(compareTrust(doc(allow(ADMIN, MFA)), doc(allow([ADMIN, OPS], MFA)), ROLE)).toEqual({
      relation: 'wider-or-unknown',
      reason: `it would let role ${OPS} assume the role without any identity policy of its own, with MFA, which the existing trust policy does not allow`,
    });
    expect(compareTrust(doc(allow(ADMIN, MFA)), doc(allow(ADMIN)), ROLE).relation).toBe('wider-or-unknown');
    expect(compareTrust(doc(allow(`arn:aws:iam::${A}:root`)), doc(allow('arn:aws:iam::444455556666:role/Admin')), ROLE).relation).toBe('wider-or-unknown');
    expect(compareTrust(doc(allow(ADMIN, { StringEquals: { 'sts:ExternalId': 'a' } })), doc(allow(ADMIN, { StringEquals: { 'sts:ExternalId': ['a', 'b'] } })), ROLE).relation).toBe(
      'wider-or-unknown',
    );
  });
  it('an existing Deny cannot be compared safely', () => {
    expect(compareTrust(doc(allow(ADMIN), { Effect: 'Deny', Principal: { AWS: OPS }, Action: 'sts:AssumeRole' }), doc(allow(ADMIN)), ROLE)).toEqual({
      relation: 'wider-or-unknown',
      reason: 'the existing trust policy cannot be compared safely (it has a Deny statement)',
    });
  });
});

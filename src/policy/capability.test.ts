import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../snapshot/model.js';
import { describeStatementRef, explainAction, type IdentityLayers } from './capability.js';
import { RequestContext } from './context.js';

const doc = (...Statement: PolicyDocument['Statement'][]): PolicyDocument => ({ Version: '2012-10-17', Statement: Statement.flat() });
const SUPPORT_ALL = { label: 'policy AWSSupportAccess', document: doc({ Effect: 'Allow', Action: ['support:*', 'support-console:*'], Resource: '*' }) };
const FULL = { label: 'SCP FullAWSAccess (p-full)', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) };
const ctx = new RequestContext({ 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/support', 'aws:RequestedRegion': 'us-east-1' });
/** Only these keys are unknown to the snapshot in these cases. */
const open = (k: string) => ['aws:multifactorauthpresent', 'aws:sourceip'].includes(k.toLowerCase());
const explain = (layers: IdentityLayers, action = 'support:CreateCase') => explainAction(layers, action, '*', ctx, open);

describe('what an identity may do, and what blocks it', () => {
  it('allows what an identity policy allows when nothing else is in the way', () => {
    expect(explain({ identity: [SUPPORT_ALL] })).toEqual({ action: 'support:CreateCase', allowed: true, blockers: [], mayBlock: [], requires: [] });
  });

  it('says so when no identity policy is attached, and when the attached ones do not allow it', () => {
    expect(explain({ identity: [] }).blockers).toEqual(['no identity policy is attached']);
    expect(explain({ identity: [{ label: 'inline policy s3', document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }] }).blockers).toEqual(['no identity policy allows it']);
  });

  it('names the boundary that does not allow it', () => {
    const layers: IdentityLayers = { identity: [SUPPORT_ALL], boundary: { label: 'permissions boundary arn:aws:iam::111111111111:policy/s3-only', document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) } };
    expect(explain(layers)).toMatchObject({ allowed: false, blockers: ['not allowed by permissions boundary arn:aws:iam::111111111111:policy/s3-only'] });
  });

  it('names a denying statement by Sid, or by its index when it has none', () => {
    const deny = { label: 'inline policy no-support', document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 'support:Create*', Resource: '*' }) };
    expect(explain({ identity: [SUPPORT_ALL, deny] }).blockers).toEqual(['denied by inline policy no-support statement #1']);
    const scp = { label: 'SCP deny-support (p-1)', document: doc({ Sid: 'DenySupport', Effect: 'Deny', Action: 'support:*', Resource: '*' }) };
    expect(explain({ identity: [SUPPORT_ALL], scpLevels: [{ target: 'r-root', policies: [FULL, scp] }] }).blockers).toEqual(['denied by SCP deny-support (p-1) statement DenySupport']);
  });

  it('needs an allowing SCP at every level of the path, not just somewhere', () => {
    const allowList = { label: 'SCP compute-only (p-2)', document: doc({ Effect: 'Allow', Action: ['ec2:*', 's3:*'], Resource: '*' }) };
    const layers: IdentityLayers = { identity: [SUPPORT_ALL], scpLevels: [{ target: 'r-root', policies: [FULL] }, { target: 'ou-ab12-workloads', policies: [allowList] }] };
    expect(explain(layers).blockers).toEqual(['no SCP attached to ou-ab12-workloads allows it (SCP compute-only (p-2))']);
    expect(explain({ ...layers, identity: [{ label: 'policy admin', document: FULL.document }] }, 'ec2:DescribeRegions').allowed).toBe(true);
  });

  it('decides a condition on a key it knows: a region SCP denies Support only when it is not exempted', () => {
    const region = (notAction: string[]) => ({
      label: 'SCP regions (p-3)',
      document: doc({ Sid: 'DenyOutsideEu', Effect: 'Deny', NotAction: notAction, Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }),
    });
    expect(explain({ identity: [SUPPORT_ALL], scpLevels: [{ target: 'r-root', policies: [FULL, region(['iam:*'])] }] }).blockers).toEqual(['denied by SCP regions (p-3) statement DenyOutsideEu']);
    expect(explain({ identity: [SUPPORT_ALL], scpLevels: [{ target: 'r-root', policies: [FULL, region(['iam:*', 'support:*'])] }] })).toMatchObject({ allowed: true, mayBlock: [] });
  });

  it('reports a Deny on a key it cannot know as "may block", with its condition, instead of ignoring it', () => {
    const mfa = { label: 'SCP require-mfa (p-4)', document: doc({ Sid: 'NoMfaNoService', Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }) };
    const result = explain({ identity: [SUPPORT_ALL], scpLevels: [{ target: 'r-root', policies: [FULL, mfa] }] });
    expect(result.allowed).toBe(true);
    expect(result.mayBlock).toHaveLength(1);
    expect(describeStatementRef(result.mayBlock[0]!)).toBe('SCP require-mfa (p-4) statement NoMfaNoService when {"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}');
  });

  it('names the unknown keys an allow depends on', () => {
    const office = { label: 'inline policy office-only', document: doc({ Effect: 'Allow', Action: 'support:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }) };
    expect(explain({ identity: [office] })).toMatchObject({ allowed: true, requires: ['aws:SourceIp'] });
  });

  it('does not let a statement on another resource allow an action whose resource is "*"', () => {
    const scoped = { label: 'inline policy scoped', document: doc({ Effect: 'Allow', Action: 'support:*', Resource: 'arn:aws:support::111111111111:case/*' }) };
    expect(explain({ identity: [scoped] }).blockers).toEqual(['no identity policy allows it']);
  });

  it('refuses to guess at a statement whose Effect is neither Allow nor Deny', () => {
    const broken = { label: 'inline policy broken', document: doc({ Effect: 'allow', Action: 'support:*', Resource: '*' }) };
    expect(() => explain({ identity: [broken] })).toThrow('inline policy broken: statement Effect must be Allow or Deny, not "allow"');
  });
});

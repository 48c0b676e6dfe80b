import { describe, expect, it } from 'vitest';
import { ok, type AccountSnapshot, type IamRole, type PolicyDocument } from '../snapshot/model.js';
import { principalsWhoCanAssume } from './assume.js';

const A = '111111111111';
const doc = (...Statement: PolicyDocument['Statement'][]): PolicyDocument => ({ Version: '2012-10-17', Statement: Statement.flat() });
const role = (name: string, trust: PolicyDocument, extra: Partial<IamRole> = {}): IamRole => ({
  name,
  arn: `arn:aws:iam::${A}:role/${name}`,
  id: `AROA${name.toUpperCase().padEnd(16, 'X')}`,
  path: '/',
  trustPolicy: trust,
  attachedManagedPolicies: [],
  inlinePolicies: [],
  tags: {},
  ...extra,
});
const account = (roles: IamRole[], policies: { arn: string; document: PolicyDocument }[] = []): AccountSnapshot => ({
  schemaVersion: 1,
  accountId: A,
  partition: 'aws',
  source: { kind: 'snapshot' },
  iam: ok({ roles, users: [], groups: [], policies: policies.map((p) => ({ name: p.arn.split('/').pop()!, arn: p.arn, path: '/', awsManaged: false, document: p.document })) }),
});
const SUPPORT = `arn:aws:iam::${A}:role/support`;
const assumeSupport = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: SUPPORT });

describe('who can assume a role', () => {
  it('lets a role named in the trust in without an identity allow, but not past its permissions boundary', () => {
    // Given a trust that names the responder role's ARN, and a boundary that allows only s3
    const support = role('support', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/responder` }, Action: 'sts:AssumeRole' }));
    const free = role('responder', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }));
    const bounded = { ...free, permissionsBoundaryArn: `arn:aws:iam::${A}:policy/s3-only` };
    const boundary = { arn: `arn:aws:iam::${A}:policy/s3-only`, document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) };
    // Then without the boundary the role can assume, with it the boundary blocks
    expect(principalsWhoCanAssume(support, account([support, free])).assumers.map((a) => a.principal)).toEqual([`role arn:aws:iam::${A}:role/responder`]);
    const blocked = principalsWhoCanAssume(support, account([support, bounded], [boundary]));
    expect(blocked.assumers).toEqual([]);
    expect(blocked.blocked).toEqual([{ principal: `role arn:aws:iam::${A}:role/responder`, reason: 'its permissions boundary does not allow sts:AssumeRole on the role' }]);
  });

  it('needs the identity allow when the trust names the account, and reports unknowable conditions', () => {
    const support = role('support', doc({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }));
    const responder = role('responder', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), {
      inlinePolicies: [{ name: 'assume', document: assumeSupport }],
    });
    const bystander = role('bystander', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }));
    const result = principalsWhoCanAssume(support, account([support, responder, bystander]));
    expect(result.assumers).toEqual([
      { principal: `role arn:aws:iam::${A}:role/responder`, arn: `arn:aws:iam::${A}:role/responder`, scope: 'snapshot', who: 'responder', requiresMfa: false, requiresExternalId: false, otherConditions: ['aws:SourceIp'] },
    ]);
  });

  it('lists principals of other accounts from the trust alone, with the ExternalId they need', () => {
    const support = role('support', doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:role/partner' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x' } } }));
    expect(principalsWhoCanAssume(support, account([support])).assumers).toEqual([
      { principal: 'role arn:aws:iam::222222222222:role/partner', arn: 'arn:aws:iam::222222222222:role/partner', scope: 'external', who: 'responder', requiresMfa: false, requiresExternalId: true, otherConditions: [] },
    ]);
  });

  it('honours an explicit Deny in the trust policy', () => {
    const support = role(
      'support',
      doc(
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/responder` }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
      ),
    );
    const responder = role('responder', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }));
    // A role session has no MFA key: the Deny on "false" does not apply, so the role is still admitted.
    expect(principalsWhoCanAssume(support, account([support, responder])).assumers).toHaveLength(1);
  });
});

describe('who can assume a role, when the trust names the account and principals too', () => {
  const ec2 = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
  const allowed = (name: string) => role(name, ec2, { inlinePolicies: [{ name: 'assume', document: assumeSupport }] });

  it('lists a named role without an identity allow among the others, in the order of the export', () => {
    // Given a trust naming the account root and the role "named", which has no identity policy of its own
    const support = role('support', doc({ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:role/named`] }, Action: 'sts:AssumeRole' }));
    const acct = account([allowed('alpha'), support, role('named', ec2), role('bystander', ec2), allowed('gamma')]);
    // When asking who can assume it
    const result = principalsWhoCanAssume(support, acct);
    // Then the named role is admitted by the trust alone, between the two that hold an identity allow
    expect(result.assumers.map((a) => a.principal)).toEqual([`role arn:aws:iam::${A}:role/alpha`, `role arn:aws:iam::${A}:role/named`, `role arn:aws:iam::${A}:role/gamma`]);
    expect(result.blocked).toEqual([]);
  });

  it('judges only identity-allowed principals of the account when the trust names someone elsewhere', () => {
    // Given a trust naming the account root and a partner role of another account
    const support = role('support', doc({ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${A}:root`, 'arn:aws:iam::222222222222:role/partner'] }, Action: 'sts:AssumeRole' }));
    const result = principalsWhoCanAssume(support, account([role('bystander', ec2), allowed('beta'), support, allowed('alpha')]));
    // Then the local assumers come in export order, the partner after them, and the bystander is not news
    expect(result.assumers.map((a) => `${a.scope} ${a.principal}`)).toEqual([
      `snapshot role arn:aws:iam::${A}:role/beta`,
      `snapshot role arn:aws:iam::${A}:role/alpha`,
      'external role arn:aws:iam::222222222222:role/partner',
    ]);
    expect(result.blocked).toEqual([]);
  });
});

describe('who can assume a role, across many similar principals', () => {
  const user = (name: string, tags: Record<string, string>) => ({
    name,
    arn: `arn:aws:iam::${A}:user/${name}`,
    id: `AIDA${name.toUpperCase().padEnd(16, 'X')}`,
    path: '/',
    attachedManagedPolicies: [],
    inlinePolicies: [],
    groups: ['responders'],
    tags,
  });
  const withGroup = (support: IamRole, users: ReturnType<typeof user>[]): AccountSnapshot => ({
    schemaVersion: 1,
    accountId: A,
    partition: 'aws',
    source: { kind: 'snapshot' },
    iam: ok({ roles: [support], users, groups: [{ name: 'responders', arn: `arn:aws:iam::${A}:group/responders`, id: 'AGPARESPONDERS', path: '/', attachedManagedPolicies: [], inlinePolicies: [{ name: 'assume', document: assumeSupport }] }], policies: [] }),
  });

  it('gives members of the same group the same answer', () => {
    const support = role('support', doc({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }));
    const result = principalsWhoCanAssume(support, withGroup(support, [user('alice', {}), user('bob', {})]));
    expect(result.assumers.map((a) => a.principal)).toEqual([`user arn:aws:iam::${A}:user/alice`, `user arn:aws:iam::${A}:user/bob`]);
  });

  it('still tells them apart when the trust tests the caller’s tags', () => {
    const support = role('support', doc({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'secops' } } }));
    const result = principalsWhoCanAssume(support, withGroup(support, [user('alice', { team: 'sales' }), user('bob', { team: 'secops' })]));
    expect(result.assumers.map((a) => a.principal)).toEqual([`user arn:aws:iam::${A}:user/bob`]);
  });
});

describe('who can assume a role, when its conditions match anything', () => {
  const alice = {
    name: 'alice',
    arn: `arn:aws:iam::${A}:user/alice`,
    id: 'AIDAALICEXXXXXXXXXXX',
    path: '/',
    attachedManagedPolicies: [],
    inlinePolicies: [],
    groups: [],
    tags: {},
  };
  const withAlice = (support: IamRole, others: IamRole[] = []): AccountSnapshot => {
    const a = account([support, ...others]);
    if (a.iam?.status === 'ok') a.iam.data.users.push(alice);
    return a;
  };
  const trustAlice = (Condition: Record<string, Record<string, unknown>>) => role('support', doc({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole', Condition }));
  const mfaOf = (support: IamRole) => principalsWhoCanAssume(support, withAlice(support)).assumers.map((x) => `${x.principal} mfa=${x.requiresMfa}`);

  it('requires MFA of a user for Bool "true" and for an MFA age limit without IfExists', () => {
    expect(mfaOf(trustAlice({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }))).toEqual([`user ${alice.arn} mfa=true`]);
    expect(mfaOf(trustAlice({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }))).toEqual([`user ${alice.arn} mfa=true`]);
  });

  it('does not require MFA of a user for BoolIfExists (access keys: no key) or Null "false" (a session without MFA: "false")', () => {
    // The key absent lets the first through, the key "false" the second: the user is tried both ways.
    expect(mfaOf(trustAlice({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }))).toEqual([`user ${alice.arn} mfa=false`]);
    expect(mfaOf(trustAlice({ Null: { 'aws:MultiFactorAuthPresent': 'false' } }))).toEqual([`user ${alice.arn} mfa=false`]);
    expect(mfaOf(trustAlice({ NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }))).toEqual([`user ${alice.arn} mfa=false`]);
  });

  it('says MFA holds for a role only when its session cannot come without MFA either way', () => {
    const responder = role('responder', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }));
    const trustRole = (Condition: Record<string, Record<string, unknown>>) => role('support', doc({ Effect: 'Allow', Principal: { AWS: responder.arn }, Action: 'sts:AssumeRole', Condition }));
    const mfa = (support: IamRole) => principalsWhoCanAssume(support, account([support, responder])).assumers.map((x) => x.requiresMfa);
    expect(mfa(trustRole({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }))).toEqual([true]);
    // A session made without MFA carries "false": Null "false" lets it in (the old reading tried only "absent").
    expect(mfa(trustRole({ Null: { 'aws:MultiFactorAuthPresent': 'false' } }))).toEqual([false]);
    expect(mfa(trustRole({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }))).toEqual([false]);
  });

  it('does not require an ExternalId that any value meets, and still finds the way in past StringNotEquals ""', () => {
    const ext = (Condition: Record<string, Record<string, unknown>>) =>
      principalsWhoCanAssume(trustAlice(Condition), withAlice(trustAlice(Condition))).assumers.map((x) => `${x.principal} externalId=${x.requiresExternalId}`);
    expect(ext({ StringEquals: { 'sts:ExternalId': 'a1b2-secret' } })).toEqual([`user ${alice.arn} externalId=true`]);
    expect(ext({ StringLike: { 'sts:ExternalId': '*' } })).toEqual([`user ${alice.arn} externalId=false`]);
    expect(ext({ StringNotEquals: { 'sts:ExternalId': '' } })).toEqual([`user ${alice.arn} externalId=false`]);
    expect(ext({ Null: { 'sts:ExternalId': 'false' } })).toEqual([`user ${alice.arn} externalId=false`]);
  });

  it('tells AWS services, anyone and limited wildcards apart', () => {
    const support = role(
      'support',
      doc(
        { Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } },
      ),
    );
    expect(principalsWhoCanAssume(support, account([support])).assumers.map((x) => `${x.who} ${x.principal} [${x.otherConditions.join(',')}]`)).toEqual([
      'service service ec2.amazonaws.com []',
      'service service lambda.amazonaws.com []',
      'responder everyone (*) [aws:PrincipalOrgID]',
    ]);
    const open = role('support', doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:*' } } }));
    expect(principalsWhoCanAssume(open, account([open])).assumers.map((x) => `${x.who} ${x.principal} [${x.otherConditions.join(',')}]`)).toEqual(['anyone everyone (*) []']);
  });
});

import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../test/helpers/fixtures.js';
import { ok, type IamRole, type IamUser, type PolicyDocument, type PolicyStatement } from '../../snapshot/model.js';
import { supportFunctionalEquivalents } from './index.js';

const ID = 'support-functional-equivalents';
const lines = (file: string) => findingsOf(ID, file).map((f) => `${f.status} ${f.messageId}: ${f.message}`);

describe('support-functional-equivalents', () => {
  it('reports an admin role as information and passes when no user bypasses the support role', () => {
    expect(lines('no-user-bypass.pass.json')).toEqual([
      'INFO equivalent: role admin can open AWS Support cases through AdministratorAccess; this is a functional equivalent, not the CIS support role.',
      'PASS no-user-bypass: No IAM user holds support-specific access outside the support role(s) aws-support-responders.',
    ]);
  });

  it('fails a user with SupportUser next to an existing support role', () => {
    const [f] = findingsOf(ID, 'user-bypasses-role.fail.json').filter((x) => x.status === 'FAIL');
    expect(f!.message).toBe('IAM user bob reaches AWS Support through job-function/SupportUser with long-lived credentials instead of assuming the support role(s) aws-support-responders.');
    expect(f!.resourceType).toBe('AwsIamUser');
    expect(f!.remediation).toBe('Remove the support access of bob (job-function/SupportUser) and let the user assume aws-support-responders instead (grant sts:AssumeRole on it, with MFA).');
  });

  it('finds support:* in a custom policy reached through a group', () => {
    expect(lines('user-bypasses-role--custom-policy-through-group.fail.json')).toEqual([
      'FAIL user-bypasses-role: IAM user alice reaches AWS Support through group responders: custom policy open-cases with long-lived credentials instead of assuming the support role(s) aws-support-responders.',
    ]);
  });

  it('only informs, never passes or fails, when there is no support role (cis-support-role already fails)', () => {
    expect(lines('equivalent.info.json')).toEqual([
      'INFO equivalent: role admin can open AWS Support cases through AdministratorAccess; this is a functional equivalent, not the CIS support role.',
      'INFO equivalent: user bob can open AWS Support cases through job-function/SupportUser; this is a functional equivalent, not the CIS support role.',
    ]);
  });
});

describe('support-functional-equivalents judges what a principal can do, not one policy at a time (issue 14 items 1, 2)', () => {
  it('passes a user whose SupportUser is taken back by a deny-all policy of its own', () => {
    // Given bob with job-function/SupportUser and an inline Deny * on *, next to the support role
    // Then bob cannot open a case, so he bypasses nothing
    expect(lines('no-user-bypass--other-policy-denies-all.pass.json')).toEqual(['PASS no-user-bypass: No IAM user holds support-specific access outside the support role(s) aws-support-responders.']);
  });

  it('passes a user whose permissions boundary allows nothing of support', () => {
    expect(lines('no-user-bypass--boundary-allows-no-support.pass.json')).toEqual(['PASS no-user-bypass: No IAM user holds support-specific access outside the support role(s) aws-support-responders.']);
  });

  it('reports an Allow of everything but a few IAM actions as an administrator (INFO), like AdministratorAccess', () => {
    expect(lines('equivalent--admin-like-custom-policy.info.json')).toEqual([
      'INFO equivalent: user carol can open AWS Support cases through custom policy almost-admin; this is a functional equivalent, not the CIS support role.',
      'PASS no-user-bypass: No IAM user holds support-specific access outside the support role(s) aws-support-responders.',
    ]);
  });

  it('leaves out a user whose account SCPs deny support, and keeps one whose deny depends on an unknown condition', () => {
    const user = (name: string, inline: PolicyDocument[]): IamUser => ({
      name, arn: `arn:aws:iam::111111111111:user/${name}`, id: `AIDA${name.toUpperCase()}`, path: '/', groups: [], tags: {}, attachedManagedPolicies: [],
      inlinePolicies: inline.map((document, i) => ({ name: `p${i}`, document })),
    });
    const allowSupport: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'support:*', Resource: '*' }] };
    const denyWithoutMfa: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }] };
    const account = (scp: PolicyDocument) => ({
      schemaVersion: 1 as const, accountId: '111111111111', partition: 'aws' as const, source: { kind: 'live' as const, collectedAt: '2026-11-21T09:00:00Z' },
      iam: ok({ roles: [], users: [user('dave', [allowSupport]), user('erin', [allowSupport, denyWithoutMfa])], groups: [], policies: [] }),
      serviceControlPolicies: ok([{ id: 'p-1', name: 'scp', targets: ['r-root'], awsManaged: false, document: scp }]),
    });
    const entities = (scp: PolicyDocument) => supportFunctionalEquivalents.evaluate(account(scp)).map((o) => String(o.params?.entity));
    // Given SCPs that allow everything, both users reach support (erin with MFA); given an SCP denying support:*, neither does
    expect(entities({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })).toEqual(['user dave', 'user erin']);
    expect(entities({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'support:*', Resource: '*' }] })).toEqual([]);
  });
});

describe('support-functional-equivalents on inline policies (the ones most roles have)', () => {
  const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
  const role = (name: string, document: PolicyDocument) =>
    ({ name, arn: `arn:aws:iam::111111111111:role/${name}`, id: 'AROA', path: '/', trustPolicy: null, attachedManagedPolicies: [], inlinePolicies: [{ name: 'own', document }], tags: {} }) as IamRole;
  const messages = (...roles: IamRole[]) =>
    supportFunctionalEquivalents
      .evaluate({ schemaVersion: 1, accountId: '111111111111', partition: 'aws', source: { kind: 'authorization-details' }, iam: ok({ roles, users: [], groups: [], policies: [] }) })
      .map((o) => `${o.status} ${String(o.params?.entity)} via ${String(o.params?.via)}`);

  it('finds support access named in any case, through NotAction, or in a single statement object, and nothing in other services', () => {
    // Given inline policies that reach support:CreateCase in three shapes, one that names only other services, and one
    // whose Deny takes the support access back
    const found = messages(
      role('upper', doc({ Effect: 'Allow', Action: ['logs:PutLogEvents', 'SUPPORT:Create*'], Resource: '*' })),
      role('not-action', doc({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' })),
      role('single', { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'support:*', Resource: '*' } }),
      role('others', doc({ Effect: 'Allow', Action: ['logs:*', 's3:GetObject'], Resource: '*' }, { Effect: 'Deny', Action: 'ec2:*', Resource: '*' })),
      role('denied', doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'support:*', Resource: '*' })),
    );
    // Then exactly the three that can open a case are reported
    expect(found).toEqual(['INFO role upper via inline policy own', 'INFO role not-action via inline policy own', 'INFO role single via inline policy own']);
  });

  it('still refuses a statement with an unknown Effect instead of passing over it', () => {
    expect(() => messages(role('typo', doc({ Effect: 'allow', Action: 'logs:*', Resource: '*' })))).toThrow('statement Effect must be Allow or Deny, not "allow"');
  });
});

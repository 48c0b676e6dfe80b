import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { applyBackoutPlan, findBackoutCandidates, planBackout, renderBackoutPlanText, type BackoutCandidate } from './backout.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const ours = { 'managed-by': 'supportguard' };
const arn = (n: string) => `arn:aws:iam::111122223333:role/${n}`;
const SUPPORT = 'arn:aws:iam::aws:policy/AWSSupportAccess';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** A candidate shaped like the role supportguard creates (AWSSupportAccess only, nothing inline) unless `extra` says otherwise. */
function cand(name: string, tags: Record<string, string>, extra: Partial<BackoutCandidate> = {}): BackoutCandidate {
  return { roleName: name, roleArn: arn(name), tags, attachedPolicyArns: [SUPPORT], inlinePolicyNames: [], ...extra };
}

describe('planBackout', () => {
  it('deletes never-used and long-unused supportguard roles, refuses recent ones and anyone else\'s', () => {
    const plan = planBackout(
      [
        cand('recent', ours, { lastUsed: '2026-11-10T08:00:00.000Z' }),
        cand('old', ours, { lastUsed: '2026-09-01T08:00:00.000Z' }),
        cand('never', ours),
        cand('theirs', { 'managed-by': 'terraform' }),
      ],
      { recentDays: 30, now: NOW },
    );
    expect(plan.entries.map((e) => [e.roleName, e.decision, e.reason])).toEqual([
      ['never', 'delete', undefined],
      ['old', 'delete', undefined],
      ['recent', 'refused', 'used 12 day(s) ago (2026-11-10T08:00:00.000Z), within --recent-days 30; pass --force to delete it anyway'],
      ['theirs', 'refused', 'not created by supportguard (no tag managed-by=supportguard); supportguard never deletes it'],
    ]);
  });

  it('--force deletes a recently used role but still never someone else\'s', () => {
    const plan = planBackout([cand('recent', ours, { lastUsed: '2026-11-22T08:00:00.000Z' }), cand('theirs', {})], { recentDays: 30, force: true, now: NOW });
    expect(plan.entries.map((e) => e.decision)).toEqual(['delete', 'refused']);
  });

  it('refuses a tagged role holding more than AWSSupportAccess: the tag alone is not proof (a break-glass role tagged by anyone with iam:TagRole)', () => {
    // Given roles tagged managed-by=supportguard whose policies are not what supportguard attaches
    const plan = planBackout(
      [
        cand('break-glass', ours, { attachedPolicyArns: [SUPPORT, ADMIN] }),
        cand('inline', ours, { inlinePolicyNames: ['s3-everything'] }),
        cand('bare', ours, { attachedPolicyArns: [] }),
        cand('lookalike', ours, { attachedPolicyArns: ['arn:aws:iam::111122223333:policy/AWSSupportAccess'] }),
      ],
      { recentDays: 30, now: NOW },
    );
    // Then each is refused with the reason, and nothing is deleted
    expect(plan.entries.map((e) => [e.roleName, e.decision, e.reason])).toEqual([
      ['bare', 'refused', 'not the role supportguard creates: arn:aws:iam::aws:policy/AWSSupportAccess is not attached; the tag alone does not prove supportguard made it; pass --force to delete it anyway'],
      ['break-glass', 'refused', 'not the role supportguard creates: managed policies other than AWSSupportAccess attached (arn:aws:iam::aws:policy/AdministratorAccess); the tag alone does not prove supportguard made it; pass --force to delete it anyway'],
      ['inline', 'refused', 'not the role supportguard creates: inline policies (s3-everything); the tag alone does not prove supportguard made it; pass --force to delete it anyway'],
      [
        'lookalike',
        'refused',
        'not the role supportguard creates: managed policies other than AWSSupportAccess attached (arn:aws:iam::111122223333:policy/AWSSupportAccess); arn:aws:iam::aws:policy/AWSSupportAccess is not attached; the tag alone does not prove supportguard made it; pass --force to delete it anyway',
      ],
    ]);
    // And --force is the explicit way through
    expect(planBackout([cand('break-glass', ours, { attachedPolicyArns: [SUPPORT, ADMIN] })], { recentDays: 30, force: true, now: NOW }).entries[0]!.decision).toBe('delete');
  });

  it('expects the AWSSupportAccess of the role\'s own partition', () => {
    const gov = { roleName: 'gov', roleArn: 'arn:aws-us-gov:iam::111122223333:role/gov', tags: ours, inlinePolicyNames: [] };
    expect(planBackout([{ ...gov, attachedPolicyArns: ['arn:aws-us-gov:iam::aws:policy/AWSSupportAccess'] }], { recentDays: 30 }).entries[0]!.decision).toBe('delete');
    expect(planBackout([{ ...gov, attachedPolicyArns: [SUPPORT] }], { recentDays: 30 }).entries[0]!.decision).toBe('refused');
  });

  it('says when there is nothing to back out', () => {
    expect(renderBackoutPlanText(planBackout([], { recentDays: 30 }), '111122223333')).toBe('Account 111122223333: no roles created by supportguard; nothing to back out\n');
  });
});

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

describe('backout against IAM (mocked)', () => {
  beforeEach(() => iamMock.reset());

  it('does not delete a role whose policies changed between plan and apply', async () => {
    // Given a plan made when the role held only AWSSupportAccess
    const plan = planBackout([cand('aws-support', ours)], { recentDays: 30 });
    // When someone attaches AdministratorAccess before apply
    iamMock.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: SUPPORT }, { PolicyArn: ADMIN }], IsTruncated: false });
    iamMock.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
    const outcomes = await applyBackoutPlan(iam, plan);
    // Then the role fails with the reason and no detach or delete call was made
    expect(outcomes).toEqual([
      { roleArn: arn('aws-support'), status: 'failed', reason: `policies changed since the plan (${ADMIN}); nothing was removed, plan again`, removed: [] },
    ]);
    expect(iamMock.commandCalls(DetachRolePolicyCommand)).toHaveLength(0);
    expect(iamMock.commandCalls(DeleteRoleCommand)).toHaveLength(0);
  });

  it('fails the role instead of deleting on a partial policy list (IsTruncated without Marker)', async () => {
    const plan = planBackout([cand('aws-support', ours)], { recentDays: 30 });
    iamMock.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: SUPPORT }], IsTruncated: true });
    const outcomes = await applyBackoutPlan(iam, plan);
    expect(outcomes[0]).toMatchObject({
      status: 'failed',
      reason: 'PaginationError: iam:ListAttachedRolePolicies aws-support: page 1 says IsTruncated but has no Marker; the list would be incomplete',
    });
    expect(iamMock.commandCalls(DeleteRoleCommand)).toHaveLength(0);
  });

  it('reads each candidate\'s attached and inline policies across pages', async () => {
    iamMock.on(GetRoleCommand).resolves({ Role: { RoleName: 'aws-support', Arn: arn('aws-support'), Path: '/', RoleId: 'R', CreateDate: NOW, Tags: [{ Key: 'managed-by', Value: 'supportguard' }] } });
    iamMock
      .on(ListAttachedRolePoliciesCommand, { RoleName: 'aws-support', Marker: undefined })
      .resolves({ AttachedPolicies: [{ PolicyArn: SUPPORT }], IsTruncated: true, Marker: 'p2' })
      .on(ListAttachedRolePoliciesCommand, { RoleName: 'aws-support', Marker: 'p2' })
      .resolves({ AttachedPolicies: [{ PolicyArn: ADMIN }], IsTruncated: false });
    iamMock.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['extra'], IsTruncated: false });
    const [c] = await findBackoutCandidates(iam, 'aws-support');
    expect(c).toEqual({ roleName: 'aws-support', roleArn: arn('aws-support'), tags: ours, attachedPolicyArns: [SUPPORT, ADMIN], inlinePolicyNames: ['extra'] });
  });
});

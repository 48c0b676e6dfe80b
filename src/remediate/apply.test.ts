import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { applyFixPlan, describeFixOutcome } from './apply.js';
import { accountState, hasProblems, planAccounts } from './org.js';
import { planFix } from './plan.js';
import { buildRemediationSpec } from './spec.js';
import { buildTrustPolicy } from './trust-policy.js';

const A = '111122223333';
const ROLE = `arn:aws:iam::${A}:role/aws-support`;
const POLICY = 'arn:aws:iam::aws:policy/AWSSupportAccess';
const spec = buildRemediationSpec({ accountId: A, trust: [`arn:aws:iam::${A}:role/Admin`], owner: 'sec' });

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

describe('applyFixPlan rollback', () => {
  beforeEach(() => iamMock.reset());

  it('deletes the role it just created when AttachRolePolicy fails, and reports both', async () => {
    // Given CreateRole succeeds but AttachRolePolicy is denied
    iamMock.on(CreateRoleCommand).resolves({});
    iamMock.on(AttachRolePolicyCommand).rejects(awsError('AccessDenied', 'User is not authorized to perform: iam:AttachRolePolicy'));
    iamMock.on(DeleteRoleCommand).resolves({});
    // When the plan is applied
    const outcome = await applyFixPlan(iam, planFix(spec, undefined));
    // Then the role is deleted again (nothing was attached, so nothing is detached)
    expect(iamMock.commandCalls(AttachRolePolicyCommand).map((c) => c.args[0].input)).toEqual([{ RoleName: 'aws-support', PolicyArn: POLICY }]);
    expect(iamMock.commandCalls(DeleteRoleCommand).map((c) => c.args[0].input)).toEqual([{ RoleName: 'aws-support' }]);
    expect(iamMock.commandCalls(DetachRolePolicyCommand)).toHaveLength(0);
    expect(outcome).toEqual({
      accountId: A,
      roleArn: ROLE,
      status: 'failed',
      done: ['CreateRole'],
      reason: 'iam:AttachRolePolicy failed: AccessDenied: User is not authorized to perform: iam:AttachRolePolicy',
      rollback: `rolled back: deleted role ${ROLE}`,
    });
    expect(describeFixOutcome(outcome)).toBe(
      `${A} failed ${ROLE}: iam:AttachRolePolicy failed: AccessDenied: User is not authorized to perform: iam:AttachRolePolicy (rolled back: deleted role ${ROLE})`,
    );
  });

  it('says so when the rollback itself fails, naming the role to delete by hand', async () => {
    iamMock.on(CreateRoleCommand).resolves({});
    iamMock.on(AttachRolePolicyCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    iamMock.on(DeleteRoleCommand).rejects(awsError('AccessDenied', 'not allowed to delete'));
    const outcome = await applyFixPlan(iam, planFix(spec, undefined));
    expect(outcome.rollback).toBe(`rollback FAILED (AccessDenied: not allowed to delete) after: nothing; delete role ${ROLE} by hand`);
  });

  it('never deletes a role it did not create: a failure while converging an existing role only reports', async () => {
    iamMock.on(AttachRolePolicyCommand).resolves({});
    iamMock.on(TagRoleCommand).rejects(awsError('AccessDenied', 'no TagRole'));
    // Given our half-made role (its creation token, no policy yet), missing its owner/purpose tags
    const existing = { arn: ROLE, path: '/', trustPolicy: buildTrustPolicy(spec), attachedPolicyArns: [], inlinePolicyNames: [], tags: { 'managed-by': 'supportguard', 'supportguard-token': 'run-1' }, maxSessionDurationSeconds: 3600, description: spec.description };
    const outcome = await applyFixPlan(iam, planFix(spec, existing));
    expect(outcome).toEqual({ accountId: A, roleArn: ROLE, status: 'failed', done: ['AttachRolePolicy'], reason: 'iam:TagRole failed: AccessDenied: no TagRole' });
    expect(iamMock.commandCalls(DeleteRoleCommand)).toHaveLength(0);
  });
});

describe('planAccounts: one account failing does not stop the others', () => {
  beforeEach(() => iamMock.reset());

  it('records AssumeRole and read failures per account as ERROR-like outcomes, never as a verdict', async () => {
    iamMock.on(GetRoleCommand).rejects(awsError('NoSuchEntityException', 'The role with name aws-support cannot be found.'));
    const fixes = await planAccounts(
      ['222222222222', '333333333333', '444444444444'],
      async (id) => {
        if (id === '333333333333') throw awsError('AccessDenied', 'not authorized to perform sts:AssumeRole');
        return iam;
      },
      spec,
      {},
    );
    expect(fixes.map((f) => [f.accountId, accountState(f), f.error])).toEqual([
      ['222222222222', 'would create', undefined],
      ['333333333333', 'failed', 'cannot enter account: AccessDenied: not authorized to perform sts:AssumeRole'],
      ['444444444444', 'would create', undefined],
    ]);
    expect(hasProblems(fixes)).toBe(true);
  });

  it('a throttled read is a failure for that account', async () => {
    iamMock.on(GetRoleCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    const fixes = await planAccounts(['222222222222'], async () => iam, spec, {});
    expect(fixes.map((f) => [accountState(f), f.error])).toEqual([['failed', 'cannot read role aws-support: Throttling: Rate exceeded']]);
  });
});

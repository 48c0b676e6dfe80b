import { describe, expect, it } from 'vitest';
import { buildIacSnapshot, PLACEHOLDER_ACCOUNT_ID } from './build.js';
import { readIacText } from './read.js';
import { removalsOf } from './terraform-plan.js';

const SUPPORT = 'arn:aws:iam::aws:policy/AWSSupportAccess';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

type Res = { address: string; type: string; name: string; values: Record<string, unknown>; expressions?: Record<string, unknown>; afterUnknown?: Record<string, unknown> };

/** A minimal `terraform show -json` plan: root-module resources being created. */
function plan(resources: Res[]) {
  return JSON.stringify(
    {
      format_version: '1.2',
      terraform_version: '1.9.8',
      planned_values: { root_module: { resources: resources.map((r) => ({ address: r.address, mode: 'managed', type: r.type, name: r.name, values: r.values })) } },
      resource_changes: resources.map((r) => ({ address: r.address, mode: 'managed', type: r.type, name: r.name, change: { actions: ['create'], before: null, after: r.values, after_unknown: r.afterUnknown ?? {} } })),
      configuration: { root_module: { resources: resources.map((r) => ({ address: r.address, mode: 'managed', type: r.type, name: r.name, expressions: r.expressions ?? {} })) } },
    },
    null,
    2,
  );
}

function snapshotOf(text: string) {
  const snapshot = buildIacSnapshot([readIacText(text, 'plan.json')], { partition: 'aws' });
  if (snapshot.iam?.status !== 'ok') throw new Error('no iam');
  return { snapshot, iam: snapshot.iam.data };
}

describe('Terraform plan reader', () => {
  it('a configured managed_policy_arns is exclusive: an attachment it does not list is detached on apply, so not counted', () => {
    const { iam, snapshot } = snapshotOf(
      plan([
        { address: 'aws_iam_role.r', type: 'aws_iam_role', name: 'r', values: { name: 'ops', path: '/', assume_role_policy: TRUST, managed_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }, expressions: { managed_policy_arns: { constant_value: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] } } },
        { address: 'aws_iam_role_policy_attachment.a', type: 'aws_iam_role_policy_attachment', name: 'a', values: { role: 'ops', policy_arn: SUPPORT } },
      ]),
    );
    expect(iam.roles[0]!.attachedManagedPolicies.map((p) => p.name)).toEqual(['ReadOnlyAccess']);
    expect(snapshot.iac!.unresolved.map((u) => u.reason)).toEqual([`aws_iam_role.r sets managed_policy_arns without ${SUPPORT}, so Terraform detaches this attachment on every apply`]);
  });

  it('an unconfigured managed_policy_arns (computed) is not exclusive and its unknown value is not reported', () => {
    const { iam, snapshot } = snapshotOf(
      plan([
        { address: 'aws_iam_role.r', type: 'aws_iam_role', name: 'r', values: { name: 'ops', assume_role_policy: TRUST }, afterUnknown: { managed_policy_arns: true, arn: true } },
        { address: 'aws_iam_role_policy_attachment.a', type: 'aws_iam_role_policy_attachment', name: 'a', values: { role: 'ops', policy_arn: SUPPORT } },
      ]),
    );
    expect(iam.roles[0]!.attachedManagedPolicies.map((p) => p.name)).toEqual(['AWSSupportAccess']);
    expect(snapshot.iac!.unresolved).toEqual([]);
  });

  it('joins aws_iam_role_policy to its role by reference when the name is known only after apply, and decodes documents', () => {
    const { iam } = snapshotOf(
      plan([
        { address: 'aws_iam_role.r', type: 'aws_iam_role', name: 'r', values: { name_prefix: 'ops-', assume_role_policy: TRUST, permissions_boundary: SUPPORT, tags: { team: 'secops' } }, afterUnknown: { name: true } },
        {
          address: 'aws_iam_role_policy.p',
          type: 'aws_iam_role_policy',
          name: 'p',
          values: { name: 'cases', policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'support:*', Resource: '*' }] }) },
          expressions: { role: { references: ['aws_iam_role.r.id', 'aws_iam_role.r'] } },
          afterUnknown: { role: true },
        },
      ]),
    );
    const role = iam.roles[0]!;
    expect(role.name).toBe('aws_iam_role.r');
    expect(role.arn).toBe(`arn:aws:iam::${PLACEHOLDER_ACCOUNT_ID}:role/aws_iam_role.r`);
    expect(role.permissionsBoundaryArn).toBe(SUPPORT);
    expect(role.tags).toEqual({ team: 'secops' });
    expect(role.trustPolicy?.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    expect(role.inlinePolicies).toEqual([{ name: 'cases', document: { Statement: [{ Effect: 'Allow', Action: 'support:*', Resource: '*' }] } }]);
  });

  it('an attachment to a role known only after apply, with no reference to follow, is reported and not counted', () => {
    const { iam, snapshot } = snapshotOf(
      plan([{ address: 'aws_iam_role_policy_attachment.a', type: 'aws_iam_role_policy_attachment', name: 'a', values: { policy_arn: SUPPORT }, expressions: { role: { references: ['module.roles.support_role_name', 'module.roles'] } }, afterUnknown: { role: true } }]),
    );
    expect(iam.roles).toEqual([]);
    expect(snapshot.iac!.unresolved.map((u) => `${u.address} ${u.attribute}: ${u.reason}`)).toEqual([
      'aws_iam_role_policy_attachment.a role: the role is known only after apply (from module.roles.support_role_name)',
    ]);
  });

  it('aws_iam_user_policy_attachment and aws_iam_group_policy_attachment give users and groups the policy (CIS still wants a role)', () => {
    const { iam } = snapshotOf(
      plan([
        { address: 'aws_iam_user_policy_attachment.u', type: 'aws_iam_user_policy_attachment', name: 'u', values: { user: 'alice', policy_arn: SUPPORT } },
        { address: 'aws_iam_group_policy_attachment.g', type: 'aws_iam_group_policy_attachment', name: 'g', values: { group: 'oncall', policy_arn: SUPPORT } },
      ]),
    );
    expect(iam.users.map((u) => [u.name, u.attachedManagedPolicies.map((p) => p.name)])).toEqual([['alice', ['AWSSupportAccess']]]);
    expect(iam.groups.map((g) => [g.name, g.attachedManagedPolicies.map((p) => p.name)])).toEqual([['oncall', ['AWSSupportAccess']]]);
  });

  it('refuses a policy document that is not JSON, naming the attribute', () => {
    expect(() => snapshotOf(plan([{ address: 'aws_iam_role.r', type: 'aws_iam_role', name: 'r', values: { name: 'x', assume_role_policy: '{not json' } }]))).toThrow(
      'plan.json: aws_iam_role.r.assume_role_policy: policy document is not valid JSON',
    );
  });
});

describe('Terraform plan reader: a plan that only detaches', () => {
  it('does not trust the stale computed managed_policy_arns of a role whose attachment this plan deletes', () => {
    // Given an existing role whose computed managed_policy_arns (from prior state) still lists AWSSupportAccess,
    // and a plan that deletes the aws_iam_role_policy_attachment that attached it
    const role = { name: 'aws-support', path: '/', arn: 'arn:aws:iam::111122223333:role/aws-support', assume_role_policy: TRUST, managed_policy_arns: [SUPPORT] };
    const attachment = { id: 'aws-support-1', role: 'aws-support', policy_arn: SUPPORT };
    const text = JSON.stringify({
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ address: 'aws_iam_role.support', mode: 'managed', type: 'aws_iam_role', name: 'support', values: role }] } },
      resource_changes: [
        { address: 'aws_iam_role.support', mode: 'managed', type: 'aws_iam_role', name: 'support', change: { actions: ['no-op'], before: role, after: role, after_unknown: {} } },
        { address: 'aws_iam_role_policy_attachment.support', mode: 'managed', type: 'aws_iam_role_policy_attachment', name: 'support', change: { actions: ['delete'], before: attachment, after: null, after_unknown: {} } },
      ],
      configuration: { root_module: { resources: [{ address: 'aws_iam_role.support', mode: 'managed', type: 'aws_iam_role', name: 'support', expressions: { name: { constant_value: 'aws-support' } } }] } },
    });
    const { iam, snapshot } = snapshotOf(text);
    // Then the role has no AWSSupportAccess after the plan, and the detach is recorded
    expect(iam.roles[0]!.attachedManagedPolicies).toEqual([]);
    expect(snapshot.iac!.removals.map((r) => `${r.kind} ${r.roleName} ${r.address}`)).toEqual(['detaches-support-policy aws-support aws_iam_role_policy_attachment.support']);
  });
});

describe('IaC snapshot: AWS-managed policies in use', () => {
  it('lists each AWS-managed policy the code attaches, with its path and how many principals have it', () => {
    const { iam } = snapshotOf(
      plan([
        { address: 'aws_iam_user_policy_attachment.u', type: 'aws_iam_user_policy_attachment', name: 'u', values: { user: 'alice', policy_arn: 'arn:aws:iam::aws:policy/job-function/SupportUser' } },
        { address: 'aws_iam_role_policy_attachment.r', type: 'aws_iam_role_policy_attachment', name: 'r', values: { role: 'ops', policy_arn: 'arn:aws:iam::aws:policy/job-function/SupportUser' } },
      ]),
    );
    expect(iam.policies).toEqual([{ name: 'SupportUser', arn: 'arn:aws:iam::aws:policy/job-function/SupportUser', path: '/job-function/', awsManaged: true, attachmentCount: 2 }]);
  });
});

describe('Terraform plan reader: unknown policy ARNs', () => {
  it('blames data.aws_partition only when the plan defers reading it', () => {
    const { snapshot } = snapshotOf(
      plan([
        { address: 'aws_iam_role.r', type: 'aws_iam_role', name: 'r', values: { name: 'ops', assume_role_policy: TRUST } },
        {
          address: 'aws_iam_role_policy_attachment.a',
          type: 'aws_iam_role_policy_attachment',
          name: 'a',
          values: { role: 'ops' },
          expressions: { policy_arn: { references: ['data.aws_partition.current.partition', 'data.aws_partition.current', 'var.policy_name'] } },
          afterUnknown: { policy_arn: true },
        },
      ]),
    );
    expect(snapshot.iac!.unresolved.map((u) => u.reason)).toEqual(['known only after apply (from data.aws_partition.current.partition, var.policy_name)']);
  });
});

describe('support-role losses in resource_changes', () => {
  const rc = (address: string, type: string, actions: string[], before: unknown, after: unknown) => ({ address, mode: 'managed', type, change: { actions, before, after } });
  const at = () => ({ file: 'plan.json' });

  it('an update of managed_policy_arns that drops AWSSupportAccess detaches it', () => {
    const before = { name: 'ops', arn: 'arn:aws:iam::111122223333:role/ops', managed_policy_arns: [SUPPORT] };
    expect(removalsOf([rc('aws_iam_role.ops', 'aws_iam_role', ['update'], before, { ...before, managed_policy_arns: [] })], at)).toEqual([
      { kind: 'detaches-support-policy', roleName: 'ops', roleArn: 'arn:aws:iam::111122223333:role/ops', address: 'aws_iam_role.ops', actions: 'update', policyArn: SUPPORT, location: { file: 'plan.json' } },
    ]);
  });

  it('an exclusive attachments resource that stops listing AWSSupportAccess detaches it; deleting it detaches nothing', () => {
    const before = { role_name: 'ops', policy_arns: [SUPPORT] };
    const update = removalsOf([rc('aws_iam_role_policy_attachments_exclusive.ops', 'aws_iam_role_policy_attachments_exclusive', ['update'], before, { role_name: 'ops', policy_arns: [] })], at);
    expect(update.map((r) => `${r.kind} ${r.roleName}`)).toEqual(['detaches-support-policy ops']);
    // Deleting the exclusive resource only stops managing the role's attachments
    expect(removalsOf([rc('aws_iam_role_policy_attachments_exclusive.ops', 'aws_iam_role_policy_attachments_exclusive', ['delete'], before, null)], at)).toEqual([]);
  });

  it('deleting an exclusive aws_iam_policy_attachment detaches the policy from every role it listed', () => {
    const before = { policy_arn: SUPPORT, roles: ['a', 'b'], users: [], groups: [] };
    expect(removalsOf([rc('aws_iam_policy_attachment.s', 'aws_iam_policy_attachment', ['delete'], before, null)], at).map((r) => `${r.kind} ${r.roleName}`)).toEqual([
      'detaches-support-policy a',
      'detaches-support-policy b',
    ]);
  });

  it('a deleted role without AWSSupportAccess before the change is no loss', () => {
    expect(removalsOf([rc('aws_iam_role.x', 'aws_iam_role', ['delete'], { name: 'x', managed_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }, null)], at)).toEqual([]);
  });
});

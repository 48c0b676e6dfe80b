import { describe, expect, it } from 'vitest';
import { planFix, renderFixPlanText, type ExistingRole } from './plan.js';
import { buildRemediationSpec } from './spec.js';
import { buildTrustPolicy } from './trust-policy.js';

const A = '111122223333';
const ROLE = `arn:aws:iam::${A}:role/aws-support`;
const POLICY = 'arn:aws:iam::aws:policy/AWSSupportAccess';
const spec = buildRemediationSpec({ accountId: A, trust: [`arn:aws:iam::${A}:role/Admin`], owner: 'sec' });

function ours(over: Partial<ExistingRole> = {}): ExistingRole {
  return {
    arn: ROLE,
    path: '/',
    trustPolicy: buildTrustPolicy(spec),
    attachedPolicyArns: [POLICY],
    tags: { ...spec.tags },
    maxSessionDurationSeconds: 3600,
    description: spec.description,
    ...over,
  };
}

describe('planFix', () => {
  it('a missing role: CreateRole then AttachRolePolicy', () => {
    const plan = planFix(spec, undefined);
    expect(plan.roleState).toBe('absent');
    expect(plan.actions.map((a) => a.action)).toEqual(['CreateRole', 'AttachRolePolicy']);
  });

  it('a matching role: no actions', () => {
    expect(planFix(spec, ours())).toEqual({ accountId: A, roleArn: ROLE, roleState: 'managed', actions: [], notes: [] });
  });

  it('our role with the policy detached and a tag changed: attach and re-tag only', () => {
    const plan = planFix(spec, ours({ attachedPolicyArns: [], tags: { ...spec.tags, owner: 'someone' } }));
    expect(plan.actions).toEqual([
      { action: 'AttachRolePolicy', roleArn: ROLE, roleName: 'aws-support', policyArn: POLICY },
      { action: 'TagRole', roleArn: ROLE, roleName: 'aws-support', tags: { owner: 'sec' } },
    ]);
  });

  it('someone else\'s role is refused without --adopt; with it, only the policy is attached and no tag is added', () => {
    const theirs = ours({ tags: {}, attachedPolicyArns: [], description: 'theirs' });
    expect(planFix(spec, theirs).refusal).toBe(
      `role ${ROLE} exists and was not created by supportguard (no tag managed-by=supportguard); pass --adopt to converge it, or choose another --role-name`,
    );
    const adopted = planFix(spec, theirs, { adopt: true });
    expect(adopted.actions).toEqual([{ action: 'AttachRolePolicy', roleArn: ROLE, roleName: 'aws-support', policyArn: POLICY }]);
    expect(adopted.notes).toEqual(['adopted role: description, session duration and tags are left as they are']);
  });

  it('renders deterministic text, with the owner note when the owner is defaulted', () => {
    const s = buildRemediationSpec({ accountId: A, trust: [`arn:aws:iam::${A}:role/Admin`] });
    const text = renderFixPlanText(planFix(s, ours({ tags: { ...s.tags }, attachedPolicyArns: [] })));
    expect(text).toBe(
      [
        `Account ${A}: role ${ROLE} (created by supportguard)`,
        `  + iam:AttachRolePolicy ${ROLE}`,
        `      policy: ${POLICY}`,
        '  note: owner tag defaults to "unassigned": pass --owner <team> so people know whom to ask',
        '',
      ].join('\n'),
    );
  });
});

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
    inlinePolicyNames: [],
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

  it('our half-made role (creation token, policy not attached yet) with a tag changed: attach and re-tag only', () => {
    const plan = planFix(spec, ours({ attachedPolicyArns: [], tags: { ...spec.tags, owner: 'someone', 'supportguard-token': 'run-1' } }));
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

  it('a tagged role that is not shaped like supportguard\'s is someone else\'s: refused without --adopt, and adopting leaves its description, session and tags alone', () => {
    // Given a break-glass role someone tagged managed-by=supportguard: AdministratorAccess too, 12 h sessions, its own description
    const breakGlass = ours({ attachedPolicyArns: [POLICY, 'arn:aws:iam::aws:policy/AdministratorAccess'], tags: { 'managed-by': 'supportguard', owner: 'ops' }, maxSessionDurationSeconds: 43200, description: 'break glass' });
    // Then fix refuses it, saying why the tag is not enough
    const plan = planFix(spec, breakGlass);
    expect(plan.roleState).toBe('unmanaged');
    expect(plan.refusal).toBe(
      `role ${ROLE} exists and is tagged managed-by=supportguard but is not the role supportguard creates: managed policies other than AWSSupportAccess attached (arn:aws:iam::aws:policy/AdministratorAccess); ` +
        'the tag alone does not prove supportguard made it; pass --adopt to converge it, or choose another --role-name',
    );
    // And a role with an inline policy, or without the policy and without a creation token, neither
    expect(planFix(spec, ours({ inlinePolicyNames: ['extra'] })).refusal).toContain('is not the role supportguard creates: inline policies (extra);');
    expect(planFix(spec, ours({ attachedPolicyArns: [] })).refusal).toContain(`is not the role supportguard creates: ${POLICY} is not attached;`);
    // And --adopt changes neither its description, session length nor tags
    expect(planFix(spec, breakGlass, { adopt: true })).toMatchObject({ roleState: 'unmanaged', actions: [] });
  });

  it('renders deterministic text, with the owner note when the owner is defaulted', () => {
    const s = buildRemediationSpec({ accountId: A, trust: [`arn:aws:iam::${A}:role/Admin`] });
    const text = renderFixPlanText(planFix(s, ours({ tags: { ...s.tags, 'supportguard-token': 'run-1' }, attachedPolicyArns: [] })));
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

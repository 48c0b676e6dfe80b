import { describe, expect, it } from 'vitest';
import { onlyFinding } from '../../../test/helpers/fixtures.js';

const ID = 'support-role-least-privilege';

describe('support-role-least-privilege', () => {
  it('passes a role with only AWSSupportAccess and counts its support actions', () => {
    expect(onlyFinding(ID, 'support-only.pass.json', 'PASS').message).toBe('aws-support-responders can do nothing beyond AWS Support (52 support:* and support-console:* actions).');
  });

  it('subtracts an unconditional resource-wide Deny', () => {
    expect(onlyFinding(ID, 'support-only--extra-allow-denied-unconditionally.pass.json', 'PASS').messageId).toBe('support-only');
  });

  it('does not subtract a Deny that has a condition: the action stays possible', () => {
    const f = onlyFinding(ID, 'beyond-support--conditional-deny-removes-nothing.fail.json', 'FAIL');
    expect(f.message).toBe('aws-support-responders can also perform 1 action(s) outside AWS Support: Read: s3 (1).');
    expect(f.severity).toBe('low');
  });

  it('lists extra actions by access level, the most dangerous first, and rates by the worst', () => {
    const f = onlyFinding(ID, 'beyond-support.fail.json', 'FAIL');
    expect(f.message).toBe('aws-support-responders can also perform 196 action(s) outside AWS Support: Write: iam (1); Read: s3 (1); List: ec2 (194).');
    expect(f.severity).toBe('medium');
    expect((f.details?.byAccessLevel as Record<string, string[]>).Write).toEqual(['iam:PassRole']);
    expect(f.remediation).toBe('Detach every policy from aws-support-responders except arn:aws:iam::aws:policy/AWSSupportAccess, and give other duties their own role.');
  });

  it('names AdministratorAccess (critical) using the shipped document when the export lacks it', () => {
    const f = onlyFinding(ID, 'administrator-access.fail.json', 'FAIL');
    expect(f.severity).toBe('critical');
    expect(f.message).toMatch(/^aws-support-responders has AdministratorAccess attached: it can perform \d{5} actions outside AWS Support \(Permissions management: /);
  });

  it('names PowerUserAccess (high), whose NotAction still leaves iam out', () => {
    const f = onlyFinding(ID, 'power-user-access.fail.json', 'FAIL');
    expect(f.severity).toBe('high');
    const byLevel = f.details?.byAccessLevel as Record<string, string[]>;
    expect(byLevel['Permissions management']).not.toContain('iam:AttachRolePolicy');
    expect(byLevel.Write).toContain('ec2:RunInstances');
  });

  it('does not pass a role that can do nothing at all as "nothing beyond support"', () => {
    // AWSSupportAccess under a boundary that allows only s3:* leaves 0 actions: nothing beyond support, nor of it.
    expect(onlyFinding(ID, 'nothing-allowed.info.json', 'INFO').message).toBe(
      'aws-support-responders is allowed no action at all, AWS Support included (see support-role-case-capability for what blocks it).',
    );
  });

  it('gives no verdict when an attached policy document is missing', () => {
    expect(onlyFinding(ID, 'unverifiable.info.json', 'INFO').message).toBe(
      "aws-support-responders's permissions cannot be proved: the documents of arn:aws:iam::111111111111:policy/responder-extras are not in the snapshot.",
    );
  });
});

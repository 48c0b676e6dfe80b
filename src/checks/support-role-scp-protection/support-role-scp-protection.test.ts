import { describe, expect, it } from 'vitest';
import { findingsOf, onlyFinding } from '../../../test/helpers/fixtures.js';

const ID = 'support-role-scp-protection';

describe('support-role-scp-protection', () => {
  it('passes an SCP that denies both actions on the role except to the platform admin role', () => {
    expect(onlyFinding(ID, 'protected.pass.json', 'PASS').message).toBe('SCPs deny iam:DeleteRole and iam:DetachRolePolicy on aws-support-responders to administrators of the account.');
  });

  it('fails when only FullAWSAccess applies, with an SCP to attach', () => {
    const f = onlyFinding(ID, 'not-protected.fail.json', 'FAIL');
    expect(f.message).toBe('No SCP denies iam:DeleteRole and iam:DetachRolePolicy on aws-support-responders.');
    expect(f.remediation).toContain('"Effect":"Deny","Action":["iam:DeleteRole","iam:DetachRolePolicy","iam:UpdateAssumeRolePolicy"]');
  });

  it('fails an SCP whose exemption covers every role: evaluated, not grepped', () => {
    expect(onlyFinding(ID, 'not-protected--exemption-covers-every-role.fail.json', 'FAIL').messageId).toBe('not-protected');
  });

  it('explains an account no SCP applies to', () => {
    expect(onlyFinding(ID, 'not-protected--no-scp-applies.fail.json', 'FAIL').message).toBe(
      'No SCP denies iam:DeleteRole and iam:DetachRolePolicy on aws-support-responders (no SCP applies to this account: it is outside an organization or is the management account, which SCPs never restrict).',
    );
  });

  it('is skipped, not failed, for an export without SCPs', () => {
    expect(findingsOf(ID, '../support-role-tags/pass.pass.json')).toEqual([]);
  });
});

describe('support-role-scp-protection in the management account', () => {
  it('fails even with a protecting SCP attached, because SCPs never restrict the management account', () => {
    expect(onlyFinding('support-role-scp-protection', 'not-protected--management-account.fail.json', 'FAIL').message).toBe(
      'No SCP denies iam:DeleteRole and iam:DetachRolePolicy on aws-support-responders (this is the management account, which SCPs never restrict: protect the role with a permissions boundary on its administrators and keep their number small).',
    );
  });
});

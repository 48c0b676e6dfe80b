import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../test/helpers/fixtures.js';

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

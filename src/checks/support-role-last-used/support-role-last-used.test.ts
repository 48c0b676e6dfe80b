import { describe, expect, it } from 'vitest';
import { onlyFinding } from '../../../test/helpers/fixtures.js';

const ID = 'support-role-last-used';

describe('support-role-last-used', () => {
  it('measures from the newest timestamp of an export that does not say when it was taken, not from the wall clock', () => {
    // The service-linked role was last used 2026-11-20: the export is at least that recent.
    expect(onlyFinding(ID, 'recently-used.pass.json', 'PASS').message).toBe('aws-support-responders was last used on 2026-10-02 (48 days before 2026-11-20).');
  });

  it('fails a role last used more than a year before the snapshot', () => {
    expect(onlyFinding(ID, 'stale.fail.json', 'FAIL').message).toBe('aws-support-responders was last used on 2025-06-30, 507 days before 2026-11-20 (more than 365).');
  });

  it('fails a role never used since its creation long ago, and tells how to exercise it', () => {
    const f = onlyFinding(ID, 'never-used.fail.json', 'FAIL');
    expect(f.message).toBe('aws-support-responders has never been used since it was created on 2024-03-01 (993 days before 2026-11-20).');
    expect(f.remediation).toContain('aws sts assume-role --role-arn arn:aws:iam::111111111111:role/aws-support-responders --role-session-name drill');
  });

  it('gives a new role time before judging it', () => {
    expect(onlyFinding(ID, 'new-unused.info.json', 'INFO').message).toBe('aws-support-responders was created on 2026-10-15 and has not been used yet; it is judged after 90 days.');
  });

  it('does not judge when the source does not report RoleLastUsed', () => {
    expect(onlyFinding(ID, 'unknown.info.json', 'INFO').message).toBe('aws-support-responders: the snapshot does not say when it was last used; not judged.');
  });
});

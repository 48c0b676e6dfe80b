import { describe, expect, it } from 'vitest';
import { onlyFinding } from '../../../test/helpers/fixtures.js';
import { ok, type IamRole } from '../../snapshot/model.js';
import { snapshotAsOf } from './index.js';

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

describe('snapshotAsOf (the newest timestamp of an export)', () => {
  const role = (createDate: string | undefined, lastUsed?: string) =>
    ({ name: 'r', arn: 'arn:aws:iam::111111111111:role/r', id: 'AROA', path: '/', createDate, lastUsed: lastUsed === undefined ? undefined : { date: lastUsed }, trustPolicy: null, attachedManagedPolicies: [], inlinePolicies: [], tags: {} }) as IamRole;
  const asOf = (...roles: IamRole[]) =>
    snapshotAsOf({ schemaVersion: 1, accountId: '111111111111', partition: 'aws', source: { kind: 'authorization-details' }, iam: ok({ roles, users: [], groups: [], policies: [] }) });

  it('compares the CLI, SDK and plain forms by time, not by text', () => {
    // Given the same day written three ways, the CLI's +00:00 form holding the latest second
    // When the newest is asked for
    // Then it is that second, though '+' sorts before '.' and 'Z' as text
    expect(asOf(role('2026-11-20T10:00:00Z'), role('2026-11-20T10:00:00.500Z'), role('2026-11-20T10:00:01+00:00'))).toBe(Date.parse('2026-11-20T10:00:01Z'));
  });

  it('lets Date.parse read days 29 to 31 and other offsets, which text order would get wrong', () => {
    // 2026-02-31 is 3 March for Date.parse: newer than the plain 2026-03-02 beside it.
    expect(asOf(role('2026-03-02T00:00:00Z'), role('2026-02-31T00:00:00Z'))).toBe(Date.parse('2026-03-03T00:00:00Z'));
    // 09:00 at UTC-05:00 is 14:00 UTC, newer than 12:00Z.
    expect(asOf(role('2026-11-20T12:00:00Z', '2026-11-20T09:00:00-05:00'))).toBe(Date.parse('2026-11-20T14:00:00Z'));
  });

  it('ignores text that is not a date and empty dates, as before', () => {
    expect(asOf(role('2026-99-01T00:00:00Z', ''), role('not a date'), role(undefined, '2025-01-01T00:00:00Z'))).toBe(Date.parse('2025-01-01T00:00:00Z'));
    expect(asOf(role('garbage'))).toBeUndefined();
  });
});

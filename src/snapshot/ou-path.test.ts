import { describe, expect, it } from 'vitest';
import type { AccountSnapshot, ServiceControlPolicy } from './model.js';
import { ouPathOf } from './ou-path.js';

const scp = (id: string, targets: string[]): ServiceControlPolicy => ({ id, name: id, targets, document: { Version: '2012-10-17', Statement: [] } });
const account = (scps?: ServiceControlPolicy[]): AccountSnapshot => ({
  schemaVersion: 1,
  accountId: '111111111111',
  partition: 'aws',
  source: { kind: 'live' },
  ...(scps ? { serviceControlPolicies: { status: 'ok' as const, data: scps } } : {}),
});

describe('OU path of an account', () => {
  it('merges the levels each SCP is attached to into the path, root first', () => {
    // Given FullAWSAccess on every level and two SCPs on single OUs (the reader lists targets account → root)
    const a = account([scp('p-full', ['111111111111', 'ou-ab12-22222222', 'ou-ab12-11111111', 'r-ab12']), scp('p-deny', ['ou-ab12-11111111']), scp('p-x', ['111111111111'])]);
    expect(ouPathOf(a)).toEqual(['r-ab12', 'ou-ab12-11111111', 'ou-ab12-22222222']);
  });

  it('orders levels from several SCPs that each cover part of the path', () => {
    const a = account([scp('p-1', ['ou-ab12-22222222', 'r-ab12']), scp('p-2', ['ou-ab12-33333333', 'ou-ab12-22222222'])]);
    expect(ouPathOf(a)).toEqual(['r-ab12', 'ou-ab12-22222222', 'ou-ab12-33333333']);
  });

  it('says nothing without SCP data, for the management account (no SCPs) and for a failed read', () => {
    expect(ouPathOf(account())).toBeUndefined();
    expect(ouPathOf(account([]))).toBeUndefined();
    expect(ouPathOf({ ...account(), serviceControlPolicies: { status: 'failed', error: { code: 'AccessDenied', message: 'no' } } })).toBeUndefined();
  });
});

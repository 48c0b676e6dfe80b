import { describe, expect, it } from 'vitest';
import { runChecks } from '../engine.js';
import { loadSnapshots } from '../../snapshot/load.js';
import { snapshotFromAuthorizationDetails } from '../../snapshot/authorization-details.js';
import { cisSupportRole } from './index.js';
import type { AccountSnapshot } from '../../snapshot/model.js';

const EX = 'examples/accounts';

async function verdictOf(file: string) {
  const set = await loadSnapshots([`${EX}/${file}`]);
  const result = runChecks([cisSupportRole], set.accounts);
  expect(result.findings).toHaveLength(1);
  return result.findings[0]!;
}

describe('cis-support-role on the bundled examples', () => {
  it('passes an account whose role has the AWS-managed policy, and names the role', async () => {
    const f = await verdictOf('111111111111-support-role.json');
    expect(f.status).toBe('PASS');
    expect(f.message).toBe('1 support role(s) with AWSSupportAccess: aws-support-responders.');
    expect(f.details).toEqual({ supportRoles: ['arn:aws:iam::111111111111:role/aws-support-responders'] });
    expect(f.remediation).toBe('');
  });

  it('fails when only users and groups have the policy, and says Security Hub would differ', async () => {
    const f = await verdictOf('222222222222-users-and-groups-only.json');
    expect(f.status).toBe('FAIL');
    expect(f.messageId).toBe('only-users-or-groups');
    expect(f.message).toBe(
      'No role has arn:aws:iam::aws:policy/AWSSupportAccess; it is attached only to users (bob) and groups (support-team). CIS asks for a role that responders assume (Security Hub IAM.18 would pass this account).',
    );
  });

  it('fails a role with a customer-managed policy that is only named AWSSupportAccess', async () => {
    const f = await verdictOf('333333333333-lookalike-policy.json');
    expect(f.status).toBe('FAIL');
    expect(f.messageId).toBe('customer-policy-lookalike');
    expect(f.message).toContain('role(s) support have a customer-managed policy named AWSSupportAccess');
  });

  it('fails a role that uses AWSSupportAccess only as its permissions boundary', async () => {
    const f = await verdictOf('444444444444-boundary-only.json');
    expect(f.status).toBe('FAIL');
    expect(f.messageId).toBe('boundary-only');
    expect(f.message).toContain('role(s) support-bounded use it only as a permissions boundary, which grants nothing');
  });

  it('fails an account that has only the service-linked AWSServiceRoleForSupport (the old Prowler false pass)', async () => {
    const f = await verdictOf('555555555555-service-linked-only.json');
    expect(f.status).toBe('FAIL');
    expect(f.messageId).toBe('only-service-linked-role');
  });

  it('fails an account with an admin role but no support role', async () => {
    const f = await verdictOf('666666666666-no-support-role.json');
    expect(f.status).toBe('FAIL');
    expect(f.message).toBe('No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.');
    expect(f.remediation).toContain('aws iam attach-role-policy --role-name aws-support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess');
  });

  it('passes in aws-us-gov with URL-encoded documents, using that partition', async () => {
    const f = await verdictOf('777777777777-govcloud-url-encoded.json');
    expect(f.status).toBe('PASS');
    expect(f.partition).toBe('aws-us-gov');
    expect(f.resourceArn).toBe('arn:aws-us-gov:iam::777777777777:root');
    expect(f.message).toContain('SupportResponders');
  });

  it('reports a truncated export as ERROR, never as FAIL', async () => {
    const f = await verdictOf('888888888888-truncated-export.json');
    expect(f.status).toBe('ERROR');
    expect(f.messageId).toBe('data-unavailable');
    expect(f.message).toContain('IsTruncated=true');
  });
});

function account(partial: Partial<AccountSnapshot>): AccountSnapshot {
  return { schemaVersion: 1, accountId: '123456789012', partition: 'aws', source: { kind: 'live' }, ...partial };
}

describe('cis-support-role on the fast path (ListEntitiesForPolicy)', () => {
  it('passes with the roles the API listed', () => {
    const acc = account({ supportPolicyUsage: { status: 'ok', data: { policyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess', roles: [{ name: 'r1' }, { name: 'r2' }], users: [], groups: [] } } });
    const [f] = runChecks([cisSupportRole], [acc]).findings;
    expect(f!.status).toBe('PASS');
    expect(f!.message).toBe('2 support role(s) with AWSSupportAccess: r1, r2.');
  });

  it('fails with users-only from the API', () => {
    const acc = account({ supportPolicyUsage: { status: 'ok', data: { policyArn: 'x', roles: [], users: [{ name: 'u' }], groups: [] } } });
    expect(runChecks([cisSupportRole], [acc]).findings[0]!.messageId).toBe('only-users-or-groups');
  });

  it('is ERROR when access was denied, never FAIL', () => {
    const acc = account({ supportPolicyUsage: { status: 'failed', error: { code: 'AccessDenied', message: 'not authorized to perform iam:ListEntitiesForPolicy', operation: 'iam:ListEntitiesForPolicy' } } });
    const r = runChecks([cisSupportRole], [acc]);
    expect(r.findings[0]!.status).toBe('ERROR');
    expect(r.findings[0]!.message).toBe('Not judged: supportPolicyUsage could not be read (iam:ListEntitiesForPolicy): AccessDenied: not authorized to perform iam:ListEntitiesForPolicy');
    expect(r.accounts[0]!.status).toBe('ERROR');
  });

  it('is ERROR when nothing was collected at all, so the account is never silently missing', () => {
    const r = runChecks([cisSupportRole], [account({})]);
    expect(r.accounts).toEqual([{ accountId: '123456789012', status: 'ERROR', message: 'Not judged: iam or supportPolicyUsage data was not collected for this account.' }]);
  });

  it('is ERROR when the account could not be entered (assume-role failed)', () => {
    const r = runChecks([cisSupportRole], [account({ accountError: { code: 'AssumeRoleFailed', message: 'AccessDenied assuming OrganizationAccountAccessRole' } })]);
    expect(r.accounts[0]).toMatchObject({ status: 'ERROR', message: 'Account could not be read: AccessDenied assuming OrganizationAccountAccessRole' });
  });
});

describe('cis-support-role partitions', () => {
  it.each(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b'] as const)('passes with the %s partition ARN', (partition) => {
    const raw = {
      RoleDetailList: [
        { RoleName: 'support', RoleId: 'AROAX', Arn: `arn:${partition}:iam::123456789012:role/support`, Path: '/', AttachedManagedPolicies: [{ PolicyName: 'AWSSupportAccess', PolicyArn: `arn:${partition}:iam::aws:policy/AWSSupportAccess` }] },
      ],
    };
    const acc = snapshotFromAuthorizationDetails(raw, { kind: 'authorization-details' });
    expect(acc.partition).toBe(partition);
    expect(runChecks([cisSupportRole], [acc]).findings[0]!.status).toBe('PASS');
  });

  it('does not accept an AWS-managed policy path that only ends like it', () => {
    const raw = {
      RoleDetailList: [
        { RoleName: 'x', Arn: 'arn:aws:iam::123456789012:role/x', AttachedManagedPolicies: [{ PolicyName: 'AWSSupportAccess', PolicyArn: 'arn:aws:iam::aws:policy/job-function/AWSSupportAccess' }] },
      ],
    };
    const acc = snapshotFromAuthorizationDetails(raw, { kind: 'authorization-details' });
    expect(runChecks([cisSupportRole], [acc]).findings[0]!.status).toBe('FAIL');
  });
});

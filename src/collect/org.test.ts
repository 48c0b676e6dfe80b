import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeOrganizationCommand, DescribePolicyCommand, ListParentsCommand, ListPoliciesForTargetCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ScpReader, scpsForSingleAccount } from './org.js';

const MGMT = '100000000000';
const MEMBER = '200000000000';
const SIBLING = '300000000000';
const org = mockClient(OrganizationsClient);
const client = () => new OrganizationsClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: {} });
const DENY_LEAVE = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] };

afterEach(() => org.reset());

/** Given: root r-1 ← OU ou-1 ← both members; FullAWSAccess on the root, deny-leave on the OU. */
function orgTree() {
  org.on(ListParentsCommand, { ChildId: MEMBER }).resolves({ Parents: [{ Id: 'ou-1', Type: 'ORGANIZATIONAL_UNIT' }] });
  org.on(ListParentsCommand, { ChildId: SIBLING }).resolves({ Parents: [{ Id: 'ou-1', Type: 'ORGANIZATIONAL_UNIT' }] });
  org.on(ListParentsCommand, { ChildId: 'ou-1' }).resolves({ Parents: [{ Id: 'r-1', Type: 'ROOT' }] });
  org.on(ListPoliciesForTargetCommand, { TargetId: MEMBER }).resolves({ Policies: [] });
  org.on(ListPoliciesForTargetCommand, { TargetId: SIBLING }).resolves({ Policies: [] });
  org.on(ListPoliciesForTargetCommand, { TargetId: 'ou-1' }).resolves({ Policies: [{ Id: 'p-deny', Name: 'deny-leave', AwsManaged: false }] });
  org.on(ListPoliciesForTargetCommand, { TargetId: 'r-1' }).resolves({ Policies: [{ Id: 'p-FullAWSAccess', Name: 'FullAWSAccess', AwsManaged: true }] });
  org.on(DescribePolicyCommand, { PolicyId: 'p-deny' }).resolves({ Policy: { Content: JSON.stringify(DENY_LEAVE) } });
  org.on(DescribePolicyCommand, { PolicyId: 'p-FullAWSAccess' }).resolves({ Policy: { Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' } });
}

describe('SCPs that apply to an account', () => {
  it('walks account → OU → root and reads each policy once for all accounts under the same OU', async () => {
    orgTree();
    const reader = new ScpReader(client(), MGMT);
    const member = await reader.forAccount(MEMBER);
    await reader.forAccount(SIBLING);
    expect(member).toEqual({
      status: 'ok',
      data: [
        { id: 'p-deny', name: 'deny-leave', document: DENY_LEAVE, targets: ['ou-1'], awsManaged: false },
        { id: 'p-FullAWSAccess', name: 'FullAWSAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, targets: ['r-1'], awsManaged: true },
      ],
    });
    // Cached: the OU's parent, its policies and each document were asked for once across both accounts.
    expect(org.commandCalls(ListParentsCommand, { ChildId: 'ou-1' })).toHaveLength(1);
    expect(org.commandCalls(DescribePolicyCommand)).toHaveLength(2);
  });

  it('the management account gets none, whatever is attached above it (SCPs never apply to it)', async () => {
    orgTree();
    expect(await new ScpReader(client(), MGMT).forAccount(MGMT)).toEqual({ status: 'ok', data: [] });
    expect(org.commandCalls(ListParentsCommand)).toHaveLength(0);
  });

  it('a denied DescribePolicy is a failed part naming that operation', async () => {
    orgTree();
    org.on(DescribePolicyCommand, { PolicyId: 'p-deny' }).rejects(awsError('AccessDeniedException', 'no'));
    expect(await new ScpReader(client(), MGMT).forAccount(MEMBER)).toEqual({ status: 'failed', error: { code: 'AccessDenied', operation: 'organizations:DescribePolicy', message: 'no' } });
  });
});

describe('SCPs in a single-account scan', () => {
  it('outside any organization: none apply', async () => {
    org.on(DescribeOrganizationCommand).rejects(awsError('AWSOrganizationsNotInUseException', 'not in an organization'));
    expect(await scpsForSingleAccount(client(), MEMBER)).toEqual({ status: 'ok', data: [] });
  });

  it('a member that may not read Organizations leaves the part not collected instead of an ERROR', async () => {
    org.on(DescribeOrganizationCommand).resolves({ Organization: { MasterAccountId: MGMT } });
    org.on(ListParentsCommand).rejects(awsError('AccessDeniedException', 'You don\'t have permissions to access this resource.'));
    expect(await scpsForSingleAccount(client(), MEMBER)).toBeUndefined();
  });

  it('the management account scanning itself: none apply', async () => {
    org.on(DescribeOrganizationCommand).resolves({ Organization: { MasterAccountId: MGMT } });
    expect(await scpsForSingleAccount(client(), MGMT)).toEqual({ status: 'ok', data: [] });
  });
});

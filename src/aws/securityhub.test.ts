import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../findings/model.js';
import { toAsff } from '../report/asff.js';
import { startRawAws } from '../../test/helpers/raw-aws.js';
import { importToSecurityHub } from './securityhub.js';

function findingsFor(accountId: string, n: number): Finding[] {
  return Array.from({ length: n }, (_, i) => ({
    checkId: 'cis-support-role',
    title: 'An IAM role has the AWS-managed AWSSupportAccess policy attached',
    status: 'FAIL' as const,
    severity: 'medium' as const,
    accountId,
    partition: 'aws' as const,
    resourceArn: `arn:aws:iam::${accountId}:role/r${i}`,
    resourceType: 'AwsIamRole',
    messageId: 'no-support-role',
    message: 'No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.',
    remediation: 'Attach it.',
    references: [],
  }));
}

const T = '2026-11-22T12:00:00.000Z';
const mocks: ReturnType<typeof mockClient>[] = [];
afterEach(() => mocks.splice(0).forEach((m) => m.restore()));

/** A separate mocked client per account, so the test can see which account sent what. */
function clientsByAccount(...accounts: string[]) {
  const byAccount = new Map<string, { client: SecurityHubClient; mock: ReturnType<typeof mockClient> }>();
  for (const a of accounts) {
    const client = new SecurityHubClient({ region: 'us-east-1', credentials: { accessKeyId: a, secretAccessKey: 'x' } });
    const mock = mockClient(client);
    mocks.push(mock);
    byAccount.set(a, { client, mock });
  }
  return byAccount;
}

describe('importToSecurityHub', () => {
  it('sends 250 findings of two accounts in batches of at most 100, each with its own account’s client', async () => {
    // Given 180 findings for account A and 70 for account B
    const asff = toAsff([...findingsFor('111111111111', 180), ...findingsFor('222222222222', 70)], { generatedAt: T });
    const clients = clientsByAccount('111111111111', '222222222222');
    for (const { mock } of clients.values()) mock.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] }));
    const asked: string[] = [];
    // When imported
    const results = await importToSecurityHub(asff, (accountId) => {
      asked.push(accountId);
      return clients.get(accountId)!.client;
    });
    // Then A's client sent 100 + 80 of A's findings only, B's client 70 of B's only: 3 batches in all
    expect(asked).toEqual(['111111111111', '222222222222']);
    const batches = (account: string) => clients.get(account)!.mock.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings!);
    expect(batches('111111111111').map((b) => b.length)).toEqual([100, 80]);
    expect(batches('222222222222').map((b) => b.length)).toEqual([70]);
    expect(batches('111111111111').flat().every((f) => f.AwsAccountId === '111111111111' && f.ProductArn === 'arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default')).toBe(true);
    expect(batches('222222222222').flat().every((f) => f.AwsAccountId === '222222222222')).toBe(true);
    expect(results).toEqual([
      { accountId: '111111111111', sent: 180, imported: 180, failed: [] },
      { accountId: '222222222222', sent: 70, imported: 70, failed: [] },
    ]);
  });

  it('reports refused findings, a failed call and an unreachable account, and carries on', async () => {
    // Given account A refuses one finding, account B's call is throttled, account C cannot be entered
    const asff = toAsff([...findingsFor('111111111111', 2), ...findingsFor('222222222222', 3), ...findingsFor('333333333333', 1)], { generatedAt: T });
    const clients = clientsByAccount('111111111111', '222222222222');
    clients.get('111111111111')!.mock.on(BatchImportFindingsCommand).resolves({
      SuccessCount: 1,
      FailedCount: 1,
      FailedFindings: [{ Id: asff[1]!.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'Finding does not adhere to ASFF' }],
    });
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    clients.get('222222222222')!.mock.on(BatchImportFindingsCommand).rejects(throttled);
    // When imported
    const results = await importToSecurityHub(asff, (accountId) => {
      if (accountId === '333333333333') throw Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' });
      return clients.get(accountId)!.client;
    });
    // Then each problem is reported against its account; nothing is counted as imported that was not
    expect(results[0]).toEqual({ accountId: '111111111111', sent: 2, imported: 1, failed: [{ id: asff[1]!.Id, code: 'InvalidInput', message: 'Finding does not adhere to ASFF' }] });
    expect(results[1]).toMatchObject({ accountId: '222222222222', sent: 3, imported: 0, error: 'BatchImportFindings failed: ThrottlingException: Rate exceeded' });
    expect(results[1]!.failed).toHaveLength(3);
    expect(results[2]).toMatchObject({ accountId: '333333333333', sent: 1, imported: 0, error: 'cannot reach account 333333333333: AccessDenied: not authorized to perform sts:AssumeRole' });
    expect(results[2]!.failed).toHaveLength(1);
  });

  it('counts nothing as imported when the answer confirms nothing (an empty 200 without SuccessCount)', async () => {
    // Given a Security Hub endpoint that answers BatchImportFindings with `{}`, parsed by the real SDK
    const server = await startRawAws(() => ({ status: 200, body: '{}', type: 'application/json' }));
    try {
      const client = new SecurityHubClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
      const asff = toAsff(findingsFor('111111111111', 11), { generatedAt: T });
      // When imported
      const [result] = await importToSecurityHub(asff, () => client);
      // Then none is counted as imported, each is listed as unconfirmed, and the account carries the reason
      expect(result).toMatchObject({ accountId: '111111111111', sent: 11, imported: 0, error: 'BatchImportFindings answered without a SuccessCount: the import is not confirmed' });
      expect(result!.failed.map((f) => f.code)).toEqual(Array(11).fill('Unconfirmed'));
      expect(server.seen).toHaveLength(1);
      client.destroy();
    } finally {
      await server.stop();
    }
  });
});

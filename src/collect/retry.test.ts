import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveAwsConfig } from '../aws/clients.js';
import { runChecks } from '../checks/engine.js';
import { cisSupportRole } from '../checks/cis-support-role/index.js';
import { scan } from './scan.js';

// A fake AWS endpoint on loopback speaking the query protocol (STS, IAM), so the SDK's real retry
// strategy, error parsing and our call counting run exactly as they would against AWS.

const THROTTLED = '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>t</RequestId></ErrorResponse>';

function identity(arn: string, account: string): string {
  return `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AIDAEXAMPLE</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
}

const ONE_ROLE =
  '<ListEntitiesForPolicyResponse><ListEntitiesForPolicyResult><PolicyRoles><member><RoleName>support</RoleName><RoleId>AROAEXAMPLE</RoleId></member></PolicyRoles><PolicyGroups/><PolicyUsers/><IsTruncated>false</IsTruncated></ListEntitiesForPolicyResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></ListEntitiesForPolicyResponse>';

describe('retries on throttling (SDK standard retry with backoff, --max-attempts)', () => {
  let server: Server;
  let endpoint: string;
  let seen: Record<string, string>[];
  let throttleFirst: number;
  let callerArn: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(body));
        seen.push(params);
        res.setHeader('content-type', 'text/xml');
        if (params.Action === 'GetCallerIdentity') return res.end(identity(callerArn, '111122223333'));
        if (params.Action === 'ListEntitiesForPolicy') {
          if (throttleFirst > 0) {
            throttleFirst--;
            res.statusCode = 400;
            return res.end(THROTTLED);
          }
          return res.end(ONE_ROLE);
        }
        res.statusCode = 400;
        res.end('<ErrorResponse><Error><Code>InvalidAction</Code><Message>unexpected</Message></Error></ErrorResponse>');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    seen = [];
    callerArn = 'arn:aws:iam::111122223333:user/auditor';
  });

  const config = (maxAttempts: number) => ({ ...resolveAwsConfig({ endpoint, maxAttempts }, {}), credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });

  it('two throttled answers, then success: the account PASSes after three attempts of the same call', async () => {
    throttleFirst = 2;
    const result = await scan({ aws: config(3) });
    const verdict = runChecks([cisSupportRole], result.set.accounts).accounts[0];
    expect(verdict).toEqual({ accountId: '111122223333', status: 'PASS', message: '1 support role(s) with AWSSupportAccess: support.' });
    expect(seen.filter((p) => p.Action === 'ListEntitiesForPolicy')).toHaveLength(3);
    // Two API calls (GetCallerIdentity, ListEntitiesForPolicy), four HTTP requests (two were retries).
    expect(result.stats).toMatchObject({ apiCalls: 2, httpRequests: 4, throttled: 2 });
    // IAM throttles per account: the SDK retried the two, and the org-wide concurrency was not lowered for them
    // (reading fewer accounts at once would not spare this one anything).
    expect(result.stats.concurrency).toMatchObject({ throttles: 0, decreases: 0, initial: 8, lowest: 8 });
  });

  it('throttled past --max-attempts: ERROR with code Throttling, never FAIL or PASS', async () => {
    throttleFirst = 100;
    const result = await scan({ aws: config(2) });
    expect(result.set.accounts[0]!.supportPolicyUsage).toEqual({ status: 'failed', error: { code: 'Throttling', operation: 'iam:ListEntitiesForPolicy', message: 'Rate exceeded' } });
    expect(runChecks([cisSupportRole], result.set.accounts).accounts[0]!.status).toBe('ERROR');
    expect(seen.filter((p) => p.Action === 'ListEntitiesForPolicy')).toHaveLength(2);
  });

  it('reads the partition from the caller ARN: a China-region caller is asked about arn:aws-cn:…:AWSSupportAccess', async () => {
    throttleFirst = 0;
    callerArn = 'arn:aws-cn:iam::111122223333:user/auditor';
    const result = await scan({ aws: config(1) });
    expect(result.caller).toEqual({ accountId: '111122223333', arn: callerArn, partition: 'aws-cn' });
    expect(seen.find((p) => p.Action === 'ListEntitiesForPolicy')?.PolicyArn).toBe('arn:aws-cn:iam::aws:policy/AWSSupportAccess');
    expect(result.set.accounts[0]!.partition).toBe('aws-cn');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { callerIdentityXml, startRawAws, type RawAnswer, type RawRequest } from './helpers/raw-aws.js';

// Organizations answers that are not answers (issue 15, item 1): each must stop an org scan with exit 3 and say why,
// never become "0 account(s)" or a silently shorter list. The real SDK parses the bytes a loopback endpoint sends.

const MGMT = '100000000000';
const json = (value: unknown): RawAnswer => ({ status: 200, body: JSON.stringify(value) });
const account = (id: string, state = 'ACTIVE') => ({ Id: id, Name: `acct-${id}`, State: state, Arn: `arn:aws:organizations::${MGMT}:account/o-abc/${id}` });
const noRole = '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error><RequestId>raw</RequestId></ErrorResponse>';
const emptyUsage = '<ListEntitiesForPolicyResponse><ListEntitiesForPolicyResult><PolicyGroups/><PolicyUsers/><PolicyRoles/><IsTruncated>false</IsTruncated></ListEntitiesForPolicyResult><ResponseMetadata><RequestId>raw</RequestId></ResponseMetadata></ListEntitiesForPolicyResponse>';

/** The endpoint of one scenario: STS and IAM answer normally, ListAccounts as the scenario says. */
function organization(listAccounts: (page: number) => RawAnswer) {
  return (r: RawRequest, n: number): RawAnswer => {
    switch (r.action) {
      case 'GetCallerIdentity':
        return { status: 200, body: callerIdentityXml(MGMT) };
      case 'DescribeOrganization':
        return json({ Organization: { Id: 'o-abc', MasterAccountId: MGMT, Arn: `arn:aws:organizations::${MGMT}:organization/o-abc` } });
      case 'ListAccounts':
        return listAccounts(n);
      case 'AssumeRole':
        return { status: 403, body: noRole };
      case 'ListEntitiesForPolicy':
        return { status: 200, body: emptyUsage };
      default:
        return { status: 400, body: `<ErrorResponse><Error><Code>InvalidAction</Code><Message>${r.action}</Message></Error></ErrorResponse>` };
    }
  };
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function scan(listAccounts: (page: number) => RawAnswer) {
  const server = await startRawAws(organization(listAccounts));
  stop = server.stop;
  const env = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  return cli(['scan', '--org', '--endpoint-url', server.endpoint, '--max-attempts', '1', '-f', 'json'], env);
}

describe('scan --org when ListAccounts does not answer with an account list', () => {
  it('an empty 200 is not "0 accounts": exit 3, one line', async () => {
    const r = await scan(() => ({ status: 200, body: '' }));
    expect(r.stderr).toBe('supportguard: --org: organizations:ListAccounts page 1 is not a ListAccounts answer (no Accounts list); the account list cannot be proved complete\n');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(3);
  });

  it('`{}` is not "0 accounts" either', async () => {
    const r = await scan(() => json({}));
    expect(r.stderr).toMatch(/^supportguard: --org: organizations:ListAccounts page 1 is not a ListAccounts answer/);
    expect(r.code).toBe(3);
  });

  it('an empty later page does not make the accounts of the first page the whole organization', async () => {
    const r = await scan((page) => (page === 1 ? json({ Accounts: [account(MGMT), account('200000000000')], NextToken: 'page-2' }) : json({})));
    expect(r.stderr).toBe('supportguard: --org: organizations:ListAccounts page 2 is not a ListAccounts answer (no Accounts list); the account list cannot be proved complete\n');
    expect(r.code).toBe(3);
  });

  it('an account entry without an Id is refused rather than dropped', async () => {
    const r = await scan(() => json({ Accounts: [account(MGMT), { Name: 'nameless', State: 'ACTIVE' }] }));
    expect(r.stderr).toBe('supportguard: --org: organizations:ListAccounts page 1 lists an account without a valid 12-digit Id; the account list cannot be proved complete\n');
    expect(r.code).toBe(3);
  });

  it('zero accounts is an error: an organization always holds its management account', async () => {
    const r = await scan(() => json({ Accounts: [] }));
    expect(r.stderr).toBe('supportguard: --org: organizations:ListAccounts listed no account at all (an organization always holds its management account); the account list cannot be trusted\n');
    expect(r.code).toBe(3);
  });

  it('overlapping pages scan each account once and say so', async () => {
    const member = '200000000000';
    const other = '300000000000';
    const r = await scan((page) => (page === 1 ? json({ Accounts: [account(MGMT), account(member)], NextToken: 'page-2' }) : json({ Accounts: [account(member), account(other)] })));
    expect(r.stderr).toBe(`supportguard: warning: organizations:ListAccounts listed account ${member} more than once; it is scanned once\n`);
    const report = JSON.parse(r.stdout) as { accounts: { accountId: string; status: string }[] };
    // The members cannot be entered here (AssumeRole refused): ERROR, each exactly once; the management account FAILs (no role).
    expect(report.accounts.map((a) => `${a.accountId} ${a.status}`)).toEqual([`${MGMT} FAIL`, `${member} ERROR`, `${other} ERROR`]);
    expect(r.code).toBe(3);
  });

  it('an account listed twice with two different states is refused', async () => {
    const r = await scan((page) => (page === 1 ? json({ Accounts: [account(MGMT), account('200000000000')], NextToken: 'p2' }) : json({ Accounts: [account('200000000000', 'SUSPENDED')] })));
    expect(r.stderr).toBe('supportguard: --org: organizations:ListAccounts lists account 200000000000 twice, as ACTIVE and as SUSPENDED; the account list cannot be trusted\n');
    expect(r.code).toBe(3);
  });
});

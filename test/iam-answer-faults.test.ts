import { afterEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { callerIdentityXml, startRawAws, type RawAnswer, type RawRequest } from './helpers/raw-aws.js';

// IAM answers that are not answers (issue 15, item 2): an empty 200, an HTML page or XML of another operation used to
// read as "no role has AWSSupportAccess", turning a PASS account into a FAIL. Each must be ERROR for that account.
// The real SDK parses the bytes a loopback endpoint sends.

const ACCOUNT = '111111111111';
const xml = (body: string): RawAnswer => ({ status: 200, body, type: 'text/xml' });
const usage = (roles: string, truncated = 'false', marker = '') =>
  xml(
    `<ListEntitiesForPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListEntitiesForPolicyResult><PolicyGroups/><PolicyUsers/><PolicyRoles>${roles}</PolicyRoles><IsTruncated>${truncated}</IsTruncated>${marker ? `<Marker>${marker}</Marker>` : ''}</ListEntitiesForPolicyResult><ResponseMetadata><RequestId>raw</RequestId></ResponseMetadata></ListEntitiesForPolicyResponse>`,
  );
const ROLE = '<member><RoleName>aws-support</RoleName><RoleId>AROAEXAMPLEAWSSUPPORT</RoleId></member>';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function scan(listEntities: (page: number) => RawAnswer, extra: string[] = [], gaad?: () => RawAnswer) {
  const server = await startRawAws((r: RawRequest, n: number) => {
    if (r.action === 'GetCallerIdentity') return xml(callerIdentityXml(ACCOUNT));
    if (r.action === 'ListEntitiesForPolicy') return listEntities(n);
    if (r.action === 'GetAccountAuthorizationDetails' && gaad) return gaad();
    return { status: 400, body: `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed: ${r.action}</Message></Error><RequestId>raw</RequestId></ErrorResponse>`, type: 'text/xml' };
  });
  stop = server.stop;
  const env = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  const r = await cli(['scan', '--endpoint-url', server.endpoint, '--max-attempts', '1', '--check', 'cis-support-role', '-f', 'json', ...extra], env);
  const report = r.stdout ? (JSON.parse(r.stdout) as { accounts: { status: string; message: string }[] }) : undefined;
  return { ...r, verdict: report?.accounts[0] };
}

describe('scan: an IAM answer that is not an answer is ERROR, never "no support role"', () => {
  it('the well-formed answer still PASSes (the check is not over-strict)', async () => {
    const r = await scan(() => usage(ROLE));
    expect(r.verdict).toEqual({ accountId: ACCOUNT, status: 'PASS', message: '1 support role(s) with AWSSupportAccess: aws-support.' });
    expect(r.code).toBe(0);
  });

  it.each([
    ['an empty 200', (): RawAnswer => xml('')],
    ['XML of another operation', (): RawAnswer => xml('<ListRolesResponse><ListRolesResult><Roles/><IsTruncated>false</IsTruncated></ListRolesResult></ListRolesResponse>')],
    ['an HTML page', (): RawAnswer => ({ status: 200, body: '<html><body><h1>Proxy login</h1></body></html>', type: 'text/html' })],
  ])('%s to ListEntitiesForPolicy', async (_, answer) => {
    const r = await scan(answer);
    expect(r.verdict?.status).toBe('ERROR');
    expect(r.verdict?.message).toMatch(/^Not judged: supportPolicyUsage could not be read \(iam:ListEntitiesForPolicy\): (MalformedResponse: iam:ListEntitiesForPolicy answered without PolicyGroups, PolicyUsers, PolicyRoles, IsTruncated|UnexpectedResponse: )/);
    expect(r.code).toBe(3);
  });

  it('an empty later page does not drop the roles of the first', async () => {
    const r = await scan((page) => (page === 1 ? usage('', 'true', 'next') : xml('')));
    expect(r.verdict?.status).toBe('ERROR');
    expect(r.verdict?.message).toContain('MalformedResponse: iam:ListEntitiesForPolicy answered without');
    expect(r.code).toBe(3);
  });

  it('--deep: an empty GetAccountAuthorizationDetails is not an account without roles', async () => {
    // The fast path still proves the CIS verdict; the IAM part is an ERROR of its own for the quality checks.
    const r = await scan(() => usage(ROLE), ['--deep', '--check', 'support-role-trust-policy'], () => xml(''));
    const report = JSON.parse(r.stdout) as { findings: { checkId: string; status: string; message: string }[] };
    expect(report.findings.map((f) => `${f.checkId} ${f.status}`)).toEqual(['cis-support-role PASS', 'support-role-trust-policy ERROR']);
    expect(report.findings[1]!.message).toBe(
      'Not judged: iam could not be read (iam:GetAccountAuthorizationDetails): MalformedResponse: iam:GetAccountAuthorizationDetails answered without UserDetailList, GroupDetailList, RoleDetailList, Policies, IsTruncated: not an answer of this operation (an empty 200 or a proxy page?)',
    );
    expect(r.code).toBe(3);
  });
});

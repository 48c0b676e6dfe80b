// A generated audit result of N accounts in a realistic mix, for the HTML report and dashboard at scale
// (the 500-account Chromium test and bench/html-report.mjs). Deterministic: account i always gets the same results.
// Plain JS so that `node bench/…mjs` can use it without a build step; types in synthetic-org.d.mts.

const OUS = [
  ['r-ab12', 'ou-ab12-prod0001', 'ou-ab12-prodeu01'],
  ['r-ab12', 'ou-ab12-prod0001', 'ou-ab12-produs01'],
  ['r-ab12', 'ou-ab12-nonprod1'],
  ['r-ab12', 'ou-ab12-sandbox1'],
  ['r-ab12', 'ou-ab12-security'],
  undefined, // accounts whose OU the scan did not read
];

/** Account i's 12-digit id. */
export const syntheticAccountId = (i) => String(100000000000 + i).padStart(12, '0');

/** Hostile names on a few accounts: markup, quotes and a right-to-left override must stay inert text. */
export const HOSTILE_NAMES = ['<script>window.__xss=1</script>', '"><img src=x onerror="window.__xss=2">', "o'brien\u202Etxt.exe"];

/**
 * @param {number} n accounts
 * @param {readonly {id:string,title:string,severity:string,references:unknown[],remediation:string}[]} checks the registry's checks
 */
export function syntheticOrgResult(n, checks) {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const findings = [];
  const accounts = [];
  const skipped = [];
  const add = (i, checkId, status, severity, messageId, message, extra = {}) => {
    const c = byId.get(checkId);
    if (!c) return;
    const accountId = syntheticAccountId(i);
    const f = {
      checkId, title: c.title, status, severity: status === 'INFO' ? 'info' : severity, accountId, accountName: accountName(i), partition: 'aws',
      resourceArn: checkId === 'cis-support-role' ? `arn:aws:iam::${accountId}:root` : `arn:aws:iam::${accountId}:role/aws-support`,
      resourceType: checkId === 'cis-support-role' ? 'AwsAccount' : 'AwsIamRole', messageId, message,
      remediation: status === 'FAIL' ? c.remediation.replace(/\{\{\s*\w+\s*\}\}/g, 'aws-support') : '', references: c.references, ...extra,
    };
    findings.push(f);
    return f;
  };
  for (let i = 0; i < n; i++) {
    const accountId = syntheticAccountId(i);
    const ouPath = OUS[i % OUS.length];
    const cis = i % 10 === 3 || i % 10 === 7 ? 'FAIL' : i % 50 === 11 ? 'ERROR' : 'PASS';
    const verdict = { accountId, accountName: accountName(i), status: cis, message: '' };
    if (ouPath) verdict.ouPath = ouPath;
    if (cis === 'ERROR') {
      verdict.message = 'Account could not be read: AssumeRole failed: AccessDenied';
      add(i, 'cis-support-role', 'ERROR', 'medium', 'account-unreadable', verdict.message);
    } else if (cis === 'FAIL') {
      verdict.message = i % 20 === 3 ? 'No role has arn:aws:iam::aws:policy/AWSSupportAccess; it is attached only to users (bob).' : 'No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.';
      const f = add(i, 'cis-support-role', 'FAIL', 'medium', i % 20 === 3 ? 'users-or-groups-only' : 'no-support-role', verdict.message);
      // One failing account in 40 carries an accepted exception (a sandbox without responders).
      if (i % 40 === 7) f.suppression = { index: 0, reason: 'sandbox, no production data', owner: 'platform-security', expires: '2027-03-31' };
      add(i, 'support-functional-equivalents', i % 20 === 3 ? 'FAIL' : 'INFO', 'low', i % 20 === 3 ? 'user-bypass' : 'admin-path', i % 20 === 3 ? 'user bob can open AWS Support cases without the role.' : 'role Admin can open AWS Support cases through AdministratorAccess.');
    } else {
      verdict.message = '1 support role(s) with AWSSupportAccess: aws-support.';
      add(i, 'cis-support-role', 'PASS', 'medium', 'pass', verdict.message);
      add(i, 'support-role-trust-policy', i % 9 === 1 ? 'FAIL' : 'PASS', i % 27 === 1 ? 'critical' : 'high', i % 9 === 1 ? 'foreign-account' : 'pass', i % 9 === 1 ? 'aws-support trusts arn:aws:iam::444455556666:root, not known to be in your organization, without an sts:ExternalId condition.' : 'aws-support trusts only principals of the organization.');
      add(i, 'support-role-effective-access', 'PASS', 'high', 'pass', 'aws-support can be assumed by 1 principal(s): role arn:aws:iam::' + accountId + ':role/responders (with MFA).');
      add(i, 'support-role-case-capability', i % 13 === 5 ? 'FAIL' : 'PASS', 'high', i % 13 === 5 ? 'cannot-open-case' : 'pass', i % 13 === 5 ? 'aws-support cannot open an AWS Support case: support:CreateCase and 8 more: not allowed by permissions boundary.' : 'aws-support can open and work AWS Support cases.');
      add(i, 'support-role-least-privilege', i % 11 === 2 ? 'FAIL' : 'PASS', i % 22 === 2 ? 'critical' : 'medium', i % 11 === 2 ? 'beyond-support' : 'pass', i % 11 === 2 ? 'aws-support can do 412 actions beyond AWS Support (Write: iam, s3).' : 'aws-support can do nothing beyond AWS Support.');
      add(i, 'support-role-tags', i % 4 === 0 ? 'FAIL' : 'PASS', 'low', i % 4 === 0 ? 'missing-tags' : 'pass', i % 4 === 0 ? 'aws-support has no owner or purpose tag.' : 'aws-support is tagged owner=secops.');
      add(i, 'support-role-last-used', i % 6 === 5 ? 'FAIL' : 'PASS', 'low', i % 6 === 5 ? 'stale' : 'pass', i % 6 === 5 ? 'aws-support was last used 412 days ago.' : 'aws-support was used 12 days ago.');
      add(i, 'support-functional-equivalents', 'PASS', 'low', 'pass', 'No IAM user can open AWS Support cases outside the role.');
      if (ouPath) {
        add(i, 'support-role-monitoring', i % 5 === 4 ? 'FAIL' : 'PASS', 'medium', i % 5 === 4 ? 'not-watched' : 'pass', i % 5 === 4 ? 'No enabled EventBridge rule catches AssumeRole of aws-support.' : 'AssumeRole, DetachRolePolicy and DeleteRole of aws-support are caught by rule support-role-watch.');
        add(i, 'support-role-scp-protection', i % 7 === 6 ? 'FAIL' : 'PASS', 'medium', i % 7 === 6 ? 'unprotected' : 'pass', i % 7 === 6 ? 'No SCP denies iam:DeleteRole on aws-support.' : 'SCP protect-support-role denies iam:DeleteRole and iam:DetachRolePolicy on aws-support.');
      } else {
        for (const checkId of ['support-role-monitoring', 'support-role-scp-protection']) if (byId.has(checkId)) skipped.push({ accountId, checkId, missing: checkId === 'support-role-monitoring' ? ['cloudTrail'] : ['serviceControlPolicies'] });
      }
    }
    accounts.push(verdict);
  }
  return { findings, accounts, skipped };
}

function accountName(i) {
  if (i % 97 === 13) return HOSTILE_NAMES[(i / 97 | 0) % HOSTILE_NAMES.length];
  return `${['payments', 'search', 'data', 'identity', 'edge', 'ml'][i % 6]}-${['prod', 'staging', 'dev'][i % 3]}-${i}`;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED, generateAccounts, startSyntheticAws, type SyntheticAws } from '../bench/lib/synthetic-aws.mjs';
import { cli } from './helpers/cli.js';

// 300 accounts through the real CLI path (`scan --org`, real SDK clients, JSON report) against the synthetic endpoint,
// with STS limiting the caller's request rate and IAM each account's: every account's verdict is checked against the
// generated truth. Not a timed test: bench/org-scale.mjs measures speed.

const ACCOUNTS = 300;
let aws: SyntheticAws;

interface ReportAccount {
  accountId: string;
  status: string;
  message: string;
}
interface ReportFinding {
  accountId: string;
  checkId: string;
  status: string;
  messageId?: string;
  message: string;
}

beforeAll(async () => {
  aws = await startSyntheticAws({
    accounts: generateAccounts(ACCOUNTS),
    latencyMs: 5,
    // Far below what 64 accounts in flight ask for, so the scan is throttled and must back off and retry.
    stsRatePerSecond: 150,
    stsBurst: 20,
    // The paged account lists its entities in 3 pages, and the FAIL accounts make a second listing: throttled too.
    iamRatePerSecond: 4,
    iamBurst: 2,
  });
});
afterAll(() => aws.stop());

describe('scan --org of 300 accounts on the synthetic endpoint, throttled by STS and IAM', () => {
  it('gives every ACTIVE account the verdict its generated data calls for, skips the suspended ones, loses none', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIDCALLER', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1' };
    const { code, stdout, stderr } = await cli(['scan', '--org', '--endpoint-url', aws.endpoint, '--format', 'json'], env);
    const report = JSON.parse(stdout) as { accounts: ReportAccount[]; findings: ReportFinding[]; summary: { accounts: Record<string, number> } };

    const truth = aws.accounts.map((a) => ({ id: a.id, kind: a.kind, expected: EXPECTED[a.kind] }));
    const active = truth.filter((t) => t.expected.status !== 'SKIPPED');
    const suspended = truth.filter((t) => t.expected.status === 'SKIPPED');
    // Every ACTIVE account has exactly one line; no suspended account has one
    expect(report.accounts.map((a) => a.accountId).sort()).toEqual(active.map((t) => t.id).sort());
    for (const t of suspended) expect(stderr).toContain(`supportguard: skipped ${t.id} (`);

    const byAccount = new Map(report.accounts.map((a) => [a.accountId, a]));
    const cis = new Map(report.findings.filter((f) => f.checkId === 'cis-support-role').map((f) => [f.accountId, f]));
    const wrong: string[] = [];
    for (const t of active) {
      const line = byAccount.get(t.id)!;
      const finding = cis.get(t.id);
      const e = t.expected;
      if (line.status !== e.status) wrong.push(`${t.id} (${t.kind}): ${line.status}, expected ${e.status}: ${line.message}`);
      else if ('messageId' in e && finding?.messageId !== e.messageId) wrong.push(`${t.id} (${t.kind}): message ${finding?.messageId}, expected ${e.messageId}`);
      // ERROR for the right reason: the member role refused AssumeRole, not a throttle that ran out of retries
      else if (e.status === 'ERROR' && !line.message.includes(`cannot assume arn:aws:iam::${t.id}:role/OrganizationAccountAccessRole: ${e.errorCode}:`)) wrong.push(`${t.id} (${t.kind}): ${line.message}`);
    }
    expect(wrong).toEqual([]);

    const count = (s: string) => active.filter((t) => t.expected.status === s).length;
    expect(report.summary.accounts).toEqual({ total: active.length, PASS: count('PASS'), FAIL: count('FAIL'), ERROR: count('ERROR') });
    // The mix really was what the test claims: some of each, and the scan really was throttled (and retried)
    expect([count('PASS'), count('FAIL'), count('ERROR'), suspended.length].every((n) => n > 0)).toBe(true);
    expect(aws.stats.throttled.sts + aws.stats.throttled.iam).toBeGreaterThan(0);
    // Every member was entered once per successful AssumeRole; throttled attempts come on top
    const members = active.length - 1;
    expect(aws.stats.byAction.AssumeRole).toBe(members + aws.stats.throttled.sts);
    expect(code).toBe(3);
    // Throttled retries back off for up to seconds each; on the shared 2-core machine the scan alone took 15–25 s.
  }, 180_000);
});

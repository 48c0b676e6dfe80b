import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AttachRolePolicyCommand, CreateRoleCommand, DetachRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeCasesCommand, SupportClient } from '@aws-sdk/client-support';
import { STSClient } from '@aws-sdk/client-sts';
import { assumeRoleSession } from '../src/aws/assume.js';
import { formatDuration } from '../src/history/kpi.js';
import { cli } from './helpers/cli.js';
import { enforce, type EnforcedPolicy } from './helpers/enforcing-proxy.js';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.js';
import { startMoto, type MotoServer } from './helpers/moto.js';

// The drill of one account's support role, against moto behind a loopback proxy that enforces what moto does not
// (IAM policies, trust refusals, MFA, throttling, the Basic plan) and answers DescribeSeverityLevels, which moto lacks.

const ACCOUNT = '123456789012';
const SUPPORT = 'arn:aws:iam::aws:policy/AWSSupportAccess';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-support`;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
/** What AWSSupportAccess (v4) allows. */
const SUPPORT_ACCESS = ['support:*', 'support-console:*'];
const PROBES = ['iam:ListRoles', 's3:ListBuckets', 'ec2:DescribeRegions', 'organizations:ListAccounts'];
const MFA_DEVICE = `arn:aws:iam::${ACCOUNT}:mfa/responder`;

interface DrillJson {
  summary: { total: number; PASS: number; FAIL: number; ERROR: number };
  accounts: {
    accountId: string;
    roleArn: string;
    sessionArn?: string;
    verdict: string;
    reasons: string[];
    notes: string[];
    support: { action: string; outcome: string; detail: string }[];
    probes: { action: string; outcome: string; detail: string }[];
    testCase?: { outcome: string; caseId?: string; detail: string };
    timings: Record<string, number>;
    timeToEngageMs: number | null;
  }[];
}

/** Access key ids and secrets the way STS hands them out, or their JSON field names: none may ever be printed. */
const CREDENTIAL_TRACE = /\b(AKIA|ASIA)[A-Z0-9]{12,}\b|secretAccessKey|sessionToken|SecretAccessKey|SessionToken/;

describe('supportguard drill of one account (moto + enforcing proxy)', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let env: NodeJS.ProcessEnv;
  let motoEnv: NodeJS.ProcessEnv;
  let iam: IAMClient;
  const dirs: string[] = [];
  const policy = (extra: Partial<EnforcedPolicy> = {}): EnforcedPolicy => ({ allow: { 'aws-support': SUPPORT_ACCESS }, ...extra });

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
    env = { ...moto.env, AWS_ENDPOINT_URL: proxy.endpoint };
    motoEnv = moto.env;
    iam = new IAMClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    await iam.send(new CreateRoleCommand({ RoleName: 'aws-support', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'aws-support', PolicyArn: SUPPORT }));
  });

  afterAll(async () => {
    iam?.destroy();
    await proxy?.stop();
    await moto?.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  beforeEach(() => {
    proxy.seen = [];
    enforce(proxy, policy());
  });

  const tempDir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'supportguard-drill-'));
    dirs.push(d);
    return d;
  };
  const drillJson = async (args: string[], e = env) => {
    const r = await cli(['drill', '--format', 'json', ...args], e);
    return { ...r, json: r.stdout ? (JSON.parse(r.stdout) as DrillJson) : undefined };
  };
  const sent = (action: string) => proxy.seen.filter((r) => r.action === action);

  it('on bare moto, which enforces no IAM policy, every probe is reached: FAIL, never a PASS the emulator cannot prove', async () => {
    // Given moto itself (no proxy), which lets any session do anything and has no DescribeSeverityLevels
    const { code, json, stderr } = await drillJson(['--role-arn', ROLE], motoEnv);

    // Then the four probes are reported as reached, and the missing operation as an ERROR of that call, not a pass
    expect(stderr).toBe('');
    const a = json!.accounts[0]!;
    expect(a.verdict).toBe('FAIL');
    expect(a.probes.map((p) => [p.action, p.outcome])).toEqual(PROBES.map((p) => [p, 'ok']));
    expect(a.reasons.slice(0, 4)).toEqual(PROBES.map((p) => `the support role can reach ${p}`));
    expect(a.support[0]).toMatchObject({ action: 'support:DescribeSeverityLevels', outcome: 'error' });
    expect(a.support[1]).toMatchObject({ action: 'support:DescribeCases', outcome: 'ok', detail: '0 open case(s)' });
    expect(code).toBe(1);
  });

  it('PASSes a role that can use Support and is denied every probe; finds the role itself, creates nothing, prints no credential', async () => {
    // Given the enforcing proxy with AWSSupportAccess for the role, when the drill runs without --role-arn or --test-case
    const { code, stdout, stderr } = await cli(['drill'], env);

    // Then the one support role of the account is found, entered, answered by Support and refused elsewhere
    expect(stderr).toBe('');
    // (moto names its default caller arn:aws:sts::…:user/moto; AWS would say arn:aws:iam::…:user/NAME)
    expect(stdout).toMatch(new RegExp(`^supportguard drill \\S+ as arn:aws:sts::${ACCOUNT}:user/moto\\n`));
    expect(stdout).toContain(`account ${ACCOUNT}  PASS  ${ROLE}\n`);
    expect(stdout).toMatch(new RegExp(`  session  arn:aws:sts::${ACCOUNT}:assumed-role/aws-support/supportguard-drill-\\d+\\n`));
    expect(stdout).toContain('  ok       support:DescribeSeverityLevels  severity levels low, normal, high, urgent, critical\n');
    expect(stdout).toContain('  ok       support:DescribeCases           0 open case(s)\n');
    for (const p of PROBES) expect(stdout).toContain(`  denied   ${p.padEnd(31)} denied, as it must be\n`);
    expect(stdout).toContain('  -        test case                       none created (--test-case opens one and resolves it)\n');
    expect(stdout).toMatch(/ {2}timings {2}credentials \d+ ms, find role \d+ ms, AssumeRole \d+ ms, first Support answer \d+ ms; time to engage \d+ ms\n/);
    expect(stdout).toMatch(/\n1 account\(s\): 1 PASS, 0 FAIL, 0 ERROR\n$/);
    expect(code).toBe(0);
    // Nothing was created: no CreateCase request left the drill
    expect(sent('CreateCase')).toEqual([]);
    expect(sent('ListEntitiesForPolicy')).toHaveLength(1);
    expect(stdout).not.toMatch(CREDENTIAL_TRACE);
  });

  it('--test-case opens a case with AWS\'s test subject and resolves it at once, and the time to engage includes it', async () => {
    const { code, json } = await drillJson(['--role-arn', ROLE, '--test-case']);

    const a = json!.accounts[0]!;
    expect(a.verdict).toBe('PASS');
    expect(a.testCase).toMatchObject({ outcome: 'created-and-resolved', detail: `case ${a.testCase!.caseId} created and resolved` });
    expect(sent('CreateCase').map((r) => r.params.subject)).toEqual(['TEST CASE--Please ignore']);
    expect(sent('ResolveCase').map((r) => r.params.caseId)).toEqual([a.testCase!.caseId]);
    const t = a.timings;
    expect(a.timeToEngageMs).toBe(t.credentialsMs! + t.assumeRoleMs! + t.firstSupportAnswerMs! + t.caseCreatedMs!);
    expect(code).toBe(0);

    // moto gap: its cases walk a fixed cycle of statuses on every DescribeCases/ResolveCase, so the case that
    // ResolveCase reported "resolved" is listed afterwards with the next status of the cycle, not as resolved.
    const sts = new STSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const session = await assumeRoleSession(sts, { roleArn: ROLE, sessionName: 'check', durationSeconds: 900 });
    const support = new SupportClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: session.credentials });
    const listed = (await support.send(new DescribeCasesCommand({ caseIdList: [a.testCase!.caseId!], includeResolvedCases: true }))).cases ?? [];
    expect(listed.map((c) => [c.subject, c.status])).toEqual([['TEST CASE--Please ignore', 'reopened']]);
    sts.destroy();
    support.destroy();
  });

  it('FAILs a role allowed one probe, naming it (s3:ListBuckets is authorised as s3:ListAllMyBuckets)', async () => {
    enforce(proxy, policy({ allow: { 'aws-support': [...SUPPORT_ACCESS, 's3:ListAllMyBuckets'] } }));
    const { code, stdout } = await cli(['drill', '--role-arn', ROLE], env);

    expect(stdout).toContain(`account ${ACCOUNT}  FAIL  ${ROLE}\n`);
    expect(stdout).toContain('  ALLOWED  s3:ListBuckets                  allowed\n');
    expect(stdout).toContain('  FAIL     the support role can reach s3:ListBuckets\n');
    expect(stdout).toContain('  denied   iam:ListRoles                   denied, as it must be\n');
    expect(code).toBe(1);
  });

  it('FAILs a role that Support refuses, with AWS\'s message', async () => {
    enforce(proxy, policy({ allow: { 'aws-support': ['support:DescribeCases'] } }));
    const { code, json } = await drillJson(['--role-arn', ROLE]);

    const a = json!.accounts[0]!;
    expect(a.verdict).toBe('FAIL');
    expect(a.reasons).toEqual([
      `the support role cannot call support:DescribeSeverityLevels: support:DescribeSeverityLevels: AccessDenied: User: arn:aws:sts::${ACCOUNT}:assumed-role/aws-support/session is not authorized to perform: support:DescribeSeverityLevels because no identity-based policy allows the support:DescribeSeverityLevels action`,
    ]);
    // The first authorised answer came from DescribeCases: the role did reach Support
    expect(a.timeToEngageMs).not.toBeNull();
    expect(code).toBe(1);
  });

  it('an AssumeRole refused by the trust policy is ERROR (exit 3), and nothing else is tried', async () => {
    enforce(proxy, policy({ refuseAssume: (arn) => arn === ROLE }));
    const { code, stdout } = await cli(['drill', '--role-arn', ROLE], env);

    expect(stdout).toContain(`account ${ACCOUNT}  ERROR  ${ROLE}\n`);
    expect(stdout).toContain(`  ERROR    cannot assume ${ROLE}: sts:AssumeRole: AccessDenied: User: arn:aws:iam::123456789012:user/responder is not authorized to perform: sts:AssumeRole on resource: ${ROLE}\n`);
    expect(stdout).toContain('  timings  credentials');
    expect(stdout).toContain('AssumeRole —, first Support answer —; time to engage not reached\n');
    expect(proxy.seen.filter((r) => r.service !== 'sts')).toEqual([]);
    expect(code).toBe(3);
  });

  it('a role that demands MFA: refused without a code and with a wrong one (ERROR), entered with the right one (PASS)', async () => {
    enforce(proxy, policy({ mfa: { roles: ['aws-support'], serialNumber: MFA_DEVICE, tokenCode: '123456' } }));

    const without = await drillJson(['--role-arn', ROLE]);
    expect(without.json!.accounts[0]!.reasons).toEqual([`cannot assume ${ROLE}: sts:AssumeRole: AccessDenied: User: arn:aws:iam::123456789012:user/responder is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`]);
    expect(without.code).toBe(3);

    const wrong = await drillJson(['--role-arn', ROLE, '--mfa-serial', MFA_DEVICE, '--token-code', '654321']);
    expect(wrong.json!.accounts[0]!.reasons).toEqual([`cannot assume ${ROLE}: sts:AssumeRole: AccessDenied: MultiFactorAuthentication failed with invalid MFA one time pass code.`]);
    expect(wrong.code).toBe(3);

    const right = await drillJson(['--role-arn', ROLE, '--mfa-serial', MFA_DEVICE, '--token-code', '123456']);
    expect(right.json!.accounts[0]!.verdict).toBe('PASS');
    expect(sent('AssumeRole').at(-1)!.params).toMatchObject({ SerialNumber: MFA_DEVICE, TokenCode: '123456' });
    expect(right.code).toBe(0);
  });

  it('asks for the MFA code on a terminal, and without one refuses --mfa-serial alone as a usage error', async () => {
    enforce(proxy, policy({ mfa: { roles: ['aws-support'], serialNumber: MFA_DEVICE, tokenCode: '123456' } }));
    const noTerminal = await cli(['drill', '--role-arn', ROLE, '--mfa-serial', MFA_DEVICE], env);
    expect(noTerminal).toEqual({ code: 2, stdout: '', stderr: 'supportguard: --mfa-serial needs --token-code when there is no terminal to ask for the code\n' });

    const { runCli } = await import('../src/cli/run.js');
    let out = '';
    const asked: string[] = [];
    const code = await runCli(['drill', '--role-arn', ROLE, '--mfa-serial', MFA_DEVICE], {
      stdout: (s) => void (out += s),
      stderr: () => {},
      env,
      stdoutIsTTY: false,
      stderrIsTTY: false,
      prompt: async (q) => {
        asked.push(q);
        return '123456\n';
      },
    });
    expect(asked).toEqual([`MFA code for ${MFA_DEVICE}: `]);
    expect(out).toContain(`account ${ACCOUNT}  PASS`);
    expect(code).toBe(0);
  });

  it('a probe throttled past the retries is ERROR for that probe, not FAIL and not PASS (exit 3)', async () => {
    enforce(proxy, policy({ throttle: ['ec2:DescribeRegions'] }));
    const { code, json } = await drillJson(['--role-arn', ROLE, '--max-attempts', '2']);

    const a = json!.accounts[0]!;
    expect(a.verdict).toBe('ERROR');
    expect(a.probes.find((p) => p.action === 'ec2:DescribeRegions')).toEqual({ action: 'ec2:DescribeRegions', outcome: 'error', detail: 'ec2:DescribeRegions: Throttling: Request limit exceeded.' });
    expect(a.reasons).toEqual(['probe ec2:DescribeRegions: Throttling: Request limit exceeded.']);
    expect(sent('DescribeRegions')).toHaveLength(2);
    expect(code).toBe(3);
  });

  it('the Basic/Developer plan (SubscriptionRequiredException) is its own result: the role PASSes and --test-case creates nothing', async () => {
    enforce(proxy, policy({ basicPlan: true }));
    const { code, stdout } = await cli(['drill', '--role-arn', ROLE, '--test-case'], env);

    expect(stdout).toContain(`account ${ACCOUNT}  PASS  ${ROLE}\n`);
    expect(stdout).toContain('  no API   support:DescribeSeverityLevels  Basic/Developer plan: technical cases cannot be opened through the API\n');
    expect(stdout).toContain("  skipped  test case                       not created: the account's plan has no Support API\n");
    expect(stdout).toContain('  note     Basic/Developer plan: technical cases cannot be opened through the API\n');
    expect(stdout).toMatch(/first Support answer \d+ ms, case created —; time to engage \d+ ms\n/);
    expect(sent('CreateCase')).toEqual([]);
    expect(code).toBe(0);
  });

  it('--history appends a drill line that kpi turns into MTTES, and scans keep appending to and reading the same file', async () => {
    const dir = await tempDir();
    const history = join(dir, 'history.jsonl');
    // Given a drill as the first line of the history
    const drill = await cli(['drill', '--role-arn', ROLE, '--test-case', '--history', history, '-f', 'json', '-o', join(dir, 'drill.json')], env);
    expect(drill.code).toBe(0);
    expect(drill.stderr).toBe(`wrote json drill report to ${join(dir, 'drill.json')}\n`);
    const text = await readFile(history, 'utf8');
    expect(text).not.toMatch(CREDENTIAL_TRACE);
    expect(await readFile(join(dir, 'drill.json'), 'utf8')).not.toMatch(CREDENTIAL_TRACE);
    const line = JSON.parse(text) as { kind: string; accounts: { timeToEngageMs: number; verdict: string; testCase: string }[] };
    expect(line).toMatchObject({ kind: 'supportguard-drill', schemaVersion: 1, testCase: true, summary: { total: 1, PASS: 1, FAIL: 0, ERROR: 0 } });
    expect(line.accounts[0]).toMatchObject({ accountId: ACCOUNT, roleArn: ROLE, verdict: 'PASS', testCase: 'created-and-resolved', probesAllowed: [] });

    // When a scan appends to the same file (a history that starts with a drill line is ours)
    const scan = await cli(['scan', '--history', history, '-f', 'json'], env);
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);

    // Then kpi reads both: the pass rate from the scan, MTTES from the drill
    const kpi = await cli(['kpi', '--history', history], env);
    expect(kpi.stderr).toBe('');
    expect(kpi.code).toBe(0);
    expect(kpi.stdout).toMatch(/CIS support-role pass rate by scan:\n {2}\S+ +100% {2}1 PASS, 0 FAIL, 0 ERROR of 1\n/);
    const took = formatDuration(line.accounts[0]!.timeToEngageMs);
    expect(kpi.stdout).toContain(`Mean time to engage support (MTTES), from drills: median ${took} over 1 drill(s), latest ${took}\n`);
    expect(kpi.stdout).toContain(`  ${ACCOUNT}  latest ${took} (PASS)  median ${took} over 1 drill(s)\n`);
  });

  it('finds no role to drill, or too many, with one line each', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'backup-support', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'backup-support', PolicyArn: SUPPORT }));
    const two = await cli(['drill'], env);
    expect(two).toEqual({ code: 2, stdout: '', stderr: `supportguard: 2 roles in ${ACCOUNT} have AWSSupportAccess (aws-support, backup-support): choose one with --role-arn\n` });

    await iam.send(new DetachRolePolicyCommand({ RoleName: 'backup-support', PolicyArn: SUPPORT }));
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'aws-support', PolicyArn: SUPPORT }));
    try {
      const none = await cli(['drill'], env);
      expect(none).toEqual({
        code: 3,
        stdout: '',
        stderr: `supportguard: no role in ${ACCOUNT} has arn:aws:iam::aws:policy/AWSSupportAccess attached (AWSServiceRoleForSupport does not count): create one with \`supportguard fix\`, or pass --role-arn\n`,
      });
    } finally {
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'aws-support', PolicyArn: SUPPORT }));
    }
  });

  it('refuses a history file that is not ours before any AWS call', async () => {
    const dir = await tempDir();
    const notOurs = join(dir, 'config.json');
    await writeFile(notOurs, '{"some":"config"}\n');
    const { code, stderr } = await cli(['drill', '--role-arn', ROLE, '--history', notOurs], env);
    expect(stderr).toBe(`supportguard: --history ${notOurs}: not a supportguard history file (line 1: not a supportguard scan record (kind undefined)); refusing to append to it\n`);
    expect(code).toBe(3);
    expect(proxy.seen).toEqual([]);
  });
});

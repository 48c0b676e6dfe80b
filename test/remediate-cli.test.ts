import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const ADMIN = 'arn:aws:iam::111122223333:role/Admin';
// Nothing listens on port 1: any AWS call fails fast, proving these errors come before (or instead of) AWS.
const OFFLINE = { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_MAX_ATTEMPTS: '1', AWS_REGION: 'us-east-1' };

describe('supportguard emit', () => {
  it('prints the artefact on stdout and its notes on stderr', async () => {
    const r = await cli(['emit', 'scp', '--trust', ADMIN, '--scp-exempt-principal', 'arn:aws:iam::*:role/pipeline']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).Statement[0].Resource).toBe('arn:aws:iam::*:role/aws-support');
    expect(r.stderr).toBe(
      'note: SCPs never apply to the management account: protect the role there with IAM permissions and the EventBridge alert\n' +
        'note: CloudFormation StackSets change the role as arn:aws:iam::*:role/stacksets-exec-*; exempt it if a StackSet manages the role\n',
    );
  });

  it('emits the CloudWatch metric filter and alarm for the log group a FAIL names, without asking who may assume the role', async () => {
    const r = await cli(['emit', 'cloudwatch', '--role-name', 'aws-support-responders', '--log-group-name', 'CloudTrail/management', '-f', 'terraform']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  default     = "CloudTrail/management"\n');
    expect(r.stdout).toContain('resource "aws_cloudwatch_metric_alarm" "support_role_activity" {');
    const wrong = await cli(['emit', 'cloudwatch', '-f', 'json']);
    expect([wrong.code, wrong.stderr]).toEqual([2, 'supportguard: unknown --format "json" (one of: cloudformation, terraform)\n']);
    const elsewhere = await cli(['emit', 'scp', '--trust', ADMIN, '--log-group-name', 'x']);
    expect([elsewhere.code, elsewhere.stderr]).toEqual([2, 'supportguard: --log-group-name applies to cloudwatch only\n']);
  });

  it('writes a file whole with -o', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-emit-'));
    const out = join(dir, 'nested', 'main.tf');
    const r = await cli(['emit', 'terraform', '--trust', ADMIN, '-o', out]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: `wrote terraform to ${out}\n` });
    expect(await readFile(out, 'utf8')).toContain('resource "aws_iam_role" "support" {');
  });

  it('emits the bare EventBridge pattern with --format json', async () => {
    const r = await cli(['emit', 'eventbridge', '--trust', ADMIN, '--account', '111122223333', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).$or[0].detail.requestParameters.roleArn).toEqual(['arn:aws:iam::111122223333:role/aws-support']);
  });

  it.each([
    [['emit', 'pulumi', '--trust', ADMIN], 'supportguard: unknown kind "pulumi" (one of: terraform, cloudformation, stackset, scp, eventbridge, cloudwatch, runbook)\n'],
    [['emit', 'runbook', '--trust', ADMIN], 'supportguard: the runbook needs the account that holds the role: pass --account <12-digit id>\n'],
    [['emit', 'terraform', '--trust', '*'], 'supportguard: --trust "*": wildcard principals are refused; name the users, roles or accounts that may assume the support role\n'],
    [['emit', 'terraform', '--trust', ADMIN, '--format', 'json'], 'supportguard: --format applies to eventbridge and cloudwatch only\n'],
    [['emit', 'terraform', '--trust', ADMIN, '--max-session-duration', '1h'], 'supportguard: --max-session-duration "1h": whole seconds from 3600 to 43200\n'],
    [['emit', 'terraform', '--trust', ADMIN, '--bogus'], "supportguard: unknown option '--bogus' (see --help)\n"],
  ])('refuses bad input with one line and exit 2: %j', async (argv, stderr) => {
    expect(await cli(argv)).toEqual({ code: 2, stdout: '', stderr });
  });
});

describe('supportguard fix / backout: bad input stops before any AWS call', () => {
  it.each([
    [['fix'], 2, 'supportguard: at least one --trust principal is required (an IAM user/role ARN, a SAML provider ARN or an account id)\n'],
    [['fix', '--trust', '444455556666', '--account', '1'], 2, "supportguard: unknown option '--account' (Did you mean --accounts?) (see --help)\n"],
    [['fix', '--trust', ADMIN, '--accounts', '12,abc'], 2, 'supportguard: --accounts "12,abc": expected comma-separated 12-digit account ids\n'],
    [['fix', '--trust', ADMIN, '--org-from', '/nonexistent/scan.json'], 3, 'supportguard: cannot read /nonexistent/scan.json: ENOENT\n'],
    [['backout', '--recent-days', 'soon'], 2, 'supportguard: --recent-days "soon": expected a whole number of days\n'],
    [['backout', '--apply'], 2, 'supportguard: --apply without a terminal needs --yes (nothing was changed)\n'],
  ])('%j → exit %i', async (argv, code, stderr) => {
    expect(await cli(argv, OFFLINE)).toEqual({ code, stdout: '', stderr });
  });

  it('a report that is not an audit report is an input error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-fix-'));
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"findings": []}');
    expect(await cli(['fix', '--trust', ADMIN, '--org-from', bad], OFFLINE)).toEqual({
      code: 3,
      stdout: '',
      stderr: `supportguard: ${bad}: no "accounts" list of {accountId, status} (expected a report from \`supportguard audit --format json\`)\n`,
    });
    await writeFile(bad, '{not json');
    expect((await cli(['fix', '--trust', ADMIN, '--org-from', bad], OFFLINE)).stderr).toBe(
      `supportguard: ${bad}: not valid JSON (expected a report from \`supportguard audit --format json\`)\n`,
    );
  });

  it('AWS out of reach is one line and exit 3, never a stack trace', async () => {
    const r = await cli(['fix', '--trust', ADMIN], OFFLINE);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^supportguard: cannot reach AWS \(sts:GetCallerIdentity\): .+\n$/);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });
});

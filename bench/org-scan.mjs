#!/usr/bin/env node
// Org scan benchmark: `supportguard scan --org` against the AWS CLI procedure the seeds document
// (`aws sts assume-role` + `aws iam list-entities-for-policy` per account, one after the other),
// both against the same organization in moto on loopback. Run manually, never in `npm test`:
//
//   npm run build && node bench/org-scan.mjs [sizes…]        (default: 20 100)
//
// Environment: AWS_CLI (default: `aws` on PATH), CONCURRENCY (default 8).
// Prints wall times, the ratio, and API calls per account (counted by an SDK middleware in the library).
/* global process, fetch, setTimeout, performance, console -- Node 20 globals; the shared ESLint config sets none for .mjs */
import { spawn, spawnSync, execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { loadavg, tmpdir } from 'node:os';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IAMClient, CreateRoleCommand, AttachRolePolicyCommand, CreateUserCommand, AttachUserPolicyCommand } from '@aws-sdk/client-iam';
import { OrganizationsClient, CreateOrganizationCommand, CreateAccountCommand } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { scan, resolveAwsConfig } from '../dist/index.js';
import { assumeRoleCredentials } from '../dist/aws/assume.js';

const run = promisify(execFile);
const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const sizes = SIZES.length ? SIZES : [20, 100];
const AWS_CLI = process.env.AWS_CLI ?? 'aws';
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const SUPPORT = 'arn:aws:iam::aws:policy/AWSSupportAccess';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] });

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startMoto() {
  if (spawnSync('python3', ['-c', 'import moto']).status !== 0) throw new Error('python3 moto is required');
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' }, stdio: 'ignore' });
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) return { endpoint, child };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error('moto did not start');
}

// An empty config file of our own rather than /dev/null: on a shared machine /dev/null was once replaced by a
// regular file that other processes wrote into, and every `aws` launch then died with ConfigParseError.
const EMPTY_CONFIG = join(mkdtempSync(join(tmpdir(), 'supportguard-bench-')), 'empty-aws-config');
writeFileSync(EMPTY_CONFIG, '');

const env = (endpoint) => ({
  ...process.env,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_SESSION_TOKEN: 'testing',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ENDPOINT_URL: endpoint,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: EMPTY_CONFIG,
  AWS_SHARED_CREDENTIALS_FILE: EMPTY_CONFIG,
  NODE_NO_WARNINGS: '1',
});

/** An org of `size` accounts (management + members); every third member has a support role, every fifth a user only. */
async function buildOrg(endpoint, size) {
  await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  const opts = { region: 'us-east-1', endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const orgs = new OrganizationsClient(opts);
  const sts = new STSClient(opts);
  await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const members = [];
  for (let i = 1; i < size; i++) {
    const r = await orgs.send(new CreateAccountCommand({ AccountName: `member-${i}`, Email: `member-${i}@example.com` }));
    members.push(r.CreateAccountStatus.AccountId);
  }
  const expected = new Map([['123456789012', false]]);
  for (const [i, id] of members.entries()) {
    const pass = i % 3 === 0;
    expected.set(id, pass);
    if (!pass && i % 5 !== 1) continue;
    const iam = new IAMClient({ ...opts, credentials: await assumeRoleCredentials(sts, { accountId: id, partition: 'aws', roleName: 'OrganizationAccountAccessRole' }) });
    if (pass) {
      await iam.send(new CreateRoleCommand({ RoleName: 'incident-support', AssumeRolePolicyDocument: TRUST }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'incident-support', PolicyArn: SUPPORT }));
    } else {
      await iam.send(new CreateUserCommand({ UserName: 'bob' }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: SUPPORT }));
    }
    iam.destroy();
  }
  orgs.destroy();
  sts.destroy();
  return { members, expected };
}

/** The seeds' procedure: per account, assume the member role with the CLI, then list the roles that have the policy. */
async function cliProcedure(endpoint, members) {
  const base = env(endpoint);
  const found = new Map();
  let calls = 0;
  const started = performance.now();
  const list = async (e) => {
    calls++;
    const { stdout } = await run(AWS_CLI, ['iam', 'list-entities-for-policy', '--policy-arn', SUPPORT, '--entity-filter', 'Role', '--output', 'json'], { env: e });
    return JSON.parse(stdout).PolicyRoles.length > 0;
  };
  found.set('123456789012', await list(base));
  for (const id of members) {
    calls++;
    const { stdout } = await run(
      AWS_CLI,
      ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`, '--role-session-name', 'bench', '--output', 'json'],
      { env: base },
    );
    const c = JSON.parse(stdout).Credentials;
    found.set(id, await list({ ...base, AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken }));
  }
  return { seconds: (performance.now() - started) / 1000, found, calls };
}

/** `supportguard scan --org` as a user runs it: a fresh node process, JSON report on stdout. */
async function supportguardCli(endpoint) {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['dist/cli/main.js', 'scan', '--org', '--format', 'json', '--exit-zero', '--concurrency', String(CONCURRENCY)], {
    env: env(endpoint),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`supportguard exited ${child.status}: ${child.stderr}`);
  const report = JSON.parse(child.stdout);
  return { seconds, found: new Map(report.accounts.map((a) => [a.accountId, a.status === 'PASS'])), statuses: report.summary.accounts };
}

/** The library in-process, for the API call count (SDK middleware counts commands and HTTP attempts). */
async function supportguardLibrary(endpoint) {
  const e = env(endpoint);
  const aws = { ...resolveAwsConfig({}, e), credentials: { accessKeyId: 'testing', secretAccessKey: 'testing', sessionToken: 'testing' } };
  const started = performance.now();
  const rssBefore = process.memoryUsage().rss;
  const r = await scan({ aws, org: true, concurrency: CONCURRENCY });
  return { seconds: (performance.now() - started) / 1000, stats: r.stats, accounts: r.set.accounts.length, rssMiB: Math.round((process.memoryUsage().rss - rssBefore) / 1048576) };
}

const sameVerdicts = (a, b) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

const { endpoint, child } = await startMoto();
try {
  const cliVersion = spawnSync(AWS_CLI, ['--version'], { encoding: 'utf8' });
  console.log(`# org scan bench: moto on loopback, node ${process.version}, ${(cliVersion.stdout || cliVersion.stderr).trim()}, concurrency ${CONCURRENCY}`);
  for (const size of sizes) {
    const t0 = performance.now();
    const { members, expected } = await buildOrg(endpoint, size);
    // moto creates each account's IAM backend (1,400+ managed policies) on first use: one untimed pass first,
    // or whichever procedure runs first pays the emulator's start-up instead of its own cost.
    await supportguardLibrary(endpoint);
    console.log(`\n## ${size} accounts (org built and warmed in ${((performance.now() - t0) / 1000).toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    const sg = await supportguardCli(endpoint);
    const lib = await supportguardLibrary(endpoint);
    const aws = await cliProcedure(endpoint, members);
    if (!sameVerdicts(sg.found, expected) || !sameVerdicts(aws.found, expected)) throw new Error('the two procedures disagree with the built organization');
    console.log(`supportguard scan --org (CLI process): ${sg.seconds.toFixed(2)} s  → ${JSON.stringify(sg.statuses)}`);
    console.log(`supportguard scan() in-process:        ${lib.seconds.toFixed(2)} s, ${lib.stats.apiCalls} API calls (${(lib.stats.apiCalls / lib.accounts).toFixed(2)} per account, ${lib.stats.httpRequests} HTTP requests), +${lib.rssMiB} MiB RSS`);
    console.log(`aws CLI procedure (sequential):        ${aws.seconds.toFixed(2)} s, ${aws.calls} API calls (${(aws.calls / size).toFixed(2)} per account), ${aws.calls} process launches`);
    console.log(`ratio (aws CLI / supportguard CLI):    ${(aws.seconds / sg.seconds).toFixed(1)}×  (goal ≥ 50×)`);
  }
} finally {
  child.kill('SIGTERM');
}

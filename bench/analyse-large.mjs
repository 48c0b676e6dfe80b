// Benchmark for issue #4: analysis of a large account vs JSON.parse of the same file. Goal: load + all checks <= 3x JSON.parse.
// Run after `npm run build`:  node --expose-gc bench/analyse-large.mjs [roles] [users] [runs] [--cli]
// Generates an `aws iam get-account-authorization-details` file (10,000 roles, 5,000 users by default) in a
// temporary folder, then, in each of N runs (default 11): JSON.parse of the text; snapshotsFromJson of the text (parse +
// normalise, no file read: the load's share that is not reading); loadSnapshots (read + decode + parse + normalise);
// runChecks(CHECKS) on what was loaded. Prints min and median per phase, the ratios and the peak RSS.
// The machine may be shared: min is the figure least disturbed by other processes, median the typical one.
// With --expose-gc, a full GC runs before each timed phase so one phase's garbage is not collected in the next.
/* global console, process, URL */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CHECKS, loadSnapshots, runChecks, snapshotsFromJson } from '../dist/index.js';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
// --cli: also time whole `supportguard audit` processes of the export, with the default young generation and with a
// larger one (`--max-semi-space-size`), interleaved: the figure behind the CLI not setting it for itself.
const CLI = process.argv.includes('--cli');
const ROLES = Number(positional[0] ?? 10_000);
const USERS = Number(positional[1] ?? 5_000);
const ACCOUNT = '123456789012';
const GROUPS = 100;
const CUSTOMER_POLICIES = 500;
const SUPPORT_ROLES = 5;
const RUNS = Number(positional[2] ?? 11);
const GOAL = 3;

const doc = (...Statement) => ({ Version: '2012-10-17', Statement });
const arn = (kind, name) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const pad = (n) => String(n).padStart(8, '0');

function generate() {
  const policies = [];
  for (let i = 0; i < CUSTOMER_POLICIES; i++) {
    policies.push({
      PolicyName: `app-${i}`, PolicyId: `ANPA${pad(i)}POLICY`, Arn: arn('policy', `app-${i}`), Path: '/', DefaultVersionId: 'v1', AttachmentCount: 20,
      PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc(
        { Effect: 'Allow', Action: [`s3:Get*`, `s3:List*`, `dynamodb:Query`], Resource: [`arn:aws:s3:::bucket-${i}`, `arn:aws:s3:::bucket-${i}/*`] },
        { Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:queue-${i}`, Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      ) }],
    });
  }
  policies.push({ PolicyName: 'AWSSupportAccess', Arn: 'arn:aws:iam::aws:policy/AWSSupportAccess', Path: '/', DefaultVersionId: 'v4', AttachmentCount: SUPPORT_ROLES,
    PolicyVersionList: [{ VersionId: 'v4', IsDefaultVersion: true, Document: doc({ Effect: 'Allow', Action: ['support:*', 'support-console:*'], Resource: '*' }) }] });
  const groups = [];
  for (let g = 0; g < GROUPS; g++) {
    groups.push({ GroupName: `team-${g}`, GroupId: `AGPA${pad(g)}GROUP`, Arn: arn('group', `team-${g}`), Path: '/',
      AttachedManagedPolicies: [{ PolicyName: `app-${g}`, PolicyArn: arn('policy', `app-${g}`) }],
      GroupPolicyList: g % 10 === 0 ? [{ PolicyName: 'assume-support', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('role', 'support-*') }) }] : [] });
  }
  const users = [];
  for (let u = 0; u < USERS; u++) {
    users.push({ UserName: `user-${u}`, UserId: `AIDA${pad(u)}USERXX`, Arn: arn('user', `user-${u}`), Path: '/', CreateDate: '2024-01-01T00:00:00Z',
      GroupList: [`team-${u % GROUPS}`, `team-${(u * 7) % GROUPS}`],
      AttachedManagedPolicies: u % 50 === 0 ? [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] : [],
      UserPolicyList: u % 7 === 3 ? [{ PolicyName: 'own-bucket', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::home-${u}/*` }) }] : [],
      Tags: [{ Key: 'team', Value: `team-${u % GROUPS}` }] });
  }
  const roles = [];
  for (let r = 0; r < ROLES; r++) {
    const support = r < SUPPORT_ROLES;
    const name = support ? `support-${r}` : `app-role-${r}`;
    roles.push({ RoleName: name, RoleId: `AROA${pad(r)}ROLEXX`, Arn: arn('role', name), Path: '/', CreateDate: '2024-01-01T00:00:00Z',
      AssumeRolePolicyDocument: support
        ? doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })
        : doc({ Effect: 'Allow', Principal: { Service: r % 2 ? 'lambda.amazonaws.com' : 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      AttachedManagedPolicies: support ? [{ PolicyName: 'AWSSupportAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }] : [{ PolicyName: `app-${r % CUSTOMER_POLICIES}`, PolicyArn: arn('policy', `app-${r % CUSTOMER_POLICIES}`) }],
      RolePolicyList: [{ PolicyName: 'logs', PolicyDocument: doc({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/${r}:*` }) }],
      Tags: support ? [{ Key: 'owner', Value: 'secops' }, { Key: 'purpose', Value: 'cis-support-role' }] : [{ Key: 'app', Value: `app-${r}` }],
      RoleLastUsed: r % 3 ? { LastUsedDate: '2026-11-01T00:00:00Z', Region: 'us-east-1' } : {} });
  }
  return { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const min = (xs) => Math.min(...xs);
const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};
const dir = mkdtempSync(join(tmpdir(), 'supportguard-bench-'));
try {
  const file = join(dir, `${ACCOUNT}.json`);
  writeFileSync(file, JSON.stringify(generate()));
  const text = readFileSync(file, 'utf8');
  const parse = [], load = [], checks = [], total = [], fromText = [];
  // CPU time too (user + system, all threads of the process): on a busy shared machine wall time also counts the
  // time spent waiting for a core, CPU time much less so.
  const cpu = { parse: [], load: [], checks: [], total: [] };
  // System time apart too: on this VM the kernel's first touch of freshly mapped memory (the read buffer, the decoded
  // text, new heap pages) is a visible part of loading; JSON.parse of a text already in memory pays little of it.
  // One reading at each phase boundary gives both, in ms: { all: user + system, sys: system }.
  const usage = () => { const u = process.cpuUsage(); return { all: (u.user + u.system) / 1000, sys: u.system / 1000 }; };
  const sys = { parse: [], load: [], checks: [] };
  let findings = 0;
  for (let i = 0; i < RUNS; i++) {
    gc();
    let c = usage();
    let t = performance.now();
    JSON.parse(text);
    parse.push(performance.now() - t);
    const cParsed = usage();
    cpu.parse.push(cParsed.all - c.all);
    sys.parse.push(cParsed.sys - c.sys);
    // Parse + normalise of the text already in memory (what loadSnapshots does after reading and decoding the file).
    gc();
    t = performance.now();
    snapshotsFromJson(text, file);
    fromText.push(performance.now() - t);
    gc();
    c = usage();
    t = performance.now();
    const set = await loadSnapshots([file]);
    const loaded = performance.now();
    const cLoaded = usage();
    const result = runChecks(CHECKS, set.accounts);
    const done = performance.now();
    const cDone = usage();
    sys.load.push(cLoaded.sys - c.sys);
    sys.checks.push(cDone.sys - cLoaded.sys);
    cpu.load.push(cLoaded.all - c.all);
    cpu.checks.push(cDone.all - cLoaded.all);
    cpu.total.push(cDone.all - c.all);
    load.push(loaded - t);
    checks.push(done - loaded);
    total.push(done - t);
    findings = result.findings.length;
  }
  const ms = (x) => `${x.toFixed(0).padStart(6)} ms`;
  const row = (label, xs) => console.log(`${label.padEnd(34)}${ms(min(xs))}${ms(median(xs))}`);
  const ratio = (xs, pick) => (pick(xs) / pick(parse)).toFixed(2) + 'x';
  console.log(`input: ${ROLES} roles, ${USERS} users, ${GROUPS} groups, ${CUSTOMER_POLICIES + 1} policies, ${SUPPORT_ROLES} support roles; ${(text.length / 1e6).toFixed(1)} MB`);
  console.log(`runs: ${RUNS}${typeof globalThis.gc === 'function' ? ', full GC before each phase' : ' (add --expose-gc for steadier figures)'}; goal: load + checks <= ${GOAL}x JSON.parse`);
  console.log(`${''.padEnd(34)}${'min'.padStart(9)}${'median'.padStart(9)}`);
  row('JSON.parse', parse);
  row('load (read + parse + normalise)', load);
  row('  of which parse + normalise', fromText);
  row(`checks (all ${CHECKS.length}, ${findings} findings)`, checks);
  row('load + checks', total);
  console.log(`ratio load / JSON.parse            ${ratio(load, min).padStart(9)}${ratio(load, median).padStart(9)}`);
  console.log(`ratio checks / JSON.parse          ${ratio(checks, min).padStart(9)}${ratio(checks, median).padStart(9)}`);
  const minRatio = min(total) / min(parse), medRatio = median(total) / median(parse);
  console.log(`ratio (load + checks) / JSON.parse ${ratio(total, min).padStart(9)}${ratio(total, median).padStart(9)}   goal <= ${GOAL}x: ${minRatio <= GOAL && medRatio <= GOAL ? 'met' : minRatio <= GOAL ? 'met on min, not on median' : 'NOT met'}`);
  const cpuRatio = (pick) => (pick(cpu.total) / pick(cpu.parse)).toFixed(2) + 'x';
  console.log(`CPU time: JSON.parse ${min(cpu.parse).toFixed(0)}/${median(cpu.parse).toFixed(0)} ms, load ${min(cpu.load).toFixed(0)}/${median(cpu.load).toFixed(0)} ms, checks ${min(cpu.checks).toFixed(0)}/${median(cpu.checks).toFixed(0)} ms (min/median); (load + checks) / JSON.parse ${cpuRatio(min)} / ${cpuRatio(median)}`);
  console.log(`system CPU time (min/median): JSON.parse ${min(sys.parse).toFixed(0)}/${median(sys.parse).toFixed(0)} ms, load ${min(sys.load).toFixed(0)}/${median(sys.load).toFixed(0)} ms, checks ${min(sys.checks).toFixed(0)}/${median(sys.checks).toFixed(0)} ms`);
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (whole process: the generated input and its text included)`);
  console.log(`load average: ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} CPUs`);
  if (CLI) {
    const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
    const variants = [[], ['--max-semi-space-size=32'], ['--max-semi-space-size=64']];
    const walls = variants.map(() => []);
    const out = join(dir, 'report.json');
    // One warm-up of each (file cache, code cache), then RUNS rounds, the variants in turn.
    for (let round = -1; round < RUNS; round++) {
      variants.forEach((flags, v) => {
        const t = performance.now();
        execFileSync(process.execPath, [...flags, cli, 'audit', file, '--format', 'json', '-o', out, '--exit-zero'], { stdio: 'ignore' });
        if (round >= 0) walls[v].push(performance.now() - t);
      });
    }
    console.log(`one CLI process each (supportguard audit <export> --format json -o <file>), ${RUNS} interleaved rounds:`);
    variants.forEach((flags, v) => console.log(`  node ${(flags.join(' ') || '(default young generation)').padEnd(32)}${ms(min(walls[v]))}${ms(median(walls[v]))}   median ${(median(walls[v]) / median(walls[0])).toFixed(2)}x the default`));
  }
} finally {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
}

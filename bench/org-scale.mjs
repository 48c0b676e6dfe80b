#!/usr/bin/env node
// Org scan at scale: `supportguard scan --org` as a user runs it (a fresh CLI process, JSON report on stdout) against the
// synthetic AWS endpoint (bench/lib/synthetic-aws.mjs, in a process of its own) for 1,000 and 10,000 accounts at 50 and
// 100 ms per request, with the caller's STS request rate limited. Run by hand, never in `npm test`:
//
//   npm run build && node bench/org-scale.mjs [--sizes 1000,10000] [--latencies 50,100] [--concurrency 64] [--sts-rate 300]
//
// Prints per run: wall time of the CLI process, API calls per account, throttles seen, peak RSS of the CLI process, the
// lower bound `accounts × calls per account × latency / concurrency` and the ratio to it, and the floor no concurrency
// lifts — the largest of that bound, the listing (ListAccounts pages one after another, then the last page's own
// calls) and the STS rate limit (AssumeRole calls / --sts-rate) — with which one sets it and the ratio to it; every
// account's verdict is checked against the generated truth (lost or wrong accounts are counted and printed).
/* global process, console, performance, fetch, setTimeout */
import { spawn } from 'node:child_process';
import { startEndpointProcess } from './lib/endpoint-process.mjs';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { EXPECTED, generateAccounts } from './lib/synthetic-aws.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const sizes = opt('sizes', '1000,10000').split(',').map(Number);
const latencies = opt('latencies', '50,100').split(',').map(Number);
const concurrency = Number(opt('concurrency', '64'));
const stsRate = Number(opt('sts-rate', '300'));
const extra = opt('cli-args', '').split(' ').filter(Boolean);

/** Starts the endpoint process; resolves with its URL and a stop function. */
function startEndpoint(accounts, latency) {
  return startEndpointProcess(['--accounts', String(accounts), '--latency', String(latency), '--sts-rate', String(stsRate)]);
}

/** The CLI process, timed, with its peak RSS from GNU time (-f %M, KiB). */
function runCli(endpoint) {
  const dir = mkdtempSync(join(tmpdir(), 'supportguard-org-scale-'));
  const timeFile = join(dir, 'time');
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%M %U %S', '-o', timeFile, process.execPath, 'dist/cli/main.js', 'scan', '--org', '--endpoint-url', endpoint, '--format', 'json', '--exit-zero', '--concurrency', String(concurrency), ...extra], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDCALLER', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const [rssKiB, user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, seconds, stdout, stderr, rssMiB: rssKiB / 1024, cpuSeconds: user + sys });
    });
  });
}

/** Every account's verdict against the truth: returns the lost and the wrong ones. */
function check(report, accounts) {
  const lines = new Map(report.accounts.map((a) => [a.accountId, a]));
  const cis = new Map(report.findings.filter((f) => f.checkId === 'cis-support-role').map((f) => [f.accountId, f]));
  const lost = [];
  const wrong = [];
  for (const a of accounts) {
    const e = EXPECTED[a.kind];
    const line = lines.get(a.id);
    if (e.status === 'SKIPPED') {
      if (line) wrong.push(`${a.id} is suspended but was scanned`);
      continue;
    }
    if (!line) lost.push(a.id);
    else if (line.status !== e.status) wrong.push(`${a.id} (${a.kind}) ${line.status}: ${line.message}`);
    else if (e.messageId && cis.get(a.id)?.messageId !== e.messageId) wrong.push(`${a.id} (${a.kind}) ${cis.get(a.id)?.messageId}`);
  }
  return { lost, wrong };
}

console.log(`# org scale bench, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} CPUs, --concurrency ${concurrency}, STS limited to ${stsRate} requests/s (token bucket), endpoint in its own process`);
console.log('accounts  latency  wall s  calls/acct  throttles  peak RSS  CLI CPU s  lower bound s  ratio  floor s  set by   ratio  lost  wrong  load (1 min)');
for (const size of sizes) {
  for (const latency of latencies) {
    const ep = await startEndpoint(size, latency);
    const load = loadavg()[0];
    const r = await runCli(ep.endpoint);
    const stats = await (await fetch(`${ep.endpoint}/synthetic/stats`)).json();
    ep.stop();
    if (r.code !== 0) {
      console.log(`${size} accounts at ${latency} ms: CLI exited ${r.code}: ${r.stderr.split('\n').filter((l) => !l.includes('skipped')).join(' ').slice(0, 300)}`);
      continue;
    }
    const report = JSON.parse(r.stdout);
    const { lost, wrong } = check(report, generateAccounts(size));
    const throttles = stats.throttled.sts + stats.throttled.iam;
    // API calls that got an answer (throttled attempts are counted apart), per account scanned
    const scanned = report.accounts.length;
    const calls = (stats.requests - throttles) / scanned;
    const lowerBound = (scanned * calls * (latency / 1000)) / concurrency;
    // Two more bounds no concurrency lifts. ListAccounts answers at most 20 accounts a page and each page's NextToken
    // comes with the previous answer: the pages are one call after another, and the last page's accounts still need
    // their own calls after it. And the endpoint answers at most --sts-rate STS calls a second (AssumeRole is one per
    // account; the endpoint's bucket starts full, with one second's worth). The floor is the largest of the three; the
    // ratio to it is what the scan itself still loses.
    const floors = [
      ['bound', lowerBound],
      ['listing', ((stats.byAction.ListAccounts ?? 0) + calls) * (latency / 1000)],
      ['sts rate', Math.max(0, (stats.byAction.AssumeRole ?? 0) + (stats.byAction.GetCallerIdentity ?? 0) - stats.throttled.sts - stsRate) / stsRate],
    ];
    const [floorBy, floor] = floors.reduce((a, b) => (b[1] > a[1] ? b : a));
    console.log(
      [
        String(size).padStart(8),
        `${latency} ms`.padStart(7),
        r.seconds.toFixed(1).padStart(7),
        calls.toFixed(2).padStart(10),
        String(throttles).padStart(10),
        `${r.rssMiB.toFixed(0)} MiB`.padStart(9),
        r.cpuSeconds.toFixed(1).padStart(10),
        lowerBound.toFixed(1).padStart(14),
        `${(r.seconds / lowerBound).toFixed(2)}×`.padStart(6),
        floor.toFixed(1).padStart(8),
        floorBy.padStart(9),
        `${(r.seconds / floor).toFixed(2)}×`.padStart(6),
        String(lost.length).padStart(5),
        String(wrong.length).padStart(6),
        load.toFixed(1).padStart(13),
      ].join(' '),
    );
    for (const w of [...lost.map((l) => `lost ${l}`), ...wrong].slice(0, 5)) console.log(`    ${w}`);
    console.log(`    in flight at most ${stats.maxInFlight} requests; ${report.summary.accounts.PASS} PASS, ${report.summary.accounts.FAIL} FAIL, ${report.summary.accounts.ERROR} ERROR; by action ${JSON.stringify(stats.byAction)}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

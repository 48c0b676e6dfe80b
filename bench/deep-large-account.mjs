#!/usr/bin/env node
// `supportguard scan --deep` of one account with 5,000 roles (GetAccountAuthorizationDetails paged, plus CloudTrail,
// EventBridge, the support plan and the organization probe) against the synthetic endpoint, as a user runs it: a fresh
// CLI process. Run by hand, never in `npm test`:
//
//   npm run build && node bench/deep-large-account.mjs [--roles 5000] [--latencies 50,100]
//
// Prints wall time, the calls by operation, peak RSS, and the verdict of the large account's CIS check.
/* global process, console, performance, fetch */
import { spawn } from 'node:child_process';
import { startEndpointProcess } from './lib/endpoint-process.mjs';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const roles = Number(opt('roles', '5000'));
const latencies = opt('latencies', '50,100').split(',').map(Number);

function startEndpoint(latency) {
  return startEndpointProcess(['--accounts', '1', '--large-roles', String(roles), '--large-users', '50', '--latency', String(latency)]);
}

console.log(`# deep scan of one account with ${roles} roles and 50 users, synthetic endpoint in its own process, ${new Date().toISOString()}`);
for (const latency of latencies) {
  const ep = await startEndpoint(latency);
  const dir = mkdtempSync(join(tmpdir(), 'supportguard-deep-'));
  const load = loadavg()[0];
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%M %U %S', '-o', join(dir, 'time'), process.execPath, 'dist/cli/main.js', 'scan', '--deep', '--endpoint-url', ep.endpoint, '--format', 'json', '--exit-zero'], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDCALLER', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  const seconds = (performance.now() - started) / 1000;
  const [rssKiB, user, sys] = readFileSync(join(dir, 'time'), 'utf8').trim().split('\n').pop().split(' ').map(Number);
  rmSync(dir, { recursive: true, force: true });
  const stats = await (await fetch(`${ep.endpoint}/synthetic/stats`)).json();
  ep.stop();
  if (code !== 0) {
    console.log(`${latency} ms: CLI exited ${code}: ${stderr.slice(0, 300)}`);
    continue;
  }
  const report = JSON.parse(stdout);
  const cis = report.findings.find((f) => f.checkId === 'cis-support-role');
  console.log(
    `${latency} ms per request: ${seconds.toFixed(1)} s wall (CLI CPU ${(user + sys).toFixed(1)} s), ${stats.requests} calls ${JSON.stringify(stats.byAction)}, peak RSS ${(rssKiB / 1024).toFixed(0)} MiB, ${report.findings.length} findings, CIS ${cis?.status} (${cis?.message}); load ${load.toFixed(1)}`,
  );
}

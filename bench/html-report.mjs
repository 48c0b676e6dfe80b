/* global process, console, Buffer */
// HTML report and dashboard data of generated organizations with every check (bench/lib/synthetic-org.mjs: nine checks,
// six OU groups, FAIL/ERROR/SUPPRESSED/INFO/PASS mix). Run after `npm run build`:  node bench/html-report.mjs [accounts…]
// Prints render time and size; no assertion (speed is read from the figures, never from timed tests).
import { CHECKS, RENDERERS } from '../dist/index.js';
import { buildDashboardData } from '../dist/dashboard/data.js';
import { syntheticOrgResult } from './lib/synthetic-org.mjs';

for (const n of (process.argv.length > 2 ? process.argv.slice(2) : ['500', '10000']).map(Number)) {
  const result = syntheticOrgResult(n, CHECKS);
  const input = { result, checks: CHECKS, generatedAt: new Date().toISOString() };
  let t = process.hrtime.bigint();
  const html = RENDERERS.html(input);
  const htmlMs = Number(process.hrtime.bigint() - t) / 1e6;
  t = process.hrtime.bigint();
  const json = JSON.stringify(buildDashboardData({ result, generatedAt: input.generatedAt }));
  const dashMs = Number(process.hrtime.bigint() - t) / 1e6;
  const mib = (s) => (Buffer.byteLength(s) / 1024 / 1024).toFixed(1);
  console.log(`${String(n).padStart(6)} accounts, ${result.findings.length} findings: HTML ${htmlMs.toFixed(0)} ms, ${mib(html)} MiB; dashboard data ${dashMs.toFixed(0)} ms, ${mib(json)} MiB JSON`);
}

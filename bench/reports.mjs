/* global process, console, Buffer, setInterval, clearInterval */
// Rendering, history and KPI figures for large organisations. Run after `npm run build`:
//   node bench/reports.mjs [accounts] [quality findings per account, default 0]
// With quality findings (e.g. 9: what every check gives an account with a support role) 10,000 accounts are
// 100,000 findings, the case where the table must not print every one of them by default.
// Prints time and heap per step; no assertion (speed is watched by reading the figures, never by timed tests).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RENDERERS, RENDERER_PARTS, CHECKS, buildHistoryRecord, appendHistory, readHistory, computeKpis, toAsff } from '../dist/index.js';
import { writeFileAtomic } from '../dist/cli/output.js';

const accounts = Number(process.argv[2] ?? 5000);
const perAccount = Number(process.argv[3] ?? 0);
const pad = (n) => String(n).padStart(12, '0');
const findings = [];
const verdicts = [];
for (let i = 0; i < accounts; i++) {
  const accountId = pad(100000000000 + i);
  const pass = i % 3 !== 0;
  verdicts.push({ accountId, accountName: `acct-${i}`, status: pass ? 'PASS' : 'FAIL', message: pass ? '1 support role(s)' : 'No IAM role has it.' });
  findings.push({
    checkId: 'cis-support-role', title: CHECKS[0].title, status: pass ? 'PASS' : 'FAIL', severity: 'medium', accountId, accountName: `acct-${i}`, partition: 'aws',
    resourceArn: `arn:aws:iam::${accountId}:root`, resourceType: 'AwsAccount', messageId: pass ? 'pass' : 'no-support-role',
    message: pass ? `1 support role(s) with AWSSupportAccess: aws-support-${i}.` : 'No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.',
    remediation: pass ? '' : CHECKS[0].remediation.replace('{{policyArn}}', 'arn:aws:iam::aws:policy/AWSSupportAccess'), references: CHECKS[0].references,
    details: pass ? { supportRoles: [`arn:aws:iam::${accountId}:role/aws-support-${i}`] } : {},
  });
  for (let k = 0; k < perAccount; k++) {
    const check = CHECKS[1 + (k % (CHECKS.length - 1))];
    const fail = pass && k === 0 && i % 7 === 0;
    findings.push({
      checkId: check.id, title: check.title, status: fail ? 'FAIL' : k % 4 === 3 ? 'INFO' : 'PASS', severity: check.severity, accountId, accountName: `acct-${i}`, partition: 'aws',
      resourceArn: `arn:aws:iam::${accountId}:role/aws-support-${i}`, resourceType: 'AwsIamRole', messageId: 'bench',
      message: `aws-support-${i}: ${check.title} (bench finding ${k}).`, remediation: fail ? 'Tag the role with owner and purpose.' : '', references: check.references,
    });
  }
}
const result = { findings, accounts: verdicts, skipped: [] };
const input = { result, checks: CHECKS, generatedAt: new Date().toISOString() };

function measure(label, fn) {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const t = process.hrtime.bigint();
  const out = fn();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  // A renderer's parts (what the CLI writes) are measured like its string: bytes and lines of all parts.
  const texts = typeof out === 'string' ? [out] : Array.isArray(out) && typeof out[0] === 'string' ? out : undefined;
  const bytes = texts?.reduce((n, t) => n + Buffer.byteLength(t), 0) ?? 0;
  const lines = texts?.reduce((n, t) => n + (t.match(/\n/g) ?? []).length, 0) ?? 0;
  const size = texts ? `${(bytes / 1024 / 1024).toFixed(1)} MiB out, ${lines} lines${typeof out === 'string' ? '' : `, ${out.length} parts`}` : '';
  console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms  heap +${((process.memoryUsage().heapUsed - before) / 1024 / 1024).toFixed(0).padStart(4)} MiB  ${size}`);
  return out;
}

console.log(`${accounts} accounts, ${findings.length} findings`);
const only = process.env.BENCH_FORMATS?.split(",");
for (const [name, render] of Object.entries(RENDERERS)) if (!only || only.includes(name)) measure(`render ${name}`, () => render(input));
// What the CLI does for the formats that come in parts (OCSF, ASFF, JSON): to a file, each part is written as it is
// made (time and heap are render and write together); to stdout, all parts are made first (an array, never joined).
const partsDir = await mkdtemp(join(tmpdir(), 'sg-bench-parts-'));
for (const [name, renderParts] of Object.entries(RENDERER_PARTS)) {
  if (only && !only.includes(name)) continue;
  measure(`render ${name} in parts (stdout)`, () => [...renderParts(input)]);
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  let peak = before;
  const watch = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
  await writeFileAtomic(join(partsDir, `${name}.json`), renderParts(input));
  clearInterval(watch);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const bytes = (await stat(join(partsDir, `${name}.json`))).size;
  // The heap is sampled between writes: its peak is what rendering as it writes keeps alive.
  console.log(`${`render+write ${name} to a file`.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms  heap peak +${((peak - before) / 1024 / 1024).toFixed(0).padStart(4)} MiB  ${(bytes / 1024 / 1024).toFixed(1)} MiB written`);
}
await rm(partsDir, { recursive: true, force: true });
// The table a terminal gets by default (FAIL/ERROR findings, PASS accounts counted) and with --verbose (every finding).
measure('render table --verbose', () => RENDERERS.table({ ...input, detail: 'all' }));
measure('render table --quiet', () => RENDERERS.table({ ...input, detail: 'quiet' }));
measure('toAsff', () => toAsff(findings, { generatedAt: input.generatedAt }));

const dir = await mkdtemp(join(tmpdir(), 'sg-bench-'));
const file = join(dir, 'history.jsonl');
const record = buildHistoryRecord(result, { time: input.generatedAt });
const scans = 100;
let t = process.hrtime.bigint();
for (let i = 0; i < scans; i++) await appendHistory(file, { ...record, time: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() });
console.log(`${'append history x' + scans}`.padEnd(34), `${(Number(process.hrtime.bigint() - t) / 1e6 / scans).toFixed(1).padStart(6)} ms/scan (${(JSON.stringify(record).length / 1024).toFixed(0)} KiB a line)`);
t = process.hrtime.bigint();
const { records } = await readHistory(file);
console.log('read history'.padEnd(34), `${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0).padStart(6)} ms for ${records.length} scans`);
const events = [];
for (let i = 0; i < 100000; i++) {
  const acct = pad(100000000000 + (i % accounts));
  events.push(i % 2
    ? { eventTime: new Date(Date.UTC(2026, 3, 1, 0, 0, i)).toISOString(), eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', eventID: `a${i}`, recipientAccountId: acct, userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${acct}:user/u` }, requestParameters: { roleArn: `arn:aws:iam::${acct}:role/aws-support-${i % accounts}` } }
    : { eventTime: new Date(Date.UTC(2026, 3, 1, 0, 0, i)).toISOString(), eventSource: 'support.amazonaws.com', eventName: 'CreateCase', eventID: `c${i}`, recipientAccountId: acct, userIdentity: { type: i % 4 ? 'Root' : 'IAMUser', arn: `arn:aws:iam::${acct}:user/admin` } });
}
const kpi = measure(`computeKpis ${records.length} scans, 100k events`, () => computeKpis(records, events));
console.log(`  → ${kpi.assumeRoleEvents.length} support-role sessions, cases opened by ${JSON.stringify(kpi.casesOpenedBy)}`);
await rm(dir, { recursive: true, force: true });

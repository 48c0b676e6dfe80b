/* global process, console, URL */
// Start-up time of the CLI against a bare Node process (issue 13, section 1). Run after `npm run build`:
//   node bench/startup.mjs [runs]        (default 7 runs of each command, after one warm-up round)
// The four commands run interleaved (one of each per round), so a drift in the machine's speed hits all of them alike;
// each figure is the median wall time of a whole process, and each ratio is a command's median over bare Node's.
// Prints figures only; no assertion (speed is watched by reading the figures, never by timed tests).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const GOAL = 2;
const RUNS = Number(process.argv[2] ?? 7);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`runs must be a whole number ≥ 1 (got ${process.argv[2]})`);
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = 'dist/cli/main.js';
const example = 'examples/accounts/111111111111-support-role.json';

// The same `checks` run in a folder holding examples/supportguard.yml: what reading and validating a config costs
// (the YAML parser and ajv load only when a file is there; without one the loader makes three stat calls).
const withConfig = mkdtempSync(join(tmpdir(), 'sg-bench-config-'));
copyFileSync(join(root, 'examples', 'supportguard.yml'), join(withConfig, 'supportguard.yml'));
process.on('exit', () => rmSync(withConfig, { recursive: true, force: true }));

const commands = [
  { label: "node -e ''", args: ['-e', ''] },
  { label: 'supportguard --version', args: [cli, '--version'] },
  { label: 'supportguard checks', args: [cli, 'checks'] },
  { label: `supportguard audit <1 export> --exit-zero`, args: [cli, 'audit', example, '--exit-zero'] },
  { label: 'supportguard checks, supportguard.yml present', args: [join(root, cli), 'checks'], cwd: withConfig, extra: true },
];

/** Wall time of one whole process in ms; a run that fails is a broken build, not a figure. */
function run({ label, args, cwd = root }) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${label} exited ${r.status ?? r.signal}: ${r.stderr.trim()} (run \`npm run build\` first)`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const before = loadavg();
for (const c of commands) run(c); // warm-up: the file system cache, not counted
const times = commands.map(() => []);
for (let i = 0; i < RUNS; i++) commands.forEach((c, j) => times[j].push(run(c)));
const after = loadavg();

const bare = median(times[0]);
const fmt = (xs) => xs.map((x) => x.toFixed(2)).join(' ');
console.log(`start-up, ${new Date().toISOString()}, node ${process.version}; load average ${fmt(before)} before, ${fmt(after)} after, on ${cpus().length} CPUs`);
console.log(`runs: ${RUNS} of each command, interleaved, after one warm-up round; goal: each command's median <= ${GOAL}x bare node's`);
console.log(`${''.padEnd(42)}${'min'.padStart(9)}${'median'.padStart(9)}${'max'.padStart(9)}${'ratio'.padStart(9)}`);
let met = true;
commands.forEach((c, j) => {
  const xs = times[j];
  const ms = (x) => `${x.toFixed(0).padStart(6)} ms`;
  const ratio = median(xs) / bare;
  if (j > 0 && !c.extra && ratio > GOAL) met = false;
  console.log(`${c.label.padEnd(42)}${ms(Math.min(...xs))}${ms(median(xs))}${ms(Math.max(...xs))}${j === 0 ? '' : `${ratio.toFixed(2).padStart(8)}x`}`);
});
console.log(`goal <= ${GOAL}x for --version, checks and audit: ${met ? 'met' : 'NOT met'}`);

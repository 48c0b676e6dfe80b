/* global process */
import { spawn } from 'node:child_process';

/**
 * Starts the synthetic AWS endpoint (bench/lib/synthetic-aws.mjs) in a process of its own, so the benchmarked CLI does
 * not share a core's event loop with it; resolves with its URL and a stop function once it prints `endpoint URL`.
 * `args` are its command-line options (`--accounts N --latency MS …`).
 */
export function startEndpointProcess(args) {
  const child = spawn(process.execPath, ['bench/lib/synthetic-aws.mjs', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /endpoint (\S+)/.exec(out);
      if (m) resolve({ endpoint: m[1], stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`synthetic endpoint exited ${code}`)));
  });
}

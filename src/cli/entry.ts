import { runCli } from './run.js';

// The CLI as a process: what `supportguard` runs (through main.ts, from dist/bundle/cli.cjs or, unbundled, from here).
export { runCli };

/** Runs the command line of this process and sets its exit code. */
export async function main(): Promise<void> {
  // The AWS SDK prints a nine-line NodeVersionSupportWarning on Node 20 above every one-line message we
  // print. The fact behind it (SDK releases after January 2027 need Node 22) is in the README instead;
  // a user who wants the SDK's own notice sets the variable to "false".
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  // `fix --apply` stops after the IAM call in flight on SIGINT/SIGTERM and rolls back a role it created, rather than
  // dying between CreateRole and AttachRolePolicy. Only for fix: other commands keep the default (end at once), and
  // `serve` handles the signals itself. Each handler runs once, so a second Ctrl-C ends the process the usual way.
  const argv = process.argv.slice(2);
  const interrupt = new AbortController();
  if (argv.find((a) => !a.startsWith('-')) === 'fix') {
    for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => interrupt.abort(name));
  }

  const io = {
    signal: interrupt.signal,
    stdout: (s: string) => void process.stdout.write(s),
    stderr: (s: string) => void process.stderr.write(s),
    env: process.env,
    stdoutIsTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
    confirm: process.stdin.isTTY
      ? async (question: string) => {
          const { createInterface } = await import('node:readline/promises');
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
          } finally {
            rl.close();
          }
        }
      : undefined,
    prompt: process.stdin.isTTY
      ? async (question: string) => {
          const { createInterface } = await import('node:readline/promises');
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return await rl.question(question);
          } finally {
            rl.close();
          }
        }
      : undefined,
  };

  // A closed pipe (`supportguard audit … | head`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });

  process.exitCode = await runCli(argv, io);
}

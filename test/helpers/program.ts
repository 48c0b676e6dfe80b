import { Command } from 'commander';
import { runCli } from '../../src/cli/run.js';

/** The commander program exactly as the CLI builds it (caught as it parses `--version`), to read its definitions. */
export async function cliProgram(): Promise<Command> {
  let captured: Command | undefined;
  const original = Command.prototype.parseAsync;
  Command.prototype.parseAsync = function (this: Command, ...args: Parameters<Command['parseAsync']>) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the program is only reachable as `this` here
    captured = this;
    return original.apply(this, args);
  };
  try {
    await runCli(['--version'], { stdout: () => {}, stderr: () => {}, env: {}, stdoutIsTTY: false, stderrIsTTY: false });
  } finally {
    Command.prototype.parseAsync = original;
  }
  return captured!;
}

import type { LoadedConfig } from '../config/load.js';

/** What a command may touch: injected so tests call the CLI in-process with argv and capture output. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** stdout is a terminal (colour, progress). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Reads a line of confirmation from the user; undefined when there is no terminal to ask. */
  confirm?: (question: string) => Promise<boolean>;
  /** Reads one line of input (an MFA code) from the user; undefined when there is no terminal to ask. */
  prompt?: (question: string) => Promise<string>;
  /** Ends long-running commands (`serve`) when aborted, besides SIGINT/SIGTERM; tests use it instead of signals. */
  signal?: AbortSignal;
}

/** Exit codes; only src/cli maps outcomes to these. */
export const EXIT = {
  OK: 0,
  /** Findings at or above --fail-on failed. */
  FINDINGS: 1,
  /** Bad command line. */
  USAGE: 2,
  /** An input could not be used, a runtime failure, or some accounts ended in ERROR. */
  ERROR: 3,
} as const;

export interface CommandContext {
  io: CliIo;
  /** supportguard.yml (or --config FILE) as loaded before the command's action; absent with --no-config or no file. */
  config?: LoadedConfig;
  /** Set by the command's action. */
  exitCode: number;
}

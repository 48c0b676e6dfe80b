/**
 * What a shell completion script knows about the CLI: commands, their options and positional arguments, and the words
 * a value may take. Built from the commander definitions by src/cli/actions/completion.ts, so a new flag is completed
 * without editing a script by hand; the renderers beside this file are pure (model → script text).
 */
export interface CompletionModel {
  /** The program name (`supportguard`). */
  program: string;
  /** Flags of the program itself (`--version`, `--help`). */
  options: CompletionOption[];
  commands: CompletionCommand[];
}

export interface CompletionCommand {
  name: string;
  description: string;
  options: CompletionOption[];
  /** Positional arguments in order; `variadic` for the last one that takes many (paths). */
  args: CompletionArg[];
  /** Sub-commands (`securityhub import`). */
  commands: CompletionCommand[];
}

export interface CompletionOption {
  /** `-f` or undefined. */
  short?: string;
  /** `--format`. */
  long: string;
  description: string;
  /** The option takes a value (`<format>`). */
  takesValue: boolean;
  /** The words its value may be; absent: a file or free text. */
  values?: readonly string[];
  /** The value is a comma-separated list of those words (`-f table,json`). */
  list?: boolean;
  /** The option takes several values (`--check a b`). */
  variadic?: boolean;
}

export interface CompletionArg {
  name: string;
  values?: readonly string[];
  variadic: boolean;
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * Typed errors. Library code throws these; only `src/cli` maps them to exit codes:
 * UsageError → 2, InputError/RuntimeError → 3.
 */
export class SupportguardError extends Error {
  override name = 'SupportguardError';
}

/** The command line was wrong (unknown flag, bad value). Exit 2. */
export class UsageError extends SupportguardError {
  override name = 'UsageError';
}

/** An input file or folder could not be used (missing, malformed JSON, wrong kind of file). */
export class InputError extends SupportguardError {
  override name = 'InputError';
}

/** Something failed while running (AWS unreachable, write failed). */
export class RuntimeError extends SupportguardError {
  override name = 'RuntimeError';
}

import type { Argument, Command, Option } from 'commander';
import type { CompletionArg, CompletionCommand, CompletionModel, CompletionOption } from '../completion/model.js';
import { SHELLS } from '../completion/model.js';
import { SEVERITIES } from '../findings/model.js';
import { EMIT_KINDS } from '../remediate/renderers/kinds.js';
import { REPORT_FORMATS } from '../report/formats.js';
import { SHOWN_STATUSES } from '../report/select.js';
import { PARTITIONS } from '../snapshot/model.js';

/**
 * Turns the commander definitions into the completion model: every command, option and argument as registered, so a
 * new flag completes without a script edited by hand. Commander does not know which words a value takes (supportguard
 * validates values itself, for its one-line errors), so those are looked up here by flag, per command where they differ.
 */

/** The formats of each command's -f (the report commands write several at once: a comma list). */
const FORMATS: Record<string, { values: readonly string[]; list: boolean }> = {
  audit: { values: REPORT_FORMATS, list: true },
  scan: { values: REPORT_FORMATS, list: true },
  iac: { values: REPORT_FORMATS, list: true },
  drill: { values: ['table', 'json'], list: true },
  kpi: { values: ['table', 'json'], list: true },
  checks: { values: ['table', 'json'], list: false },
  fix: { values: ['table', 'json'], list: false },
  backout: { values: ['table', 'json'], list: false },
  emit: { values: ['cloudformation', 'terraform', 'json'], list: false },
};

/** Words of flags that mean the same in every command. */
function valuesOf(command: string, long: string, checkIds: readonly string[]): { values: readonly string[]; list?: boolean } | undefined {
  switch (long) {
    case '--format':
      return FORMATS[command];
    case '--fail-on':
      return { values: SEVERITIES };
    case '--severity':
      return { values: SEVERITIES, list: true };
    case '--status':
      return { values: SHOWN_STATUSES, list: true };
    case '--check':
      return { values: checkIds };
    case '--partition':
      return { values: PARTITIONS };
    default:
      return undefined;
  }
}

function option(command: string, o: Option, checkIds: readonly string[]): CompletionOption {
  const takesValue = o.required || o.optional;
  const known = takesValue ? valuesOf(command, o.long!, checkIds) : undefined;
  return {
    short: o.short,
    long: o.long!,
    description: o.description,
    takesValue,
    values: known?.values,
    list: known?.list,
    variadic: o.variadic || undefined,
  };
}

function argument(command: string, a: Argument): CompletionArg {
  const values = command === 'emit' && a.name() === 'kind' ? EMIT_KINDS : command === 'completion' && a.name() === 'shell' ? SHELLS : undefined;
  return { name: a.name(), values, variadic: a.variadic };
}

function command(c: Command, checkIds: readonly string[], parent?: string): CompletionCommand {
  const name = c.name();
  const key = parent ?? name;
  return {
    name,
    description: c.description(),
    options: c.options.filter((o) => o.long).map((o) => option(key, o, checkIds)),
    args: c.registeredArguments.map((a) => argument(key, a)),
    commands: c.commands.map((s) => command(s, checkIds, name)),
  };
}

/** The model of the whole program; `checkIds` are the values of --check (the registry, loaded by the caller). */
export function completionModel(program: Command, checkIds: readonly string[]): CompletionModel {
  return {
    program: program.name(),
    options: [...program.options.filter((o) => o.long).map((o) => option('', o, checkIds)), { short: '-h', long: '--help', description: 'display help', takesValue: false }],
    commands: program.commands.map((c) => command(c, checkIds)),
  };
}

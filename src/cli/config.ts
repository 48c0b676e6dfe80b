import { CommanderError, type Command, type Option } from 'commander';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { commandPath, flagKey, NOT_DEFAULTS } from '../config/schema.js';
import { UsageError } from '../errors.js';
import type { CommandContext } from './context.js';

/** Where a flag's value came from when the config set it: long name (`fail-on`) → `defaults.scan.fail-on`. */
export type FlagOrigins = Record<string, string>;

/** Runs before every command's action: loads the config into ctx.config and fills the flags it gives defaults for. */
export async function prepareConfig(ctx: CommandContext, program: Command, command: Command): Promise<void> {
  // `init --force` must be able to replace a config that no longer validates.
  if (command.name() === 'init' && command.parent === program) return;
  const global = program.opts<{ config?: string | false }>();
  const loaded = await loadConfig({
    cwd: ctx.io.cwd ?? process.cwd(),
    path: typeof global.config === 'string' ? global.config : undefined,
    disabled: global.config === false,
    today: ctx.io.today,
  });
  if (!loaded) return;
  ctx.config = loaded;
  for (const w of loaded.warnings) ctx.io.stderr(`supportguard: warning: ${w}\n`);
  ctx.flagOrigins = applyFlagDefaults(command, loaded);
}

/**
 * Sets each flag of `command` that the command line (or the environment) left out from `defaults.<command>` or
 * `defaults.all`. commander's value source tells them apart: 'cli' and 'env' win, a built-in 'default' or nothing
 * gives way. Generic over every option, so a flag added to any command needs no code here (only `npm run schema`).
 * The value goes through the option's own parser; the action validates it like a typed one.
 */
export function applyFlagDefaults(command: Command, loaded: LoadedConfig): FlagOrigins {
  const defaults = loaded.config.defaults ?? {};
  const path = commandPath(command);
  const mine = defaults[path] ?? {};
  const all = defaults.all ?? {};
  const set: FlagOrigins = {};
  for (const option of command.options) {
    const key = flagKey(option);
    // The schema refuses these keys already; this keeps a consent flag out even for a config validated elsewhere.
    if (!key || NOT_DEFAULTS.has(key)) continue;
    const attr = option.attributeName();
    const source = command.getOptionValueSource(attr);
    if (source === 'cli' || source === 'env') continue;
    const [value, origin] = key in mine ? [mine[key], `defaults.${path}.${key}`] : key in all ? [all[key], `defaults.all.${key}`] : [undefined, ''];
    if (value === undefined) continue;
    command.setOptionValueWithSource(attr, optionValue(option, value, `${loaded.path}: ${quoteKey(origin)}`), 'config');
    set[key] = quoteKey(origin);
  }
  return set;
}

/** `defaults.securityhub import.region` reads badly; `defaults["securityhub import"].region` is the path. */
function quoteKey(origin: string): string {
  const [, cmd, flag] = /^defaults\.(.+)\.([^.]+)$/.exec(origin) ?? [];
  return cmd && /\s/.test(cmd) ? `defaults[${JSON.stringify(cmd)}].${flag}` : origin;
}

/** A config value as commander would have stored the flag: booleans for switches, strings (through the parser) for values. */
function optionValue(option: Option, value: string | number | boolean | string[], where: string): unknown {
  const isSwitch = !option.required && !option.optional;
  if (isSwitch) {
    if (typeof value !== 'boolean') throw new UsageError(`${where}: must be true or false (got ${JSON.stringify(value)})`);
    // `no-color: true` means colour off, as --no-color does.
    return option.negate ? !value : value;
  }
  if (typeof value === 'boolean') throw new UsageError(`${where}: --${flagKey(option)} takes a value (got ${value})`);
  const items = (Array.isArray(value) ? value : [value]).map(String);
  const repeatable = option.variadic || Array.isArray(option.defaultValue);
  if (!repeatable && items.length !== 1) throw new UsageError(`${where}: --${flagKey(option)} takes one value (got a list)`);
  if (option.argChoices && items.some((v) => !option.argChoices!.includes(v))) {
    throw new UsageError(`${where}: --${flagKey(option)} must be one of ${option.argChoices.join(', ')}`);
  }
  const parse = option.parseArg as ((v: string, previous: unknown) => unknown) | undefined;
  try {
    if (!repeatable) return parse ? parse(items[0]!, option.defaultValue) : items[0];
    if (parse) return items.reduce<unknown>((acc, v) => parse(v, acc), Array.isArray(option.defaultValue) ? [] : undefined);
    return items;
  } catch (e) {
    if (e instanceof CommanderError) throw new UsageError(`${where}: ${e.message.replace(/^error: /, '')}`);
    throw e;
  }
}

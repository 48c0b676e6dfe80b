import type { CompletionCommand, CompletionModel, CompletionOption } from './model.js';

/** A word list for `compgen -W`, quoted for bash (values never contain a quote: they are format and check names). */
const words = (xs: readonly string[]) => `'${xs.join(' ')}'`;
const ident = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_');

function flagsOf(o: CompletionOption): string[] {
  return o.short ? [o.short, o.long] : [o.long];
}

/** The `case` branches that complete the value of an option of one command. */
function valueCases(key: string, options: readonly CompletionOption[]): string[] {
  const out: string[] = [];
  for (const o of options) {
    if (!o.takesValue) continue;
    const pattern = flagsOf(o).map((f) => `"${key}:${f}"`).join('|');
    if (!o.values) out.push(`    ${pattern}) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;`);
    else if (o.list) out.push(`    ${pattern}) __${ident('sg')}_list ${words(o.values)}; return 0 ;;`);
    else out.push(`    ${pattern}) COMPREPLY=($(compgen -W ${words(o.values)} -- "$cur")); return 0 ;;`);
  }
  return out;
}

/** Options that take several values (`--check a b`): words after them are still their values. */
function variadicCases(key: string, options: readonly CompletionOption[]): string[] {
  return options
    .filter((o) => o.variadic && o.values)
    .map((o) => `    ${flagsOf(o).map((f) => `"${key}:${f}"`).join('|')}) COMPREPLY=($(compgen -W ${words(o.values!)} -- "$cur")); return 0 ;;`);
}

/**
 * A bash completion script: `source <(supportguard completion bash)`. The function finds the command (and
 * sub-command) among the words typed, then completes, in order: the value of the option before the cursor (format
 * names, severities, statuses, check ids; comma lists complete after the last comma), option names after a `-`, the
 * words a positional argument takes (`emit KIND`), else file names.
 */
export function renderBash(model: CompletionModel): string {
  const fn = `_${ident(model.program)}`;
  const commandKeys: { key: string; cmd: CompletionCommand }[] = [];
  for (const c of model.commands) {
    commandKeys.push({ key: c.name, cmd: c });
    for (const s of c.commands) commandKeys.push({ key: `${c.name} ${s.name}`, cmd: s });
  }
  const lines: string[] = [];
  lines.push(`# bash completion for ${model.program}, generated from its command definitions by \`${model.program} completion bash\`.`);
  lines.push(`# Install: ${model.program} completion bash > ~/.local/share/bash-completion/completions/${model.program}`);
  lines.push(`#      or: source <(${model.program} completion bash)`);
  lines.push('');
  lines.push(`__${ident('sg')}_list() {`);
  lines.push('  # A comma-separated list: complete the word after the last comma, keep what is before it.');
  lines.push('  local prefix=""');
  lines.push('  [[ "$cur" == *,* ]] && prefix="${cur%,*},"');
  lines.push('  COMPREPLY=($(compgen -P "$prefix" -W "$1" -- "${cur##*,}"))');
  lines.push('}');
  lines.push('');
  lines.push(`${fn}() {`);
  lines.push('  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" key="" i w nargs=0 lastflag=""');
  lines.push('  (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"');
  lines.push('  COMPREPLY=()');
  lines.push('  # The command is the first word that is not a flag; a group (securityhub) takes the next one too.');
  lines.push('  for (( i = 1; i < COMP_CWORD; i++ )); do');
  lines.push('    w="${COMP_WORDS[i]}"');
  lines.push('    case "$w" in');
  lines.push('      -*) lastflag="$w" ;;');
  lines.push('      *)');
  lines.push('        if [[ -z "$key" ]]; then key="$w"; lastflag=""');
  const groups = model.commands.filter((c) => c.commands.length > 0);
  if (groups.length) lines.push(`        elif [[ ${groups.map((g) => `"$key" == "${g.name}"`).join(' || ')} ]]; then key="$key $w"; lastflag=""`);
  lines.push('        elif [[ -z "$lastflag" ]]; then nargs=$(( nargs + 1 ))');
  lines.push('        fi ;;');
  lines.push('    esac');
  lines.push('  done');
  lines.push('  if [[ -z "$key" ]]; then');
  lines.push(`    if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${words(model.options.flatMap(flagsOf))} -- "$cur"))`);
  lines.push(`    else COMPREPLY=($(compgen -W ${words(model.commands.map((c) => c.name))} -- "$cur")); fi`);
  lines.push('    return 0');
  lines.push('  fi');
  lines.push('  case "$key:$prev" in');
  for (const { key, cmd } of commandKeys) lines.push(...valueCases(key, cmd.options));
  lines.push('  esac');
  lines.push('  if [[ "$cur" != -* ]]; then');
  lines.push('    case "$key:$lastflag" in');
  for (const { key, cmd } of commandKeys) lines.push(...variadicCases(key, cmd.options));
  lines.push('    esac');
  lines.push('  fi');
  lines.push('  case "$key" in');
  for (const { key, cmd } of commandKeys) {
    const opts = [...cmd.options.flatMap(flagsOf), '--help'];
    const subs = cmd.commands.map((s) => s.name);
    lines.push(`    "${key}")`);
    lines.push(`      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${words([...new Set(opts)])} -- "$cur")); return 0; fi`);
    if (subs.length) lines.push(`      COMPREPLY=($(compgen -W ${words(subs)} -- "$cur")); return 0 ;;`);
    else {
      const byPosition = cmd.args.map((a, n) => ({ a, n })).filter((x) => x.a.values);
      for (const { a, n } of byPosition) lines.push(`      if (( nargs == ${n} )); then COMPREPLY=($(compgen -W ${words(a.values!)} -- "$cur")); return 0; fi`);
      lines.push('      COMPREPLY=($(compgen -f -- "$cur")) ;;');
    }
  }
  lines.push('  esac');
  lines.push('  return 0');
  lines.push('}');
  lines.push('');
  lines.push(`complete -o default -F ${fn} ${model.program}`);
  return lines.join('\n') + '\n';
}

import type { CompletionCommand, CompletionModel, CompletionOption } from './model.js';

/** A description safe inside a single-quoted `_arguments` spec: no quote, bracket, colon or backslash, one short line. */
function describe(text: string): string {
  const first = text.split(/[;(]/)[0]!.trim();
  return first.replace(/['"`$\\[\]:]/g, '').replace(/\s+/g, ' ').slice(0, 70);
}

function optionSpec(o: CompletionOption): string {
  const names = o.short ? `{${o.short},${o.long}}` : o.long;
  const exclusive = o.short ? `'(${o.short} ${o.long})'` : '';
  const repeat = o.variadic || o.list ? "'*'" : '';
  const head = o.short ? `${exclusive}${names}` : `${repeat}'${names}`;
  const desc = `[${describe(o.description)}]`;
  let value = '';
  if (o.takesValue) {
    const name = o.long.replace(/^--/, '');
    if (!o.values) value = `:${name}:_files`;
    else if (o.list) value = `:${name}:_values -s , ${name} ${o.values.join(' ')}`;
    else value = `:${name}:(${o.values.join(' ')})`;
  }
  return o.short ? `${head}'${desc}${value}'` : `${head}${desc}${value}'`;
}

function argumentsCall(cmd: CompletionCommand, indent: string): string {
  const specs = cmd.options.map(optionSpec);
  specs.push("'(- *)'{-h,--help}'[display help]'");
  cmd.args.forEach((a, n) => {
    const action = a.values ? `(${a.values.join(' ')})` : '_files';
    specs.push(a.variadic ? `'*:${a.name}:${action}'` : `'${n + 1}:${a.name}:${action}'`);
  });
  return `${indent}_arguments -s \\\n${specs.map((s) => `${indent}  ${s}`).join(' \\\n')}`;
}

/**
 * A zsh completion function (`#compdef`): put the output in a folder of `$fpath` as `_supportguard`, or
 * `source <(supportguard completion zsh)`. Commands are described; option values, comma lists (`_values -s ,`) and
 * positional words come from the same model as bash's.
 */
export function renderZsh(model: CompletionModel): string {
  const fn = `_${model.program.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const out: string[] = [];
  out.push(`#compdef ${model.program}`);
  out.push(`# zsh completion for ${model.program}, generated from its command definitions by \`${model.program} completion zsh\`.`);
  out.push(`# Install: ${model.program} completion zsh > "\${fpath[1]}/_${model.program}"   or: source <(${model.program} completion zsh)`);
  out.push('');
  out.push(`${fn}() {`);
  out.push('  local curcontext="$curcontext" state line');
  out.push('  typeset -A opt_args');
  out.push('  local -a commands');
  out.push(`  commands=(${model.commands.map((c) => `'${c.name}:${describe(c.description)}'`).join(' ')})`);
  out.push("  _arguments -C '(- *)'{-V,--version}'[output the version number]' '(- *)'{-h,--help}'[display help]' '1: :->command' '*:: :->args' && return");
  out.push('  case $state in');
  out.push(`    command) _describe -t commands '${model.program} command' commands ;;`);
  out.push('    args)');
  out.push('      case $words[1] in');
  for (const c of model.commands) {
    out.push(`        ${c.name})`);
    if (c.commands.length) {
      out.push('          if (( CURRENT == 2 )); then');
      out.push(`            local -a subcommands; subcommands=(${c.commands.map((s) => `'${s.name}:${describe(s.description)}'`).join(' ')})`);
      out.push(`            _describe -t commands '${c.name} command' subcommands`);
      out.push('          else');
      out.push('            shift words; (( CURRENT-- ))');
      out.push('            case $words[1] in');
      for (const s of c.commands) out.push(`              ${s.name})\n${argumentsCall(s, '                ')} ;;`);
      out.push('            esac');
      out.push('          fi ;;');
    } else out.push(`${argumentsCall(c, '          ')} ;;`);
  }
  out.push('      esac ;;');
  out.push('  esac');
  out.push('}');
  out.push('');
  out.push(`if [[ $zsh_eval_context[-1] == loadautofunc ]]; then ${fn} "$@"; else compdef ${fn} ${model.program}; fi`);
  return out.join('\n') + '\n';
}

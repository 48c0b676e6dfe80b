import type { CompletionCommand, CompletionModel, CompletionOption } from './model.js';

/** A description inside fish single quotes: no quote or backslash, one short line. */
function describe(text: string): string {
  return text.split(/[;(]/)[0]!.trim().replace(/['\\]/g, '').replace(/\s+/g, ' ').slice(0, 70);
}

function optionLine(program: string, condition: string, o: CompletionOption): string {
  const parts = [`complete -c ${program} -n '${condition}'`];
  if (o.short) parts.push(`-s ${o.short.replace(/^-/, '')}`);
  parts.push(`-l ${o.long.replace(/^--/, '')}`);
  if (o.takesValue) {
    if (o.values && o.list) {
      // A comma list: offer each word after what is typed up to the last comma.
      parts.push(`-x -a '(string replace -r "[^,]*\\$" "" -- (commandline -ct))${o.values.length ? `{${o.values.join(',')}}` : ''}'`);
    } else if (o.values) parts.push(`-x -a '${o.values.join(' ')}'`);
    else parts.push('-r -F');
  }
  parts.push(`-d '${describe(o.description)}'`);
  return parts.join(' ');
}

function commandLines(program: string, condition: string, cmd: CompletionCommand): string[] {
  const out = cmd.options.map((o) => optionLine(program, condition, o));
  for (const a of cmd.args) if (a.values) out.push(`complete -c ${program} -n '${condition}' -f -a '${a.values.join(' ')}' -d '${describe(a.name)}'`);
  return out;
}

/**
 * A fish completion script: `supportguard completion fish > ~/.config/fish/completions/supportguard.fish`. Commands
 * complete where no command is typed yet; each command's options, their values (comma lists too) and positional
 * words complete once that command is on the line.
 */
export function renderFish(model: CompletionModel): string {
  const p = model.program;
  const out: string[] = [];
  out.push(`# fish completion for ${p}, generated from its command definitions by \`${p} completion fish\`.`);
  out.push(`# Install: ${p} completion fish > ~/.config/fish/completions/${p}.fish`);
  out.push(`complete -c ${p} -f`);
  for (const o of model.options) out.push(optionLine(p, '__fish_use_subcommand', o));
  for (const c of model.commands) out.push(`complete -c ${p} -n '__fish_use_subcommand' -a ${c.name} -d '${describe(c.description)}'`);
  for (const c of model.commands) {
    const inCommand = `__fish_seen_subcommand_from ${c.name}`;
    if (c.commands.length) {
      const subs = c.commands.map((s) => s.name).join(' ');
      for (const s of c.commands) out.push(`complete -c ${p} -n '${inCommand}; and not __fish_seen_subcommand_from ${subs}' -a ${s.name} -d '${describe(s.description)}'`);
      for (const s of c.commands) out.push(...commandLines(p, `${inCommand}; and __fish_seen_subcommand_from ${s.name}`, s));
    } else {
      out.push(...commandLines(p, inCommand, c));
      // Paths for the commands that take them (audit, iac): file names are offered again.
      if (c.args.some((a) => !a.values)) out.push(`complete -c ${p} -n '${inCommand}' -F`);
    }
  }
  return out.join('\n') + '\n';
}

import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** `supportguard completion bash|zsh|fish`: a completion script generated from the command definitions. */
export function registerCompletion(program: Command, ctx: CommandContext): void {
  program
    .command('completion')
    .description('print a shell completion script for bash, zsh or fish (commands, options, formats, check ids)')
    .argument('<shell>', 'bash, zsh or fish')
    .action(async (shell: string, _opts: unknown, cmd: Command) => (await import('../actions/completion.js')).completion(ctx, shell, cmd.parent!));
}

import type { Command } from 'commander';
import { CHECKS } from '../../checks/registry.js';
import { renderCompletion, SHELLS, type Shell } from '../../completion/index.js';
import { UsageError } from '../../errors.js';
import { completionModel } from '../completion-model.js';
import { EXIT, type CommandContext } from '../context.js';

/** `supportguard completion SHELL`: prints the script; the program's own definitions are the source of every word. */
export async function completion(ctx: CommandContext, shell: string, program: Command): Promise<void> {
  if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`unknown shell "${shell}" (one of: ${SHELLS.join(', ')})`);
  ctx.io.stdout(renderCompletion(shell as Shell, completionModel(program, CHECKS.map((c) => c.id))));
  ctx.exitCode = EXIT.OK;
}

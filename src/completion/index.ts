import { renderBash } from './bash.js';
import { renderFish } from './fish.js';
import type { CompletionModel, Shell } from './model.js';
import { renderZsh } from './zsh.js';

export { SHELLS, type Shell, type CompletionModel, type CompletionCommand, type CompletionOption, type CompletionArg } from './model.js';

/** The completion script for a shell. */
export function renderCompletion(shell: Shell, model: CompletionModel): string {
  return shell === 'bash' ? renderBash(model) : shell === 'zsh' ? renderZsh(model) : renderFish(model);
}

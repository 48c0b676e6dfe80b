import { Command, CommanderError } from 'commander';
import { SupportguardError, UsageError } from '../errors.js';
import { VERSION } from '../version.js';
import { registerAudit } from './commands/audit.js';
import { registerChecks } from './commands/checks.js';
import { registerKpi } from './commands/kpi.js';
import { registerSecurityHub } from './commands/securityhub.js';
import { registerServe } from './commands/serve.js';
import { registerFix } from './commands/fix.js';
import { registerBackout } from './commands/backout.js';
import { registerEmit } from './commands/emit.js';
import { registerIac } from './commands/iac.js';
import { registerScan } from './commands/scan.js';
import { registerDrill } from './commands/drill.js';
import { registerInit } from './commands/init.js';
import { registerReview } from './commands/review.js';
import { registerCompletion } from './commands/completion.js';
import { addHelpTexts } from './help.js';
import { EXIT, type CliIo, type CommandContext } from './context.js';
import { terminalSafe } from '../report/terminal.js';
import { blameConfig } from './config-blame.js';

/** Each command registers itself; one line a command keeps this file free of logic. */
const COMMANDS: ((program: Command, ctx: CommandContext) => void)[] = [
  registerAudit,
  registerChecks,
  registerScan,
  registerDrill,
  registerFix,
  registerBackout,
  registerEmit,
  registerIac,
  registerSecurityHub,
  registerKpi,
  registerReview,
  registerServe,
  registerInit,
  registerCompletion,
];

/** One line for the user: no stack trace, no control characters. */
function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex
  return terminalSafe(message.replace(/[\u0000-\u001f\u007f]+/g, ' ')).trim();
}

/**
 * The whole command tree, without parsing anything: `runCli` parses with it and `npm run schema` reads its flags to
 * generate the `defaults` section of the config schema.
 */
export function buildProgram(ctx: CommandContext): Command {
  const { io } = ctx;
  const program = new Command('supportguard')
    .description('Audit, judge, fix and guard the CIS AWS Foundations IAM support role (AWSSupportAccess).')
    .version(VERSION, '-V, --version')
    .option('--config <file>', 'read this config file instead of supportguard.yml / .yaml / .json in the working directory')
    .option('--no-config', 'ignore any config file')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // Commander's own errors are printed once below, as our one line.
      outputError: () => {},
    });
  for (const register of COMMANDS) register(program, ctx);
  addHelpTexts(program);
  program.commands.forEach((c) => c.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: () => {} }));
  return program;
}

/**
 * Runs the CLI with argv (without `node` and the script) and returns the exit code.
 * Tests call this directly; `main.ts` wires it to the process.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // stderr carries no colour: every line on it (warnings, skipped accounts, progress) is filtered whole, so an account
  // name from Organizations or a path from the command line cannot move the cursor or reverse the text.
  const rawStderr = io.stderr;
  io = { ...io, stderr: (s: string) => rawStderr(terminalSafe(s)) };
  const ctx: CommandContext = { io, exitCode: EXIT.OK };
  const program = buildProgram(ctx);
  // supportguard.yml is read once the command is known and before its action: its defaults fill the flags the command
  // line left out, and the action finds the rest (checks, suppressions) in ctx.config. The loader and the validator are
  // imported only here, so --help and a parse error never pay for them.
  program.hook('preAction', async (_program, actionCommand) => {
    const { prepareConfig } = await import('./config.js');
    await prepareConfig(ctx, program, actionCommand);
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
      if (e.code === 'commander.executeSubCommandAsync') return EXIT.OK;
      const help = e.code === 'commander.missingArgument' || e.code === 'commander.unknownCommand' || e.code === 'commander.unknownOption' ? ' (see --help)' : '';
      io.stderr(`supportguard: ${oneLine(e.message.replace(/^error: /, ''))}${help}\n`);
      return EXIT.USAGE;
    }
    if (e instanceof UsageError) {
      io.stderr(`supportguard: ${oneLine(blameConfig(ctx, e.message))}\n`);
      return EXIT.USAGE;
    }
    if (e instanceof SupportguardError) {
      io.stderr(`supportguard: ${oneLine(e.message)}\n`);
      return EXIT.ERROR;
    }
    // An unexpected bug: still one line, with a pointer for reporting it; the stack only on request.
    const err = e as Error;
    io.stderr(`supportguard: internal error: ${oneLine(err?.message ?? String(e))} (set SUPPORTGUARD_DEBUG=1 for details)\n`);
    if (io.env.SUPPORTGUARD_DEBUG) io.stderr(`${err?.stack ?? ''}\n`);
    return EXIT.ERROR;
  }
}

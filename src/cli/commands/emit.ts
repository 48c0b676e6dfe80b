import { Option, type Command } from 'commander';
import { EMIT_KINDS } from '../../remediate/renderers/kinds.js';
import type { EmitFlags } from '../actions/emit.js';
import type { CommandContext } from '../context.js';
import { addSpecOptions } from '../remediate-flags.js';

/** `supportguard emit KIND`: the support role as Terraform, CloudFormation, a StackSet, an SCP, an EventBridge rule, a CloudWatch metric filter and alarm, or a runbook. */
export function registerEmit(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('emit')
    .description('write the support role as infrastructure as code or guard rails (no AWS call)')
    .argument('<kind>', `what to emit: ${EMIT_KINDS.join(', ')}`)
    .option('--partition <partition>', 'AWS partition (aws, aws-us-gov, aws-cn, …)', 'aws')
    .option('--account <id>', 'account that holds the role (needed by the runbook)')
    .option('--scp-exempt-principal <arn>', 'SCP: principal ARN pattern still allowed to change the role (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .addOption(new Option('-f, --format <format>', 'eventbridge: cloudformation (default) or json (the event pattern); cloudwatch: cloudformation (default) or terraform'))
    .option('--log-group-name <name>', 'cloudwatch only: the CloudWatch Logs log group the CloudTrail trail delivers to')
    .option('-o, --output <file>', 'write to a file (whole or not at all) instead of stdout');
  addSpecOptions(cmd).action(async (kind: string, o: EmitFlags) => (await import('../actions/emit.js')).emitArtefact(ctx, kind, o));
}

import { UsageError } from '../../errors.js';
import { EMITTERS } from '../../remediate/renderers/index.js';
import { buildRemediationSpec } from '../../remediate/spec.js';
import type { CommandContext } from '../context.js';
import { parseFormat } from '../flags.js';
import { writeFileAtomic } from '../output.js';
import { specInputFrom, type SpecFlags } from '../remediate-flags.js';

export interface EmitFlags extends SpecFlags {
  partition: string;
  account?: string;
  scpExemptPrincipal: string[];
  format?: string;
  logGroupName?: string;
  output?: string;
}

/** `supportguard emit KIND`: the support role as Terraform, CloudFormation, a StackSet, an SCP, an EventBridge rule, a CloudWatch metric filter and alarm, or a runbook. */
export async function emitArtefact(ctx: CommandContext, kind: string, o: EmitFlags): Promise<void> {
  const emitter = EMITTERS[kind];
  if (!emitter) throw new UsageError(`unknown kind "${kind}" (one of: ${Object.keys(EMITTERS).join(', ')})`);
  if (o.format !== undefined && kind !== 'eventbridge' && kind !== 'cloudwatch') throw new UsageError('--format applies to eventbridge and cloudwatch only');
  if (o.format !== undefined) parseFormat(o.format, kind === 'cloudwatch' ? ['cloudformation', 'terraform'] : ['cloudformation', 'json']);
  if (o.logGroupName !== undefined && kind !== 'cloudwatch') throw new UsageError('--log-group-name applies to cloudwatch only');
  if (o.scpExemptPrincipal.length > 0 && kind !== 'scp') throw new UsageError('--scp-exempt-principal applies to scp only');
  const input = specInputFrom(o, { partition: o.partition });
  if (o.account !== undefined) input.accountId = o.account;
  // The metric filter and alarm name the role only: who may assume it does not enter them, so --trust is not asked for.
  if (kind === 'cloudwatch' && input.trust.length === 0) input.trust = [input.accountId ?? '000000000000'];
  const spec = buildRemediationSpec(input);
  const out = emitter(spec, { scpExemptPrincipals: o.scpExemptPrincipal, format: (o.format as 'json' | 'cloudformation' | 'terraform' | undefined) ?? 'cloudformation', logGroupName: o.logGroupName });
  if (o.output) {
    await writeFileAtomic(o.output, out.text);
    ctx.io.stderr(`wrote ${kind} to ${o.output}\n`);
  } else ctx.io.stdout(out.text);
  for (const n of out.notes) ctx.io.stderr(`note: ${n}\n`);
}

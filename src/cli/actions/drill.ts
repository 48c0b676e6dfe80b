import { UsageError } from '../../errors.js';
import { checkHistoryTarget } from '../../history/store.js';
import { EXIT, type CommandContext } from '../context.js';
import { validateAwsFlags } from '../flags.js';
import { emitOutputs, planOutputs, type OutputFormats } from '../output-plan.js';

export interface DrillCliOptions {
  roleArn?: string;
  roleName?: string;
  org?: boolean;
  accounts?: string[];
  mfaSerial?: string;
  tokenCode?: string;
  externalId?: string;
  duration: string;
  testCase?: boolean;
  profile?: string;
  region?: string;
  endpointUrl?: string;
  maxAttempts?: string;
  concurrency: string;
  format: string | string[];
  output?: string;
  outputFile?: string[];
  history?: string;
}

/** drill's formats and their names in an `-o DIR/` folder (beside a scan's supportguard.* files). */
export const DRILL_OUTPUTS: OutputFormats<'table' | 'json'> = { formats: ['table', 'json'], fileNames: { table: 'supportguard-drill.txt', json: 'supportguard-drill.json' }, fallback: 'table' };

const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
// An MFA device ARN (arn:aws:iam::123456789012:mfa/alice) or a hardware token's serial number, as STS takes them.
const MFA_SERIAL = /^[\w+=/:,.@-]{9,256}$/;
const TOKEN_CODE = /^\d{6}$/;

function wholeNumber(value: string | undefined, flag: string, min: number, max = Infinity): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min}${max === Infinity ? ' up' : ` to ${max}`} (got "${value}")`);
  return n;
}

const accountIds = (xs?: string[]) => {
  const ids = xs?.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  for (const id of ids ?? []) if (!/^\d{12}$/.test(id)) throw new UsageError(`--accounts: "${id}" is not a 12-digit account id`);
  return ids;
};

/** Every flag checked before any AWS call, so a typo costs nothing and a bad value never reaches STS. */
function validate(opts: DrillCliOptions) {
  const outputs = planOutputs(opts, DRILL_OUTPUTS);
  validateAwsFlags(opts);
  if (opts.roleArn !== undefined && !ROLE_ARN.test(opts.roleArn)) throw new UsageError(`--role-arn "${opts.roleArn}" is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)`);
  if (opts.roleName !== undefined && !ROLE_NAME.test(opts.roleName)) throw new UsageError(`--role-name "${opts.roleName}" is not an IAM role name`);
  if (opts.org && opts.roleArn) throw new UsageError('--role-arn names one role; with --org use --role-name (the role assumed in every account)');
  if (!opts.org && opts.roleName) throw new UsageError('--role-name needs --org (without it, use --role-arn)');
  if (!opts.org && opts.accounts) throw new UsageError('--accounts needs --org');
  if (opts.tokenCode !== undefined && !opts.mfaSerial) throw new UsageError('--token-code needs --mfa-serial');
  if (opts.mfaSerial !== undefined && !MFA_SERIAL.test(opts.mfaSerial)) throw new UsageError(`--mfa-serial "${opts.mfaSerial}" is not an MFA device ARN or serial number`);
  if (opts.tokenCode !== undefined && !TOKEN_CODE.test(opts.tokenCode)) throw new UsageError('--token-code must be the 6 digits your MFA device shows');
  if (opts.history !== undefined) checkHistoryTarget(opts.history);
  return {
    durationSeconds: wholeNumber(opts.duration, '--duration', 900, 43200)!,
    maxAttempts: wholeNumber(opts.maxAttempts, '--max-attempts', 1),
    concurrency: wholeNumber(opts.concurrency, '--concurrency', 1)!,
    accounts: accountIds(opts.accounts),
    outputs,
  };
}

/** The MFA code: --token-code, else asked on the terminal; without a terminal to ask, a usage error. */
async function tokenCode(ctx: CommandContext, opts: DrillCliOptions): Promise<string | undefined> {
  if (!opts.mfaSerial) return undefined;
  if (opts.tokenCode) return opts.tokenCode;
  if (!ctx.io.prompt) throw new UsageError('--mfa-serial needs --token-code when there is no terminal to ask for the code');
  const code = (await ctx.io.prompt(`MFA code for ${opts.mfaSerial}: `)).trim();
  if (!TOKEN_CODE.test(code)) throw new UsageError('the MFA code must be the 6 digits your device shows');
  return code;
}

/** `supportguard drill`: assume the support role as a responder would, prove what it can and cannot do, and time it. */
export async function drillCommand(ctx: CommandContext, opts: DrillCliOptions): Promise<void> {
  const v = validate(opts);
  const code = await tokenCode(ctx, opts);
  // The SDK (and the S3/EC2 clients of the probes, later still) load only once the command line is good.
  const [{ awsConfigFromCli }, { runDrill, renderDrillJson, renderDrillTable, drillHistoryRecord }, { appendHistory }] = await Promise.all([
    import('../aws-config.js'),
    import('../../drill/index.js'),
    import('../../history/store.js'),
  ]);
  const aws = awsConfigFromCli({ region: opts.region, profile: opts.profile, endpointUrl: opts.endpointUrl, maxAttempts: v.maxAttempts }, ctx.io.env);
  const result = await runDrill({
    aws,
    org: opts.org,
    roleArn: opts.roleArn,
    roleName: opts.roleName,
    accounts: v.accounts,
    mfa: opts.mfaSerial && code ? { serialNumber: opts.mfaSerial, tokenCode: code } : undefined,
    externalId: opts.externalId,
    durationSeconds: v.durationSeconds,
    testCase: opts.testCase,
    concurrency: v.concurrency,
    onAccount: ctx.io.stderrIsTTY && opts.org ? (a, done, total) => ctx.io.stderr(`[${done}/${total}] ${a.accountId} ${a.verdict}\n`) : undefined,
  });
  for (const w of result.warnings) ctx.io.stderr(`supportguard: warning: ${w}\n`);
  for (const s of result.skipped) ctx.io.stderr(`supportguard: skipped ${s.accountId}${s.name ? ` (${s.name})` : ''}: ${s.reason}\n`);
  await emitOutputs(ctx.io, v.outputs, (format) => (format === 'json' ? renderDrillJson(result) : renderDrillTable(result)), 'drill report');
  if (opts.history) await appendHistory(opts.history, drillHistoryRecord(result));
  const s = result.summary;
  ctx.exitCode = s.ERROR > 0 ? EXIT.ERROR : s.FAIL > 0 ? EXIT.FINDINGS : EXIT.OK;
}

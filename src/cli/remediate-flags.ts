import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { RemediationSpecInput } from '../remediate/spec.js';
import type { CliIo } from './context.js';

const collect = (v: string, acc: string[]) => [...acc, v];

/** Flags describing the support role, shared by `fix` and `emit`. */
export interface SpecFlags {
  roleName?: string;
  path?: string;
  trust: string[];
  mfa: boolean;
  externalId?: string;
  owner?: string;
  purpose?: string;
  tag: string[];
  maxSessionDuration?: string;
  description?: string;
}

/** Adds the role-spec flags. */
export function addSpecOptions(cmd: Command): Command {
  return cmd
    .option('--role-name <name>', 'name of the support role (default aws-support)')
    .option('--path <path>', 'IAM path of the role, e.g. /security/ (default /)')
    .option('--trust <principal>', 'who may assume the role: IAM user/role ARN, SAML provider ARN, account id (repeatable)', collect, [])
    .option('--no-mfa', 'do not demand aws:MultiFactorAuthPresent from IAM principals (never demanded from SAML / Identity Center)')
    .option('--external-id <id>', 'sts:ExternalId demanded from principals of other accounts (third parties)')
    .option('--owner <team>', 'owner tag (default "unassigned")')
    .option('--purpose <text>', 'purpose tag')
    .option('--tag <key=value>', 'extra tag (repeatable)', collect, [])
    .option('--max-session-duration <seconds>', 'maximum session duration, 3600–43200 (default 3600)')
    .option('--description <text>', 'role description');
}

/** Turns the flags into the spec input (validation happens in buildRemediationSpec). */
export function specInputFrom(o: SpecFlags, extra: { partition?: string; accountId?: string } = {}): RemediationSpecInput {
  let max: number | undefined;
  if (o.maxSessionDuration !== undefined) {
    if (!/^\d+$/.test(o.maxSessionDuration)) throw new UsageError(`--max-session-duration "${o.maxSessionDuration}": whole seconds from 3600 to 43200`);
    max = Number(o.maxSessionDuration);
  }
  const input: RemediationSpecInput = { trust: o.trust, requireMfa: o.mfa, extraTags: o.tag };
  if (o.roleName !== undefined) input.roleName = o.roleName;
  if (o.path !== undefined) input.path = o.path;
  if (o.externalId !== undefined) input.externalId = o.externalId;
  if (o.owner !== undefined) input.owner = o.owner;
  if (o.purpose !== undefined) input.purpose = o.purpose;
  if (max !== undefined) input.maxSessionDurationSeconds = max;
  if (o.description !== undefined) input.description = o.description;
  if (extra.partition !== undefined) input.partition = extra.partition;
  if (extra.accountId !== undefined) input.accountId = extra.accountId;
  return input;
}

/** Flags for reaching AWS. */
export interface AwsFlags {
  region?: string;
  profile?: string;
  endpointUrl?: string;
}

/** Adds --region, --profile and --endpoint-url. */
export function addAwsOptions(cmd: Command): Command {
  return cmd
    .option('--region <region>', 'AWS region for STS (default AWS_REGION, AWS_DEFAULT_REGION, us-east-1)')
    .option('--profile <name>', 'AWS profile (default AWS_PROFILE or the standard credential chain)')
    .option('--endpoint-url <url>', 'AWS endpoint (tests and emulators; default AWS_ENDPOINT_URL)');
}

/**
 * `--apply` needs consent: an interactive yes, or `--yes`. Without a terminal and without
 * `--yes` the run stops before any change (exit 2), so a pipeline never hangs on a prompt.
 */
export function requireConsentPossible(io: CliIo, o: { apply?: boolean; yes?: boolean }): void {
  if (o.apply && !o.yes && !io.confirm) throw new UsageError('--apply without a terminal needs --yes (nothing was changed)');
}

/** Asks for confirmation unless --yes; true to go ahead. */
export async function confirmed(io: CliIo, o: { yes?: boolean }, question: string): Promise<boolean> {
  if (o.yes) return true;
  if (!io.confirm) return false;
  return io.confirm(question);
}

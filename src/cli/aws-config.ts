import { envCredentials, resolveAwsConfig, type AwsConfig } from '../aws/clients.js';
import { validateAwsFlags } from './flags.js';

/** The AWS flags a command may take. */
export interface AwsCliFlags {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  maxAttempts?: number;
}

/**
 * The AWS configuration for every command, read from the CLI's injected environment, with the AWS CLI's
 * credential precedence: the --profile flag, then static keys in the environment (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY), then AWS_PROFILE, then the rest of the default chain (SSO, shared config, IMDS).
 * The SDK's default chain reads `process.env`, not the environment the CLI was given, so the keys are passed
 * explicitly; and they must beat AWS_PROFILE, or one command would act with other credentials than the next.
 * Also validates --region and --endpoint-url (UsageError).
 */
export function awsConfigFromCli(opts: AwsCliFlags, env: NodeJS.ProcessEnv): AwsConfig {
  validateAwsFlags(opts);
  const config = resolveAwsConfig({ region: opts.region, profile: opts.profile, endpoint: opts.endpointUrl, maxAttempts: opts.maxAttempts }, env);
  // Only the --profile flag outranks the keys; AWS_PROFILE (already in config.profile) does not.
  const keys = envCredentials(env, opts.profile);
  if (keys) config.credentials = keys;
  return config;
}

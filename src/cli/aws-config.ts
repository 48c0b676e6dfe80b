import { resolveAwsConfig, type AwsConfig } from '../aws/clients.js';

/**
 * The AWS configuration for a command, read from the CLI's injected environment. The SDK's default
 * chain reads `process.env`, not the environment the CLI was given, so static keys found there are
 * passed explicitly (unless --profile asks for a named profile).
 */
export function awsConfigFromCli(opts: { region?: string; profile?: string; endpointUrl?: string }, env: NodeJS.ProcessEnv): AwsConfig {
  const config = resolveAwsConfig({ region: opts.region, profile: opts.profile, endpoint: opts.endpointUrl }, env);
  if (!opts.profile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined };
  }
  return config;
}

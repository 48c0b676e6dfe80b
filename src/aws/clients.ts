import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { STSClient } from '@aws-sdk/client-sts';
import type { SupportClient } from '@aws-sdk/client-support';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { UsageError } from '../errors.js';

/**
 * How to reach AWS. The only module (with the rest of src/aws and src/collect) that knows the SDK.
 * Everything is explicit so tests can point it at moto on loopback.
 */
export interface AwsConfig {
  region: string;
  /** --profile; otherwise the standard chain (env, SSO, shared config, IMDS). */
  profile?: string;
  /** --endpoint-url or AWS_ENDPOINT_URL (the SDK also reads the latter itself). */
  endpoint?: string;
  /** Total attempts per call including retries (throttling is retried with backoff). */
  maxAttempts: number;
  retryMode: 'standard' | 'adaptive';
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * How long one request may take, and its connection phase, in milliseconds. The SDK's default is no limit at all:
   * one request that never answers hung `scan --org` and `fix` forever. A timeout is a transient fault the SDK
   * retries (up to maxAttempts); after that the account ends in ERROR (NetworkError: TimeoutError).
   */
  requestTimeoutMs: number;
  connectTimeoutMs: number;
}

/** Default per-request limits; `SUPPORTGUARD_REQUEST_TIMEOUT` (seconds) changes the request one. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** SUPPORTGUARD_REQUEST_TIMEOUT in seconds (a positive number), else the default. */
function requestTimeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.SUPPORTGUARD_REQUEST_TIMEOUT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_REQUEST_TIMEOUT_MS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new UsageError(`SUPPORTGUARD_REQUEST_TIMEOUT "${raw}" must be a number of seconds from 0.1 to 3600`);
  return Math.round(seconds * 1000);
}

/**
 * The `region` of a profile in the shared config file (AWS_CONFIG_FILE, else ~/.aws/config), as the AWS CLI reads it:
 * `[default]` or `[profile NAME]`. A GovCloud or China profile must not be sent to us-east-1.
 */
export function regionFromSharedConfig(profile: string, env: NodeJS.ProcessEnv): string | undefined {
  const file = env.AWS_CONFIG_FILE ?? join(env.HOME ?? homedir(), '.aws', 'config');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const wanted = profile === 'default' ? ['default', 'profile default'] : [`profile ${profile}`];
  let inSection = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const section = line.match(/^\[\s*(.+?)\s*\]$/);
    if (section) {
      inSection = wanted.includes(section[1]!.replace(/\s+/g, ' '));
      continue;
    }
    const kv = inSection ? line.match(/^region\s*=\s*(\S+)$/) : null;
    if (kv) return kv[1];
  }
  return undefined;
}

/**
 * Resolves the AWS configuration the way the AWS CLI does: flags first, then AWS_REGION,
 * then AWS_DEFAULT_REGION (the SDK v3 does not read the latter; the CLI does, so users expect it),
 * then the profile's region in the shared config file, then us-east-1.
 */
export function resolveAwsConfig(
  opts: { region?: string; profile?: string; endpoint?: string; maxAttempts?: number },
  env: NodeJS.ProcessEnv,
): AwsConfig {
  const attemptsFromEnv = Number(env.AWS_MAX_ATTEMPTS);
  const mode = env.AWS_RETRY_MODE === 'adaptive' ? 'adaptive' : 'standard';
  const config: AwsConfig = {
    region: opts.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? regionFromSharedConfig(opts.profile ?? env.AWS_PROFILE ?? 'default', env) ?? 'us-east-1',
    maxAttempts: opts.maxAttempts ?? (Number.isInteger(attemptsFromEnv) && attemptsFromEnv > 0 ? attemptsFromEnv : 6),
    retryMode: mode,
    requestTimeoutMs: requestTimeoutFromEnv(env),
    connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
  };
  const profile = opts.profile ?? env.AWS_PROFILE;
  if (profile) config.profile = profile;
  const endpoint = opts.endpoint ?? env.AWS_ENDPOINT_URL;
  if (endpoint) config.endpoint = endpoint;
  return config;
}

/** How a client sends HTTP: more sockets than the SDK's 50, or a handler shared with other clients. */
export interface HttpOptions {
  maxSockets?: number;
  /** Used instead of a handler of the client's own (connections kept alive across clients); see sharedHttpHandler. */
  handler?: NodeHttpHandler;
}

/**
 * One HTTP handler (one keep-alive connection pool) for many short-lived clients: an org scan builds an IAM client per
 * member account, and each with its own pool opened and closed a TCP connection per account, which cost more CPU than
 * the requests themselves (node --cpu-prof: connect, close and writev ahead of signing and parsing). Destroying a
 * client leaves the shared pool alone; `close()` ends it.
 */
export function sharedHttpHandler(config: AwsConfig, maxSockets: number): NodeHttpHandler & { close(): void } {
  class Shared extends NodeHttpHandler {
    override destroy(): void {}
    close(): void {
      super.destroy();
    }
  }
  return new Shared({
    connectionTimeout: config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    requestTimeout: config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    throwOnRequestTimeout: true,
    httpAgent: { keepAlive: true, maxSockets },
    httpsAgent: { keepAlive: true, maxSockets },
  });
}

function base(config: AwsConfig, credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider, http?: HttpOptions) {
  const agent = http?.maxSockets ? { httpAgent: { maxSockets: http.maxSockets }, httpsAgent: { maxSockets: http.maxSockets } } : {};
  return {
    region: config.region,
    endpoint: config.endpoint,
    maxAttempts: config.maxAttempts,
    retryMode: config.retryMode,
    credentials: credentials ?? config.credentials ?? fromNodeProviderChain(config.profile ? { profile: config.profile } : {}),
    // A request that never answers is cut, and counts as a retryable fault (TimeoutError), never a hang.
    requestHandler: http?.handler ?? {
      connectionTimeout: config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      requestTimeout: config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
      ...agent,
    },
  };
}

/**
 * The constructor options every SDK client gets (region, endpoint, retries, credentials), for code that
 * builds only the one or two clients it needs per account instead of the whole set. `http.maxSockets` raises the SDK's
 * 50 sockets a client for a client shared by many accounts in flight (the org scan's STS client).
 */
export function clientOptions(config: AwsConfig, credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider, http?: HttpOptions) {
  return base(config, credentials, http);
}

/** The region of the AWS Support API in a partition (it has one endpoint a partition, not one a region). */
export function supportRegion(partition: string): string {
  if (partition === 'aws-cn') return 'cn-north-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  return 'us-east-1';
}

/**
 * Credentials from an explicit environment (the CLI's injected env), as the first link of the standard chain
 * would find them; undefined when the env has no static keys, so the full chain (profile, SSO, IMDS) applies.
 * Precedence as with the AWS CLI: a --profile flag beats keys in the environment, and keys beat AWS_PROFILE.
 * So `profileFlag` is the --profile flag only: pass AWS_PROFILE (or a config.profile that holds it) and the
 * keys would wrongly lose to it.
 */
export function envCredentials(env: NodeJS.ProcessEnv, profileFlag?: string): AwsCredentialIdentity | undefined {
  if (profileFlag || !env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  const keys = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  return env.AWS_SESSION_TOKEN ? { ...keys, sessionToken: env.AWS_SESSION_TOKEN } : keys;
}

/** The SDK client of each service supportguard calls. */
export interface ServiceClients {
  iam: IAMClient;
  sts: STSClient;
  organizations: OrganizationsClient;
  cloudTrail: CloudTrailClient;
  eventBridge: EventBridgeClient;
  support: SupportClient;
  securityHub: SecurityHubClient;
}

export type AwsService = keyof ServiceClients;

/** Every service, in the order createClients builds them when not told which. */
export const AWS_SERVICES: readonly AwsService[] = ['iam', 'sts', 'organizations', 'cloudTrail', 'eventBridge', 'support', 'securityHub'];

type ClientOptions = ReturnType<typeof base>;

/**
 * Each client's package is imported when a client of it is first made, not when this module is: one SDK client
 * package takes about 0.1 s to load, and a command needs two or three of the seven.
 */
const MAKE: { [S in AwsService]: (options: ClientOptions) => Promise<ServiceClients[S]> } = {
  iam: async (o) => new (await import('@aws-sdk/client-iam')).IAMClient(o),
  sts: async (o) => new (await import('@aws-sdk/client-sts')).STSClient(o),
  organizations: async (o) => new (await import('@aws-sdk/client-organizations')).OrganizationsClient(o),
  cloudTrail: async (o) => new (await import('@aws-sdk/client-cloudtrail')).CloudTrailClient(o),
  eventBridge: async (o) => new (await import('@aws-sdk/client-eventbridge')).EventBridgeClient(o),
  support: async (o) => new (await import('@aws-sdk/client-support')).SupportClient(o),
  securityHub: async (o) => new (await import('@aws-sdk/client-securityhub')).SecurityHubClient(o),
};

/** SDK clients for one set of credentials (the caller's, or an assumed member-account role's): the services asked for. */
export type AwsClients<S extends AwsService = AwsService> = Pick<ServiceClients, S> & { destroy(): void };

/**
 * Creates the clients of `services` (default: all of them), loading only their SDK packages. Support's API lives in
 * us-east-1 (aws partition); IAM is global.
 */
export async function createClients<S extends AwsService = AwsService>(
  config: AwsConfig,
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider,
  services: readonly S[] = AWS_SERVICES as readonly S[],
): Promise<AwsClients<S>> {
  const b = base(config, credentials);
  const made = await Promise.all(services.map(async (name) => [name, await MAKE[name](b)] as const));
  const clients = Object.fromEntries(made) as unknown as Pick<ServiceClients, S>;
  return {
    ...clients,
    destroy() {
      for (const [, c] of made) c.destroy();
    },
  };
}

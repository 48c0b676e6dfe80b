import { UsageError } from '../errors.js';

/**
 * Flag validation shared by the commands (--region, --endpoint-url, --format). No SDK import here: `audit` and `checks` start
 * without loading the SDK, and `scan` loads it only once the flags are known to be good.
 */

/** An AWS region name: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * --region must look like a region. The value becomes part of the endpoint host name the SDK builds,
 * so `us-east-1; rm` or `evil.example.com/` must stop here as a usage error, not reach the network.
 */
export function validateRegion(region: string | undefined): void {
  if (region !== undefined && !REGION_PATTERN.test(region)) throw new UsageError(`--region "${region}" is not an AWS region name (e.g. us-east-1, eu-west-2, us-gov-west-1)`);
}

/** --endpoint-url must be an http(s) URL (a bare host:port is a common slip the SDK would mangle). */
export function validateEndpointUrl(url: string | undefined): void {
  if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url)) throw new UsageError(`--endpoint-url must be an http(s) URL (got "${url}")`);
}

/** Validates --region and --endpoint-url, before any file is read or AWS called. */
export function validateAwsFlags(o: { region?: string; endpointUrl?: string }): void {
  validateRegion(o.region);
  validateEndpointUrl(o.endpointUrl);
}

/**
 * Checks --format against the formats a command knows, with one wording everywhere. `aliases` maps
 * an accepted older name to its format (fix/backout used `text` before they said `table` like the rest).
 */
export function parseFormat<F extends string>(value: string, formats: readonly F[], aliases: Record<string, F> = {}): F {
  if ((formats as readonly string[]).includes(value)) return value as F;
  const alias = aliases[value];
  if (alias) return alias;
  throw new UsageError(`unknown --format "${value}" (one of: ${formats.join(', ')})`);
}

import type { CollectError } from '../snapshot/model.js';

/**
 * Stable codes for what went wrong while reading an account. Reports, tests and suppressions key on
 * these, so the many spellings AWS uses for the same thing collapse into one code each.
 */
export type CollectErrorCode =
  | 'AccessDenied'
  | 'Throttling'
  | 'ExpiredToken'
  | 'InvalidClientTokenId'
  | 'NoCredentials'
  | 'NetworkError'
  | 'UnexpectedResponse'
  | 'InvalidResponse'
  | 'PaginationLoop'
  | 'MalformedResponse'
  | string;

// Each service has its own name for "not allowed": IAM/STS AccessDenied, JSON services AccessDeniedException,
// EC2-style UnauthorizedOperation, Organizations AccessDeniedException or AWSOrganizationsNotInUseException.
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess', 'AuthorizationError', 'AuthFailure']);
// Throttling reaches us only after the SDK's own retries (with backoff) are exhausted.
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const BAD_KEY = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'IncompleteSignature']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** One line, no control characters, bounded length: AWS messages can embed policy text or newlines. */
function oneLine(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function networkCode(e: SdkLikeError | undefined, depth = 0): string | undefined {
  if (!e || typeof e !== 'object' || depth > 3) return undefined;
  if (e.code && NETWORK.has(e.code)) return e.code;
  // undici/fetch wraps the socket error; AggregateError (happy eyeballs) carries several.
  const nested = (e as { errors?: unknown[] }).errors;
  if (Array.isArray(nested)) for (const n of nested) {
    const c = networkCode(n as SdkLikeError, depth + 1);
    if (c) return c;
  }
  return networkCode(e.cause as SdkLikeError | undefined, depth + 1);
}

/** The stable code for an SDK (or network) error. */
export function errorCode(err: unknown): CollectErrorCode {
  const e = (err ?? {}) as SdkLikeError;
  const name = e.name ?? '';
  const awsCode = e.Code ?? name;
  if (ACCESS_DENIED.has(awsCode)) return 'AccessDenied';
  if (THROTTLING.has(awsCode)) return 'Throttling';
  if (EXPIRED.has(awsCode)) return 'ExpiredToken';
  if (BAD_KEY.has(awsCode)) return 'InvalidClientTokenId';
  if (name === 'CredentialsProviderError') return 'NoCredentials';
  const net = networkCode(e);
  if (net || name === 'TimeoutError' || name === 'RequestTimeout') return 'NetworkError';
  // A 200 page that is not the API's answer (a proxy's HTML, an emulator without the operation).
  if (name === 'SyntaxError' || /Deserialization error/i.test(e.message ?? '')) return 'UnexpectedResponse';
  // Our parser refused what AWS sent (e.g. a policy document that is not JSON).
  if (name === 'InputError') return 'InvalidResponse';
  // A Marker that cannot be followed (src/aws/paginate.ts): the listing would be incomplete.
  if (name === 'PaginationError') return 'PaginationLoop';
  // A 200 whose body is not this operation's answer (requireAnswer and listEveryItem in src/aws/paginate.ts): never read as an empty list.
  if (name === 'MalformedAnswerError') return 'MalformedResponse';
  if (e.$metadata?.httpStatusCode === 429) return 'Throttling';
  if (e.$metadata?.httpStatusCode === 403) return 'AccessDenied';
  return awsCode && awsCode !== 'Error' ? awsCode : 'Unknown';
}

/**
 * Turns any error thrown by an AWS call into a CollectError: a stable code, the operation,
 * and one printable line. Never throws.
 */
export function classifyError(err: unknown, operation: string): CollectError {
  const e = (err ?? {}) as SdkLikeError;
  const code = errorCode(err);
  let detail = oneLine(e.message || e.name || String(err));
  if (code === 'NetworkError') detail = `${networkCode(e) ?? e.name ?? 'network error'}: ${detail}`;
  if (code === 'UnexpectedResponse') detail = 'the endpoint did not answer with this API (unsupported operation or a proxy page)';
  if (code === 'NoCredentials') detail = `no AWS credentials found (${detail}); set AWS_PROFILE/--profile, SSO or AWS_ACCESS_KEY_ID`;
  return { code, operation, message: detail };
}

/** The one line a user reads for a CollectError: `iam:ListEntitiesForPolicy: AccessDenied: …`. */
export function describeCollectError(error: CollectError): string {
  const op = error.operation ? `${error.operation}: ` : '';
  return `${op}${error.code}: ${error.message}`;
}

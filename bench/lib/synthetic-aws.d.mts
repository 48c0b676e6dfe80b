/** Types of bench/lib/synthetic-aws.mjs (plain JavaScript so `node bench/…` runs it unbuilt; tests import it typed). */

/** What a generated account holds, and so what its verdict must be. */
export type AccountKind = 'pass' | 'pass-paged' | 'users-only' | 'none' | 'lookalike' | 'boundary' | 'denied' | 'suspended' | 'large';

export interface SyntheticAccount {
  id: string;
  name: string;
  kind: AccountKind;
  /** Extra roles and users for GetAccountAuthorizationDetails (the deep bench's large account). */
  roles: number;
  users: number;
}

/** The truth a scan is checked against. */
export type Expected =
  | { status: 'PASS' | 'FAIL'; messageId: string }
  | { status: 'ERROR'; errorCode: string; operation: string }
  | { status: 'SKIPPED' };

export interface SyntheticOptions {
  accounts: SyntheticAccount[];
  /** Added to every answer, errors included (default 0). */
  latencyMs?: number;
  /** STS requests a second the caller may make (token bucket, burst = rate unless stsBurst); over it: HTTP 400 Throttling. */
  stsRatePerSecond?: number;
  stsBurst?: number;
  /** IAM requests a second per account (token bucket per account); over it: HTTP 400 Throttling. */
  iamRatePerSecond?: number;
  iamBurst?: number;
  /** The member role AssumeRole accepts (default OrganizationAccountAccessRole). */
  memberRoleName?: string;
  port?: number;
}

export interface SyntheticStats {
  /** HTTP requests answered, throttled ones included. */
  requests: number;
  byAction: Record<string, number>;
  /** Requests answered Throttling, per service. */
  throttled: { sts: number; iam: number };
  /** Requests per account the signing credentials act in (the caller's count for the management account). */
  callsByAccount: Record<string, number>;
  /** Most requests waiting for their answer at once. */
  maxInFlight: number;
}

export interface SyntheticAws {
  endpoint: string;
  accounts: SyntheticAccount[];
  stats: SyntheticStats;
  resetStats(): void;
  stop(): Promise<void>;
}

export const MANAGEMENT_ACCOUNT_ID: string;
export const ORGANIZATION_ID: string;
export const KIND_CYCLE: readonly AccountKind[];
export const EXPECTED: Record<AccountKind, Expected>;
export function generateAccounts(count: number, o?: { largeRoles?: number; largeUsers?: number }): SyntheticAccount[];
export function startSyntheticAws(options: SyntheticOptions): Promise<SyntheticAws>;

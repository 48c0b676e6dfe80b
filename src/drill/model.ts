import type { CallerIdentity } from '../aws/identity.js';
import type { SkippedAccount } from '../collect/org.js';

/** What one call of the drill came back with, judged. */
export type CallOutcome =
  /** The call was allowed and answered. */
  | 'ok'
  /** Support API only: the account's plan (Basic or Developer) has no Support API; the role itself was let through. */
  | 'subscription-required'
  /** AWS refused it (AccessDenied, AccessDeniedException, UnauthorizedOperation). */
  | 'denied'
  /** Anything else (network, throttled past the retries, an emulator without the API): proves nothing either way. */
  | 'error';

/** One Support API call of the drill. */
export interface SupportCall {
  action: 'support:DescribeSeverityLevels' | 'support:DescribeCases';
  outcome: CallOutcome;
  /** ok: what AWS answered (`low, normal, high`; `2 open case(s)`); otherwise the error line. */
  detail: string;
  ms: number;
}

/** One probe of a call outside AWS Support; `ok` means the role was allowed and is a FAIL. */
export interface ProbeResult {
  action: string;
  outcome: CallOutcome;
  detail: string;
}

/** What --test-case did. */
export interface TestCaseResult {
  outcome: 'created-and-resolved' | 'created-not-resolved' | 'skipped' | 'denied' | 'error';
  caseId?: string;
  detail: string;
}

/** Step durations in milliseconds; a step that did not run is absent. */
export interface DrillTimings {
  /** Resolving the caller's credentials and sts:GetCallerIdentity (shared by every account of an org drill). */
  credentialsMs: number;
  /** Finding the support role in the caller's account (only without --role-arn). */
  discoverMs?: number;
  assumeRoleMs?: number;
  /** From the session being ready to the Support API's first authorised answer. */
  firstSupportAnswerMs?: number;
  /** The CreateCase call of --test-case. */
  caseCreatedMs?: number;
}

/** The drill of one account's support role. */
export interface AccountDrill {
  accountId: string;
  accountName?: string;
  roleArn: string;
  /** The assumed-role session (`arn:…:sts::ACCT:assumed-role/ROLE/SESSION`), as CloudTrail will name it. */
  sessionArn?: string;
  verdict: 'PASS' | 'FAIL' | 'ERROR';
  /** One line per reason for a FAIL or ERROR; empty on PASS. */
  reasons: string[];
  /** Facts worth saying that are neither (the Basic/Developer plan). */
  notes: string[];
  /** Set when the role could not be entered; nothing else ran. */
  assumeError?: string;
  support: SupportCall[];
  probes: ProbeResult[];
  testCase?: TestCaseResult;
  timings: DrillTimings;
  /** Sum of the steps up to the first Support answer (with --test-case: up to the case created); null if never reached. */
  timeToEngageMs: number | null;
}

/** A whole drill run. */
export interface DrillResult {
  startedAt: string;
  mode: 'account' | 'org';
  caller: CallerIdentity;
  testCase: boolean;
  accounts: AccountDrill[];
  /** Org mode: accounts listed but not ACTIVE (never entered), named so they are not silently missing. */
  skipped: SkippedAccount[];
  /** Org mode: repaired oddities of the account listing (an account listed twice), for stderr. */
  warnings: string[];
  summary: { total: number; PASS: number; FAIL: number; ERROR: number };
}

/** Marks a drill line in the history file (the same JSON Lines file scans append to). */
export const DRILL_KIND = 'supportguard-drill';

/** One account of a drill as the history keeps it: the verdict and the times, never any credential. */
export interface DrillHistoryAccount {
  accountId: string;
  accountName?: string;
  roleArn: string;
  verdict: 'PASS' | 'FAIL' | 'ERROR';
  /**
   * Milliseconds from the start of the drill to the role's first Support answer (or, with --test-case, to the case
   * being created): the drill's time to engage support. null when the role never got that far.
   */
  timeToEngageMs: number | null;
  /** Duration of each step in milliseconds (absent: the step did not run). */
  timings: { credentialsMs: number; discoverMs?: number; assumeRoleMs?: number; firstSupportAnswerMs?: number; caseCreatedMs?: number };
  /** How the Support API answered: ok, subscription-required (Basic/Developer plan), denied, error. */
  supportApi?: 'ok' | 'subscription-required' | 'denied' | 'error';
  /** Probes (`s3:ListBuckets`…) the role was allowed: each one a FAIL. */
  probesAllowed: string[];
  /** What --test-case did; absent when it was not asked for. */
  testCase?: 'created-and-resolved' | 'created-not-resolved' | 'skipped' | 'denied' | 'error';
  /** The one-line reasons behind a FAIL or ERROR. */
  reasons: string[];
}

/** One line of the history per drill run. */
export interface DrillHistoryRecord {
  kind: typeof DRILL_KIND;
  schemaVersion: 1;
  time: string;
  tool: { name: string; version: string };
  testCase: boolean;
  accounts: DrillHistoryAccount[];
  summary: { total: number; PASS: number; FAIL: number; ERROR: number };
}

/** Why a parsed line is not a usable drill record, or undefined when it is one. */
export function validateDrillRecord(raw: Record<string, unknown>): string | undefined {
  const r = raw as Partial<DrillHistoryRecord>;
  if (r.schemaVersion !== 1) return `unsupported drill schemaVersion ${JSON.stringify(r.schemaVersion)}`;
  if (typeof r.time !== 'string' || Number.isNaN(Date.parse(r.time))) return 'time is not an ISO date';
  if (!Array.isArray(r.accounts)) return 'accounts is not a list';
  for (const a of r.accounts) {
    if (!a || typeof a.accountId !== 'string' || !['PASS', 'FAIL', 'ERROR'].includes(a.verdict)) return 'a drill account lacks accountId or verdict';
    if (a.timeToEngageMs !== null && (typeof a.timeToEngageMs !== 'number' || !Number.isFinite(a.timeToEngageMs) || a.timeToEngageMs < 0)) return 'a drill account has no valid timeToEngageMs';
  }
  return undefined;
}

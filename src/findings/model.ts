import type { Partition } from '../snapshot/model.js';

/**
 * PASS / FAIL: the check ran on complete data. ERROR: it could not be judged (access denied,
 * throttled, malformed data); never turned into PASS or FAIL. INFO: worth knowing, not a verdict.
 */
export type Status = 'PASS' | 'FAIL' | 'ERROR' | 'INFO';

export const STATUSES: readonly Status[] = ['PASS', 'FAIL', 'ERROR', 'INFO'];

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Orders severities: info < low < medium < high < critical. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** A control in a framework that a check maps to. */
export interface FrameworkReference {
  framework: 'CIS AWS Foundations Benchmark' | 'AWS Security Hub' | 'NIST SP 800-171' | 'PCI DSS' | string;
  version: string;
  control: string;
}

/** Where in a source file a finding points (IaC gate, SARIF). */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** One result of one check about one resource. */
export interface Finding {
  checkId: string;
  title: string;
  status: Status;
  severity: Severity;
  accountId: string;
  accountName?: string;
  partition: Partition;
  /** The resource judged: a role ARN, or the account (`arn:<partition>:iam::<account>:root`). */
  resourceArn: string;
  resourceType: 'AwsAccount' | 'AwsIamRole' | 'AwsIamUser' | 'AwsIamPolicy' | string;
  /** Stable id of the message template (tests and suppressions key on it). */
  messageId: string;
  /** The reason, in one or two sentences. */
  message: string;
  /** How to fix it (empty for PASS). */
  remediation: string;
  references: FrameworkReference[];
  details?: Record<string, unknown>;
  location?: SourceLocation;
  /** The tags of the resource when it is a role of the snapshot with tags (ASFF `Resources[].Tags`, CSV). */
  resourceTags?: Record<string, string>;
  /**
   * Set when an active suppression of `supportguard.yml` matched this finding: it keeps its status (a FAIL stays a FAIL
   * underneath), is shown as SUPPRESSED in every format and is not counted by `--fail-on`.
   */
  suppression?: AppliedSuppression;
}

/** The suppression that matched a finding (see `Suppression` in src/config/types.ts). */
export interface AppliedSuppression {
  /** Index of the entry in the config's `suppressions` (stable reference for "matched nothing" reports). */
  index: number;
  reason: string;
  owner: string;
  /** ISO date `YYYY-MM-DD`. */
  expires: string;
}

/** One suppression entry as the report lists it (expired, or matching nothing). */
export interface SuppressionRef {
  index: number;
  check: string;
  owner: string;
  expires: string;
}

/** What the suppressions did in this run: printed on stderr and kept in the JSON report. */
export interface SuppressionReport {
  /** Findings marked SUPPRESSED. */
  suppressed: number;
  /** Entries past their expiry: inactive, their findings count again. */
  expired: SuppressionRef[];
  /** Active entries that matched no finding (stale: remove them, or the scope is wrong). */
  unmatched: SuppressionRef[];
  /** Accounts an OU-scoped entry could not be judged for: their OU path was not collected (scan --org --deep). */
  ouPathUnknown: string[];
}

/** The account resource ARN used for account-level findings. */
export function accountResourceArn(partition: Partition, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

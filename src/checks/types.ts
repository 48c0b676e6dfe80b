import type { FrameworkReference, Severity, Status } from '../findings/model.js';
import type { ResolvedPolicy } from '../org-policy/policy.js';
import type { AccountSnapshot } from '../snapshot/model.js';

/** The parts of a snapshot a check may need. */
export type DataKey = 'iam' | 'supportPolicyUsage' | 'cloudTrail' | 'eventBridge' | 'cloudWatch' | 'serviceControlPolicies' | 'supportPlan';

/** What a check needs from the snapshot. */
export interface DataRequirement {
  /** Every one of these must have been collected. */
  allOf?: DataKey[];
  /** At least one of these must have been collected; the first collected one is used. */
  anyOf?: DataKey[];
  /**
   * What to do when the data was not collected at all (not a failure: e.g. a fast scan without --deep).
   * 'skip' for quality checks; 'error' for the CIS verdict, which every account must get.
   */
  whenNotCollected: 'skip' | 'error';
}

/** One outcome a check reports; the engine turns it into a Finding. */
export interface CheckOutcome {
  status: Status;
  /** A key of the check's `messages`. */
  messageId: string;
  /** Values for the `{{placeholders}}` of the message. */
  params?: Record<string, string | number>;
  /** Defaults to the account resource. */
  resourceArn?: string;
  resourceType?: string;
  /** Overrides the check's severity for this outcome (e.g. a wildcard trust is worse than a missing tag). */
  severity?: Severity;
  details?: Record<string, unknown>;
}

/**
 * What the engine knows beside the snapshot, the same for every check of one account. Empty when the library is
 * used without an organization policy: every check then judges as it always did.
 */
export interface CheckContext {
  /** The organization's support-role policy (`supportguard.yml`) resolved for this account by id and OU path. */
  policy?: ResolvedPolicy;
}

/**
 * A check: metadata plus one pure function of the account snapshot.
 * `id` is kebab-case and is also the docs page name (`docs/checks/<id>.md`) and the SARIF ruleId.
 */
export interface Check {
  id: string;
  /** What is checked, phrased as the good state (not "Ensure …"). */
  title: string;
  description: string;
  severity: Severity;
  /** Why this severity. */
  severityReason: string;
  references: FrameworkReference[];
  /** Message templates with `{{placeholders}}`, keyed by message id. */
  messages: Record<string, string>;
  /** How to fix a FAIL; may use the same placeholders as the message. */
  remediation: string;
  requires: DataRequirement;
  /**
   * Why the check has nothing to judge on this kind of input although its data is there (e.g. infrastructure as
   * code holds no usage history); undefined when it runs. Such a check is listed as "Not run: … because …".
   */
  notRunBecause?(account: AccountSnapshot, context?: CheckContext): string | undefined;
  /** Pure: the same snapshot and context give the same outcomes (the engine always passes a context; tests may not). */
  evaluate(account: AccountSnapshot, context?: CheckContext): CheckOutcome[];
}

/** Defaults of a live scan, in a module without the SDK so the CLI can show them in --help without loading it. */

/** Role assumed in member accounts; Control Tower landing zones use AWSControlTowerExecution instead. */
export const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';

/** Accounts drilled at the same time (drill --org): each drill opens Support API sessions, so it stays modest. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * The most accounts a scan reads at once (--concurrency). The scan starts at INITIAL_SCAN_CONCURRENCY and adapts between
 * 1 and this ceiling: it grows while calls succeed and halves on Throttling (docs/scale.md). 64 accounts in flight make
 * about 64 / (2.5 calls × latency) AssumeRole calls a second: ~250/s at 100 ms. STS publishes no rate figure we could
 * confirm; when the caller's quota is lower, the adaptive limit finds it.
 */
export const DEFAULT_SCAN_CONCURRENCY = 64;

/** Where the adaptive scan concurrency starts. */
export const INITIAL_SCAN_CONCURRENCY = 8;

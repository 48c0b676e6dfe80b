/** Defaults of a live scan, in a module without the SDK so the CLI can show them in --help without loading it. */

/** Role assumed in member accounts; Control Tower landing zones use AWSControlTowerExecution instead. */
export const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';

/** Accounts read at the same time: well under IAM's per-account and STS's per-caller request rates. */
export const DEFAULT_CONCURRENCY = 8;

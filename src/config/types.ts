import type { Severity } from '../findings/model.js';

export type { AppliedSuppression } from '../findings/model.js';

/**
 * The organization's own decisions, as read from `supportguard.yml` (YAML or JSON) once it has been validated against
 * the shipped JSON Schema. Every key is optional; an unknown key is an error (the schema has additionalProperties false).
 *
 * Patterns of principals and roles are IAM-style wildcards (`*` any run of characters, `?` one character), matched
 * case-sensitively on the whole ARN, as IAM matches ARNs in `ArnLike`. Patterns of tag values and role names are
 * JavaScript regular expressions (anchored by the user when they mean it), checked to compile at load time.
 */
export interface SupportguardConfig {
  /** Format version of the file; 1 today. */
  version?: 1;
  /**
   * Defaults for command-line flags, per command (`scan`, `audit`, `drill`, …) plus `all` for every command that has the
   * flag. Keys are the flags' long names without the dashes (`member-role-name`, `fail-on`, `concurrency`). A flag
   * given on the command line always wins; then the command's section; then `all`; then the built-in default.
   */
  defaults?: Partial<Record<string, Record<string, string | number | boolean | string[]>>>;
  /** Which checks run and how bad their FAILs are. */
  checks?: ChecksPolicy;
  /** Who should be able to assume a support role. */
  responders?: ApprovedResponder[];
  /** Accounts outside the organization that are expected in trust policies (an MSP, a support partner). */
  thirdParties?: KnownThirdParty[];
  /** Tags every support role must carry. */
  tagging?: TaggingPolicy;
  /** The naming convention of support roles. */
  naming?: NamingPolicy;
  /** Accepted exceptions, each with an owner and an expiry. */
  suppressions?: Suppression[];
}

export interface ChecksPolicy {
  /** Only these checks run (as `--check`). */
  enabled?: string[];
  /** These checks never run. */
  disabled?: string[];
  /** Severity of a check's findings, overriding the check's own (and an outcome's own). */
  severity?: Record<string, Severity>;
}

/** Where an entry applies: accounts and/or OUs (ids); absent or empty means the whole organization. */
export interface Scope {
  accounts?: string[];
  /** OU ids (`ou-abcd-12345678`) or the root id (`r-abcd`); an account matches when the OU is on its path. */
  ous?: string[];
}

/**
 * One approved responder. Exactly one of `principal`, `samlProvider`, `permissionSet` is set.
 * - `principal`: an IAM role or user ARN or wildcard pattern (`arn:aws:iam::111122223333:role/IncidentResponder`,
 *   `arn:aws:iam::*:role/Responders/*`).
 * - `samlProvider`: a SAML provider ARN or pattern (federated principals that can assume the role through it).
 * - `permissionSet`: an IAM Identity Center permission set by name; it matches the roles Identity Center creates for it
 *   (`arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/<region?>/AWSReservedSSO_<name>_<hex>`).
 */
export interface ApprovedResponder {
  principal?: string;
  samlProvider?: string;
  permissionSet?: string;
  /** Where this responder is approved; absent means every account. */
  scope?: Scope;
  /** Free text for the access review (a team, a ticket). */
  description?: string;
}

export interface KnownThirdParty {
  /** 12-digit account id. */
  accountId: string;
  /** Who it is ("Acme MSP"): shown in findings instead of "foreign account". */
  name: string;
  /** Trust in this account must carry an sts:ExternalId condition (the confused-deputy rule); default true. */
  requireExternalId?: boolean;
}

export interface TagRule {
  /** The value must be one of these. */
  values?: string[];
  /** The value must match this regular expression. */
  pattern?: string;
}

export interface TaggingPolicy {
  /** Tag key → rule; an empty rule means "present and not empty". */
  required?: Record<string, TagRule>;
}

export interface NamingPolicy {
  /** Regular expression the support role's name must match (its own finding, not part of the tag check). */
  rolePattern?: string;
}

export interface Suppression {
  /** Check id the suppression applies to. */
  check: string;
  /** Optional: only this message id of the check. */
  messageId?: string;
  /** Accounts/OUs, plus role ARN patterns (wildcards as above); absent means everywhere. */
  scope?: Scope & { roles?: string[] };
  reason: string;
  owner: string;
  /** ISO date `YYYY-MM-DD`; the suppression is inactive from the day after (UTC) and warned about. */
  expires: string;
}

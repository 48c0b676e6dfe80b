import type { AccessChange } from '../history/access.js';

/** Whether the organization approved a principal: `approved`/`not-approved` need a responder list in supportguard.yml. */
export type Approval = 'approved' | 'not-approved' | 'not-configured' | 'not-a-responder';

/** One principal that can assume a support role. */
export interface ReviewPrincipal {
  /** `user arn:…`, `role arn:…`, `account 222222222222 (foreign)`, `federated: Okta`, `service ec2.amazonaws.com`. */
  principal: string;
  arn?: string;
  who: 'responder' | 'service' | 'anyone';
  /** What it must bring: `MFA`, `ExternalId`, other condition keys (`aws:SourceIp`); empty when nothing. */
  conditions: string[];
  approval: Approval;
  /** The supportguard.yml entry that approves it. */
  approvedAs?: string;
}

/** One support role under review. */
export interface ReviewRole {
  accountId: string;
  accountName?: string;
  roleArn: string;
  roleName: string;
  /** False when who can assume it was not judged (no full IAM data, trust policy unknown): `principals` is then empty. */
  judged: boolean;
  principals: ReviewPrincipal[];
  /** Principals of the account that can assume it beyond those listed. */
  notListed?: number;
  /**
   * Changes since the previous scan; undefined when there is no previous scan, or it did not record this role's
   * assumers (a line written before the history carried them): unknown, not "no change".
   */
  changes?: AccessChange[];
  /** Why `changes` is unknown although there is a previous scan. */
  changesUnknownBecause?: 'account-not-in-previous-scan' | 'not-recorded';
}

/** The access review: `supportguard review`'s JSON output. */
export interface Review {
  kind: 'supportguard-review';
  schemaVersion: 1;
  generatedAt: string;
  /** True when supportguard.yml lists approved responders (otherwise approval is `not-configured`). */
  responderPolicy: boolean;
  /** The file the responder list came from, when known. */
  policyFile?: string;
  /** The history scan the changes are against. */
  previousScan?: { time: string; file: string };
  roles: ReviewRole[];
  /** Accounts whose verdict was ERROR: nothing about them is known. */
  accountsNotReviewed: { accountId: string; reason: string }[];
  /** Accounts that were read and have no support role (the CIS check fails them). */
  accountsWithoutSupportRole: string[];
  summary: { roles: number; principals: number; unapproved: number; changes: number };
}

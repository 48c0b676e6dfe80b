import type { AuditResult } from '../checks/engine.js';
import { PRIMARY_CHECK_ID } from '../checks/engine.js';
import { ACCESS_CHECK_ID, conditionsOf, diffRoleAccess, roleAccessFromResult } from '../history/access.js';
import type { HistoryRecord, RoleAccessEntry } from '../history/record.js';
import type { Review, ReviewPrincipal, ReviewRole } from './model.js';

/**
 * The previous scan to compare with: the latest scan record of the history made before `before` (the time the
 * reviewed input was collected, when known), so that `scan --save DIR --history FILE` followed by `review DIR
 * --history FILE` compares with the scan before, not with itself. Undefined when there is none.
 */
export function previousScan(records: readonly HistoryRecord[], before?: number): HistoryRecord | undefined {
  const usable = records.filter((r) => before === undefined || Date.parse(r.time) < before);
  return [...usable].sort((a, b) => Date.parse(b.time) - Date.parse(a.time))[0];
}

function approvalOf(a: RoleAccessEntry, responderPolicy: boolean): Pick<ReviewPrincipal, 'approval' | 'approvedAs'> {
  if (a.who === 'service') return { approval: 'not-a-responder' };
  // A wildcard any stranger can use is never approved, list or no list.
  if (a.who === 'anyone') return { approval: 'not-approved' };
  if (!responderPolicy) return { approval: 'not-configured' };
  return a.approvedAs ? { approval: 'approved', approvedAs: a.approvedAs } : { approval: 'not-approved' };
}

/** Support role ARNs per account, as the CIS check reported them. */
function supportRolesOf(result: AuditResult, accountId: string): string[] {
  const arns = new Set<string>();
  for (const f of result.findings) {
    if (f.accountId !== accountId || f.checkId !== PRIMARY_CHECK_ID) continue;
    const list = f.details?.supportRoles;
    if (Array.isArray(list)) for (const a of list) if (typeof a === 'string') arns.add(a);
  }
  return [...arns];
}

/**
 * Builds the access review from an audit result that ran the CIS and effective-access checks (with the organization's
 * responder list when there is one), and compares each role with the previous scan of the history.
 */
export function buildReview(result: AuditResult, o: { generatedAt: string; responderPolicy: boolean; policyFile?: string; previous?: { record: HistoryRecord; file: string } }): Review {
  const access = roleAccessFromResult(result);
  const roles: ReviewRole[] = [];
  const accountsNotReviewed: Review['accountsNotReviewed'] = [];
  const accountsWithoutSupportRole: string[] = [];
  for (const account of result.accounts) {
    if (account.status === 'ERROR') {
      accountsNotReviewed.push({ accountId: account.accountId, reason: account.message });
      continue;
    }
    // The effective-access check itself could not judge (an operator it does not know, a failed part): said, not hidden.
    const accessError = result.findings.find((f) => f.accountId === account.accountId && f.checkId === ACCESS_CHECK_ID && f.status === 'ERROR');
    if (accessError) accountsNotReviewed.push({ accountId: account.accountId, reason: accessError.message });
    const arns = supportRolesOf(result, account.accountId);
    if (arns.length === 0) accountsWithoutSupportRole.push(account.accountId);
    const before = o.previous?.record.accounts.find((a) => a.accountId === account.accountId);
    for (const arn of arns.sort()) {
      const now = access.get(arn);
      const role: ReviewRole = { accountId: account.accountId, roleArn: arn, roleName: arn.slice(arn.lastIndexOf('/') + 1), judged: !!now, principals: [] };
      if (account.accountName) role.accountName = account.accountName;
      if (now) {
        role.principals = now.assumers.map((a) => {
          const p: ReviewPrincipal = { principal: a.principal, who: a.who, conditions: conditionsOf(a), ...approvalOf(a, o.responderPolicy) };
          if (a.arn) p.arn = a.arn;
          return p;
        });
        if (now.notListed) role.notListed = now.notListed;
        const then = before?.supportRoles.find((r) => r.arn === arn);
        // A role new since the previous scan: everyone is new, if that scan recorded assumers at all (old lines did not).
        const recorded = !!before && (before.supportRoles.length === 0 || before.supportRoles.some((r) => r.assumers));
        if (o.previous && recorded && !then) role.changes = diffRoleAccess([], now.assumers, { accountId: account.accountId, roleArn: arn, roleName: role.roleName, since: o.generatedAt, previousScan: o.previous.record.time });
        else if (o.previous && then?.assumers) role.changes = diffRoleAccess(then.assumers, now.assumers, { accountId: account.accountId, roleArn: arn, roleName: role.roleName, since: o.generatedAt, previousScan: o.previous.record.time });
      }
      if (o.previous && !role.changes) role.changesUnknownBecause = before ? 'not-recorded' : 'account-not-in-previous-scan';
      roles.push(role);
    }
  }
  const review: Review = {
    kind: 'supportguard-review',
    schemaVersion: 1,
    generatedAt: o.generatedAt,
    responderPolicy: o.responderPolicy,
    roles,
    accountsNotReviewed,
    accountsWithoutSupportRole,
    summary: {
      roles: roles.length,
      principals: roles.reduce((n, r) => n + r.principals.length, 0),
      unapproved: roles.reduce((n, r) => n + r.principals.filter((p) => p.approval === 'not-approved').length, 0),
      changes: roles.reduce((n, r) => n + (r.changes?.length ?? 0), 0),
    },
  };
  if (o.previous) review.previousScan = { time: o.previous.record.time, file: o.previous.file };
  if (o.policyFile && o.responderPolicy) review.policyFile = o.policyFile;
  return review;
}

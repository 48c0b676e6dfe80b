import type { AuditResult } from '../checks/engine.js';
import { supportRoles } from '../checks/cis-support-role/index.js';
import { STATUSES, type Status } from '../findings/model.js';
import { summarize, type Summary } from '../report/summary.js';
import { parseArn } from '../snapshot/arn.js';
import type { AccountSnapshot } from '../snapshot/model.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { roleAccessFromResult, type RoleAccess } from './access.js';

/** Marks a scan history line. */
export const HISTORY_KIND = 'supportguard-scan';

/** One principal that could assume a support role at scan time, and what it had to bring. */
export interface RoleAccessEntry {
  /** As the effective-access check names it: `user arn:…`, `account 222222222222 (foreign)`, `federated: Okta`. */
  principal: string;
  arn?: string;
  who: 'responder' | 'service' | 'anyone';
  requiresMfa: boolean;
  requiresExternalId: boolean;
  otherConditions: string[];
  /**
   * The approved-responder entry of supportguard.yml that covers it; null when none does; absent when the scan had no
   * responder list (or for services, which are never responders).
   */
  approvedAs?: string | null;
}

/** A support role as one scan saw it. */
export interface SupportRoleUse {
  arn: string;
  name: string;
  /**
   * RoleLastUsed date: an ISO time; `null` when AWS says the role was never used (within its
   * 400-day tracking window); absent when the source did not say (fast path, IaC, old exports).
   */
  lastUsed?: string | null;
  lastUsedRegion?: string;
  /**
   * Who could assume the role (support-role-effective-access). Absent in lines written before the history carried it,
   * and when the check did not judge the role (fast scan, IaC, trust policy unknown): absent is "not known", never "nobody".
   */
  assumers?: RoleAccessEntry[];
  /** Principals of the account that could assume it beyond those listed (the check lists a bounded number). */
  assumersNotListed?: number;
}

/** One account in a history line. */
export interface HistoryAccount {
  accountId: string;
  accountName?: string;
  status: 'PASS' | 'FAIL' | 'ERROR';
  supportRoles: SupportRoleUse[];
  /**
   * Roles and users with AdministratorAccess attached, when the scan had full IAM data; `kpi` uses
   * them to tell an administrator opening a support case from anyone else.
   */
  adminPrincipals?: string[];
}

/** One line of the scan history (JSON Lines): what one run found, small enough to keep for years. */
export interface HistoryRecord {
  kind: typeof HISTORY_KIND;
  schemaVersion: 1;
  time: string;
  tool: { name: string; version: string };
  summary: Summary;
  accounts: HistoryAccount[];
  /** Finding counts by check id and status. */
  checks: Record<string, Record<Status, number>>;
}

const isAdministratorAccess = (arn: string) => {
  const p = parseArn(arn);
  return !!p && p.service === 'iam' && p.accountId === 'aws' && p.resource === 'policy/AdministratorAccess';
};

function rolesFromSnapshot(s: AccountSnapshot): { roles: SupportRoleUse[]; admins: string[] } | undefined {
  if (s.iam?.status !== 'ok') return undefined;
  const roles = supportRoles(s.iam.data).map((r) => {
    const use: SupportRoleUse = { arn: r.arn, name: r.name };
    if (r.lastUsed !== undefined) {
      use.lastUsed = r.lastUsed.date ?? null;
      if (r.lastUsed.region) use.lastUsedRegion = r.lastUsed.region;
    }
    return use;
  });
  const admins = [...s.iam.data.roles, ...s.iam.data.users].filter((p) => p.attachedManagedPolicies.some((a) => isAdministratorAccess(a.arn))).map((p) => p.arn);
  return { roles, admins };
}

/** Support role ARNs as the CIS check reported them (when no snapshot is at hand, e.g. a saved JSON report). */
function rolesFromFindings(result: AuditResult, accountId: string): SupportRoleUse[] {
  const arns = new Set<string>();
  for (const f of result.findings) {
    if (f.accountId !== accountId || f.status !== 'PASS') continue;
    const list = f.details?.supportRoles;
    if (Array.isArray(list)) for (const a of list) if (typeof a === 'string') arns.add(a);
  }
  return [...arns].map((arn) => ({ arn, name: arn.slice(arn.lastIndexOf('/') + 1) }));
}

function addAccess(r: SupportRoleUse, access: RoleAccess | undefined): SupportRoleUse {
  if (!access) return r;
  const out: SupportRoleUse = { ...r, assumers: access.assumers };
  if (access.notListed) out.assumersNotListed = access.notListed;
  return out;
}

/**
 * Summarises one run for the history: per-account verdicts, support roles with their last use
 * (from the snapshots when given) and who could assume them (from the effective-access findings), the summary and
 * counts by check.
 */
export function buildHistoryRecord(result: AuditResult, o: { time: string; snapshots?: readonly AccountSnapshot[] }): HistoryRecord {
  const checks: HistoryRecord['checks'] = {};
  for (const f of result.findings) {
    const counts = (checks[f.checkId] ??= Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>);
    counts[f.status]++;
  }
  const access = roleAccessFromResult(result);
  const withAccess = (r: SupportRoleUse): SupportRoleUse => addAccess(r, access.get(r.arn));
  const accounts = result.accounts.map((a) => {
    const snap = o.snapshots?.find((s) => s.accountId === a.accountId);
    const fromSnap = snap ? rolesFromSnapshot(snap) : undefined;
    const entry: HistoryAccount = { accountId: a.accountId, status: a.status, supportRoles: (fromSnap?.roles ?? rolesFromFindings(result, a.accountId)).map(withAccess) };
    if (a.accountName) entry.accountName = a.accountName;
    if (fromSnap) entry.adminPrincipals = fromSnap.admins;
    return entry;
  });
  return { kind: HISTORY_KIND, schemaVersion: 1, time: o.time, tool: { name: TOOL_NAME, version: VERSION }, summary: summarize(result), accounts, checks };
}

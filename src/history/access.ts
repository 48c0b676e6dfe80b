import type { AuditResult } from '../checks/engine.js';
import type { HistoryRecord, RoleAccessEntry } from './record.js';

/** The check whose findings say who can assume each support role (its details carry the assumers). */
export const ACCESS_CHECK_ID = 'support-role-effective-access';

/** Who could assume one support role, as one scan judged it. */
export interface RoleAccess {
  assumers: RoleAccessEntry[];
  /** Principals of the account that could assume it but were not listed (the check lists at most a bounded number). */
  notListed?: number;
}

interface AccessDetails {
  assumers?: { principal?: unknown; arn?: unknown; who?: unknown; scope?: unknown; requiresMfa?: unknown; requiresExternalId?: unknown; otherConditions?: unknown }[];
  counts?: { assumers?: unknown };
  approval?: Record<string, string | null>;
}

/**
 * Per support role ARN, who can assume it: read from the effective-access findings of a result (their details),
 * so the history, the review and the JSON report say the same thing. A role nobody can assume has an empty list;
 * a role the check did not judge (trust unknown, IaC, check not run) has no entry.
 */
export function roleAccessFromResult(result: AuditResult): Map<string, RoleAccess> {
  const out = new Map<string, RoleAccess>();
  for (const f of result.findings) {
    if (f.checkId !== ACCESS_CHECK_ID || f.resourceType !== 'AwsIamRole' || (f.status !== 'PASS' && f.status !== 'FAIL')) continue;
    const d = (f.details ?? {}) as AccessDetails;
    const listed = Array.isArray(d.assumers) ? d.assumers : [];
    const assumers = listed.flatMap((a): RoleAccessEntry[] => {
      if (typeof a?.principal !== 'string') return [];
      const who = a.who === 'service' || a.who === 'anyone' ? a.who : 'responder';
      const entry: RoleAccessEntry = {
        principal: a.principal,
        who,
        requiresMfa: a.requiresMfa === true,
        requiresExternalId: a.requiresExternalId === true,
        otherConditions: Array.isArray(a.otherConditions) ? a.otherConditions.filter((k): k is string => typeof k === 'string') : [],
      };
      if (typeof a.arn === 'string') entry.arn = a.arn;
      if (d.approval && Object.hasOwn(d.approval, a.principal)) entry.approvedAs = d.approval[a.principal] ?? null;
      return [entry];
    });
    const access: RoleAccess = { assumers };
    const inSnapshot = typeof d.counts?.assumers === 'number' ? d.counts.assumers : undefined;
    const listedInSnapshot = listed.filter((a) => a?.scope === 'snapshot').length;
    if (inSnapshot !== undefined && inSnapshot > listedInSnapshot) access.notListed = inSnapshot - listedInSnapshot;
    const existing = out.get(f.resourceArn);
    if (!existing) out.set(f.resourceArn, access);
  }
  return out;
}

/** How the access to a support role changed between two scans. */
export type AccessChangeKind = 'added' | 'removed' | 'weakened' | 'strengthened';

export interface AccessChange {
  kind: AccessChangeKind;
  accountId: string;
  roleArn: string;
  roleName: string;
  principal: string;
  /** The scan where the change was first seen, and the one before it. */
  since: string;
  previousScan: string;
  /** What changed in the conditions (`MFA no longer required`, `ExternalId now required`, `aws:SourceIp dropped`). */
  detail?: string;
  /** The principal's conditions now (added, weakened, strengthened) or before (removed). */
  conditions: string[];
}

/** `MFA`, `ExternalId`, other keys: what the principal must bring. */
export function conditionsOf(a: Pick<RoleAccessEntry, 'requiresMfa' | 'requiresExternalId' | 'otherConditions'>): string[] {
  return [...(a.requiresMfa ? ['MFA'] : []), ...(a.requiresExternalId ? ['ExternalId'] : []), ...a.otherConditions];
}

const keyOf = (a: RoleAccessEntry) => a.arn ?? a.principal;

/** Compares one role's assumers between two scans: principals added and removed, conditions weakened or strengthened. */
export function diffRoleAccess(before: readonly RoleAccessEntry[], after: readonly RoleAccessEntry[], at: Omit<AccessChange, 'kind' | 'principal' | 'detail' | 'conditions'>): AccessChange[] {
  const old = new Map(before.map((a) => [keyOf(a), a]));
  const now = new Map(after.map((a) => [keyOf(a), a]));
  const changes: AccessChange[] = [];
  for (const [k, a] of now) {
    const b = old.get(k);
    if (!b) {
      changes.push({ ...at, kind: 'added', principal: a.principal, conditions: conditionsOf(a) });
      continue;
    }
    const dropped: string[] = [];
    const gained: string[] = [];
    if (b.requiresMfa && !a.requiresMfa) dropped.push('MFA no longer required');
    if (!b.requiresMfa && a.requiresMfa) gained.push('MFA now required');
    if (b.requiresExternalId && !a.requiresExternalId) dropped.push('ExternalId no longer required');
    if (!b.requiresExternalId && a.requiresExternalId) gained.push('ExternalId now required');
    for (const c of b.otherConditions) if (!a.otherConditions.includes(c)) dropped.push(`${c} condition dropped`);
    for (const c of a.otherConditions) if (!b.otherConditions.includes(c)) gained.push(`${c} condition added`);
    // A dropped condition is the news, even when another was added: a weaker path in is what a review must see.
    if (dropped.length > 0) changes.push({ ...at, kind: 'weakened', principal: a.principal, detail: [...dropped, ...gained].join(', '), conditions: conditionsOf(a) });
    else if (gained.length > 0) changes.push({ ...at, kind: 'strengthened', principal: a.principal, detail: gained.join(', '), conditions: conditionsOf(a) });
  }
  for (const [k, b] of old) if (!now.has(k)) changes.push({ ...at, kind: 'removed', principal: b.principal, conditions: conditionsOf(b) });
  return changes;
}

/**
 * Every access change across a history, scan by scan: each account's support roles compared with the previous scan of
 * that account that recorded who could assume them. Lines written before the history carried assumers are skipped,
 * never read as "everyone was removed".
 */
export function accessChangesOverTime(history: readonly HistoryRecord[]): AccessChange[] {
  const scans = [...history].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const last = new Map<string, { time: string; assumers: RoleAccessEntry[] }>();
  const changes: AccessChange[] = [];
  for (const h of scans) {
    for (const a of h.accounts) {
      for (const r of a.supportRoles) {
        if (!r.assumers) continue;
        const key = `${a.accountId}|${r.arn}`;
        const prev = last.get(key);
        if (prev) changes.push(...diffRoleAccess(prev.assumers, r.assumers, { accountId: a.accountId, roleArn: r.arn, roleName: r.name, since: h.time, previousScan: prev.time }));
        last.set(key, { time: h.time, assumers: r.assumers });
      }
    }
  }
  return changes;
}

/** One line for people: `new principal user arn:… (with MFA) can assume SupportRole in 123456789012 since 2026-11-30`. */
export function describeAccessChange(c: AccessChange): string {
  const day = c.since.slice(0, 10);
  const withWhat = c.conditions.length ? ` (with ${c.conditions.join(', ')})` : '';
  switch (c.kind) {
    case 'added':
      return `new principal ${c.principal}${withWhat} can assume ${c.roleName} in ${c.accountId} since ${day}`;
    case 'removed':
      return `${c.principal} can no longer assume ${c.roleName} in ${c.accountId} since ${day}`;
    case 'weakened':
      return `${c.principal} can assume ${c.roleName} in ${c.accountId} with weaker conditions since ${day}: ${c.detail ?? ''}`;
    case 'strengthened':
      return `${c.principal} needs more to assume ${c.roleName} in ${c.accountId} since ${day}: ${c.detail ?? ''}`;
  }
}

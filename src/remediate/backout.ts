import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  type IAMClient,
  type ListAttachedRolePoliciesCommandOutput,
  type ListRolePoliciesCommandOutput,
  type ListRolesCommandOutput,
  type Role,
} from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import { isServiceLinkedRolePath } from '../snapshot/arn.js';
import { awsErrorText } from './apply.js';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE } from './spec.js';

/** A role considered for backout: what decides whether it may be deleted. */
export interface BackoutCandidate {
  roleName: string;
  roleArn: string;
  tags: Record<string, string>;
  /** RoleLastUsed.LastUsedDate (ISO); undefined when AWS says it was never used (or does not track it yet). */
  lastUsed?: string;
}

export interface BackoutOptions {
  /** Refuse roles used within this many days (default 30). */
  recentDays: number;
  /** Delete even recently used roles. */
  force?: boolean;
  /** Evaluation time, for deterministic tests. */
  now?: Date;
}

/** One role's fate in a backout plan. */
export interface BackoutEntry {
  roleName: string;
  roleArn: string;
  decision: 'delete' | 'refused';
  reason?: string;
  lastUsed?: string;
}

export interface BackoutPlan {
  entries: BackoutEntry[];
}

const DAY_MS = 86_400_000;

/**
 * Decides which roles to delete. Only roles tagged managed-by=supportguard are ever deleted; a role
 * someone used within `recentDays` is refused unless forced, because deleting it may be cutting off
 * a support case in progress.
 */
export function planBackout(candidates: BackoutCandidate[], o: BackoutOptions): BackoutPlan {
  const now = (o.now ?? new Date()).getTime();
  const entries = [...candidates]
    .sort((a, b) => a.roleArn.localeCompare(b.roleArn))
    .map((c): BackoutEntry => {
      const base: BackoutEntry = { roleName: c.roleName, roleArn: c.roleArn, decision: 'delete' };
      if (c.lastUsed) base.lastUsed = c.lastUsed;
      if (c.tags[MANAGED_BY_TAG] !== MANAGED_BY_VALUE) {
        return { ...base, decision: 'refused', reason: `not created by supportguard (no tag ${MANAGED_BY_TAG}=${MANAGED_BY_VALUE}); supportguard never deletes it` };
      }
      if (c.lastUsed && !o.force) {
        const days = Math.floor((now - Date.parse(c.lastUsed)) / DAY_MS);
        if (days < o.recentDays) {
          return { ...base, decision: 'refused', reason: `used ${days} day(s) ago (${c.lastUsed}), within --recent-days ${o.recentDays}; pass --force to delete it anyway` };
        }
      }
      return base;
    });
  return { entries };
}

function candidateOf(role: Role): BackoutCandidate {
  const tags: Record<string, string> = {};
  for (const t of role.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
  const c: BackoutCandidate = { roleName: role.RoleName!, roleArn: role.Arn!, tags };
  const d = role.RoleLastUsed?.LastUsedDate;
  if (d) c.lastUsed = new Date(d).toISOString();
  return c;
}

/**
 * Finds the roles backout may consider: the named one, or every role tagged managed-by=supportguard.
 * ListRoles returns neither tags nor RoleLastUsed, so each role is read with GetRole (4 at a time).
 */
export async function findBackoutCandidates(iam: IAMClient, roleName?: string): Promise<BackoutCandidate[]> {
  if (roleName) {
    try {
      const role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
      return role ? [candidateOf(role)] : [];
    } catch (e) {
      if ((e as { name?: string }).name === 'NoSuchEntityException') return [];
      throw e;
    }
  }
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page: ListRolesCommandOutput = await iam.send(new ListRolesCommand({ Marker: marker }));
    for (const r of page.Roles ?? []) if (r.RoleName && !isServiceLinkedRolePath(r.Path ?? '/')) names.push(r.RoleName);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  const limit = pLimit(4);
  const roles = await Promise.all(names.map((n) => limit(async () => (await iam.send(new GetRoleCommand({ RoleName: n }))).Role)));
  return roles.filter((r): r is Role => !!r).map(candidateOf).filter((c) => c.tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE);
}

/** What happened to one role. */
export interface BackoutOutcome {
  roleArn: string;
  status: 'deleted' | 'refused' | 'failed';
  reason?: string;
  /** What was removed before the role itself. */
  removed: string[];
}

async function deleteRole(iam: IAMClient, roleName: string, removed: string[]): Promise<void> {
  let marker: string | undefined;
  const attached: string[] = [];
  do {
    const page: ListAttachedRolePoliciesCommandOutput = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker }));
    for (const p of page.AttachedPolicies ?? []) if (p.PolicyArn) attached.push(p.PolicyArn);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  const inline: string[] = [];
  do {
    const page: ListRolePoliciesCommandOutput = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker: marker }));
    inline.push(...(page.PolicyNames ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  // IAM refuses DeleteRole (DeleteConflict) while policies are attached or inline ones exist.
  for (const arn of attached) {
    await iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn }));
    removed.push(`detached ${arn}`);
  }
  for (const name of inline) {
    await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
    removed.push(`deleted inline policy ${name}`);
  }
  await iam.send(new DeleteRoleCommand({ RoleName: roleName }));
}

/** Deletes the roles the plan marks for deletion; a failure on one role does not stop the others. */
export async function applyBackoutPlan(iam: IAMClient, plan: BackoutPlan): Promise<BackoutOutcome[]> {
  const out: BackoutOutcome[] = [];
  for (const e of plan.entries) {
    if (e.decision === 'refused') {
      out.push({ roleArn: e.roleArn, status: 'refused', reason: e.reason!, removed: [] });
      continue;
    }
    const removed: string[] = [];
    try {
      await deleteRole(iam, e.roleName, removed);
      out.push({ roleArn: e.roleArn, status: 'deleted', removed });
    } catch (err) {
      out.push({ roleArn: e.roleArn, status: 'failed', reason: awsErrorText(err), removed });
    }
  }
  return out;
}

/** Deterministic plan text. */
export function renderBackoutPlanText(plan: BackoutPlan, accountLabel: string): string {
  if (plan.entries.length === 0) return `Account ${accountLabel}: no roles created by supportguard; nothing to back out\n`;
  const lines = [`Account ${accountLabel}:`];
  for (const e of plan.entries) {
    if (e.decision === 'delete') {
      lines.push(`  - iam:DeleteRole ${e.roleArn} (after detaching its managed policies and deleting its inline policies)${e.lastUsed ? `; last used ${e.lastUsed}` : '; never used'}`);
    } else lines.push(`  refused: ${e.roleArn}: ${e.reason}`);
  }
  return lines.join('\n') + '\n';
}

import {
  AttachRolePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  type IAMClient,
  type Role,
} from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import { attachedPolicyArnsOf, getRole, inlinePolicyDocumentOf, inlinePolicyNamesOf, roleIsGone } from '../aws/iam-role.js';
import { listEveryItem } from '../aws/paginate.js';
import { isServiceLinkedRolePath } from '../snapshot/arn.js';
import { notOursText, ownershipProblems } from './ownership.js';
import { awsErrorText } from './apply.js';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE } from './spec.js';

/** A role considered for backout: what decides whether it may be deleted. */
export interface BackoutCandidate {
  roleName: string;
  roleArn: string;
  tags: Record<string, string>;
  /** ARNs of the managed policies attached to the role (every page). */
  attachedPolicyArns: string[];
  /** Names of the role's inline policies (every page). */
  inlinePolicyNames: string[];
  /** RoleLastUsed.LastUsedDate (ISO); undefined when AWS says it was never used (or does not track it yet). */
  lastUsed?: string;
}

export interface BackoutOptions {
  /** Refuse roles used within this many days (default 30). */
  recentDays: number;
  /** Delete even recently used roles, and roles holding more than AWSSupportAccess. */
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
  /** What deleting the role removes first; apply refuses to remove anything else. */
  attachedPolicyArns: string[];
  inlinePolicyNames: string[];
}

export interface BackoutPlan {
  entries: BackoutEntry[];
}

const DAY_MS = 86_400_000;

/** Why a tagged role is not proven to be supportguard's (see ownershipProblems), or undefined when it is. */
function unexpectedPolicies(c: BackoutCandidate): string | undefined {
  const problems = ownershipProblems(c);
  return problems.length ? `${notOursText(problems)}; pass --force to delete it anyway` : undefined;
}

/**
 * Decides which roles to delete. Only roles tagged managed-by=supportguard are ever deleted. Unless
 * forced, a tagged role is also refused when its policies are not exactly what supportguard attaches
 * (AWSSupportAccess of the partition, nothing inline), and when someone used it within `recentDays`,
 * because deleting it may be cutting off a support case in progress.
 */
export function planBackout(candidates: BackoutCandidate[], o: BackoutOptions): BackoutPlan {
  const now = (o.now ?? new Date()).getTime();
  const entries = [...candidates]
    .sort((a, b) => a.roleArn.localeCompare(b.roleArn))
    .map((c): BackoutEntry => {
      const base: BackoutEntry = { roleName: c.roleName, roleArn: c.roleArn, decision: 'delete', attachedPolicyArns: [...c.attachedPolicyArns], inlinePolicyNames: [...c.inlinePolicyNames] };
      if (c.lastUsed) base.lastUsed = c.lastUsed;
      if (c.tags[MANAGED_BY_TAG] !== MANAGED_BY_VALUE) {
        return { ...base, decision: 'refused', reason: `not created by supportguard (no tag ${MANAGED_BY_TAG}=${MANAGED_BY_VALUE}); supportguard never deletes it` };
      }
      const unexpected = o.force ? undefined : unexpectedPolicies(c);
      if (unexpected) return { ...base, decision: 'refused', reason: unexpected };
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

async function policiesOf(iam: IAMClient, roleName: string): Promise<{ attachedPolicyArns: string[]; inlinePolicyNames: string[] }> {
  return { attachedPolicyArns: await attachedPolicyArnsOf(iam, roleName), inlinePolicyNames: await inlinePolicyNamesOf(iam, roleName) };
}

async function candidateOf(iam: IAMClient, role: Role): Promise<BackoutCandidate> {
  const tags: Record<string, string> = {};
  for (const t of role.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
  const c: BackoutCandidate = { roleName: role.RoleName!, roleArn: role.Arn!, tags, ...(await policiesOf(iam, role.RoleName!)) };
  const d = role.RoleLastUsed?.LastUsedDate;
  if (d) c.lastUsed = new Date(d).toISOString();
  return c;
}

/**
 * Finds the roles backout may consider: the named one, or every role tagged managed-by=supportguard,
 * each with its attached and inline policies. ListRoles returns neither tags nor RoleLastUsed, so each
 * role is read with GetRole (4 at a time). Every answer must be a well-formed one (src/aws/iam-role.ts):
 * these are the preconditions of the deletion, so a non-answer stops the command before its first change.
 */
export async function findBackoutCandidates(iam: IAMClient, roleName?: string): Promise<BackoutCandidate[]> {
  if (roleName) {
    const role = await getRole(iam, roleName);
    return role ? [await candidateOf(iam, role)] : [];
  }
  const names: string[] = [];
  for (const r of await listEveryItem('iam:ListRoles', (Marker) => iam.send(new ListRolesCommand({ Marker })), (p) => p.Roles, 'Roles')) {
    if (r.RoleName && !isServiceLinkedRolePath(r.Path ?? '/')) names.push(r.RoleName);
  }
  const limit = pLimit(4);
  // A role deleted since ListRoles is simply no longer a candidate.
  const roles = await Promise.all(names.map((n) => limit(() => getRole(iam, n))));
  const tagged = roles.filter((r): r is Role => !!r && (r.Tags ?? []).some((t) => t.Key === MANAGED_BY_TAG && t.Value === MANAGED_BY_VALUE));
  return Promise.all(tagged.map((r) => limit(() => candidateOf(iam, r))));
}

/** What happened to one role. */
export interface BackoutOutcome {
  roleArn: string;
  status: 'deleted' | 'refused' | 'failed';
  reason?: string;
  /** What was removed before the role itself. */
  removed: string[];
  /** After a failure that followed a removal: what was put back, or why putting it back failed. */
  restored?: string;
}

/** What deleting one role took away so far, so a failure can put it back. */
interface Removed {
  detached: string[];
  inline: { name: string; document: string }[];
}

/**
 * Deletes one role. The policies are listed again and must be the ones the plan showed: a policy
 * attached between plan and apply would otherwise be removed without anyone having seen it. Inline
 * policies (only with --force) are read before anything changes, so they can be put back.
 */
async function deleteRole(iam: IAMClient, e: BackoutEntry, removed: string[], undo: Removed): Promise<void> {
  const roleName = e.roleName;
  const now = await policiesOf(iam, roleName);
  const newAttached = now.attachedPolicyArns.filter((a) => !e.attachedPolicyArns.includes(a));
  const newInline = now.inlinePolicyNames.filter((n) => !e.inlinePolicyNames.includes(n));
  if (newAttached.length || newInline.length) {
    throw new Error(`policies changed since the plan (${[...newAttached, ...newInline.map((n) => `inline ${n}`)].join(', ')}); nothing was removed, plan again`);
  }
  const inline: Removed['inline'] = [];
  for (const name of now.inlinePolicyNames) inline.push({ name, document: await inlinePolicyDocumentOf(iam, roleName, name) });
  // IAM refuses DeleteRole (DeleteConflict) while policies are attached or inline ones exist.
  for (const arn of now.attachedPolicyArns) {
    await iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn }));
    undo.detached.push(arn);
    removed.push(`detached ${arn}`);
  }
  for (const p of inline) {
    await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: p.name }));
    undo.inline.push(p);
    removed.push(`deleted inline policy ${p.name}`);
  }
  await iam.send(new DeleteRoleCommand({ RoleName: roleName }));
}

/** Puts back what a failed deletion removed, so the role is left as it was rather than stripped. */
async function restore(iam: IAMClient, roleName: string, undo: Removed): Promise<string> {
  const steps: string[] = [];
  try {
    for (const arn of undo.detached) {
      await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn }));
      steps.push(`reattached ${arn}`);
    }
    for (const p of undo.inline) {
      const doc = p.document.startsWith('%') ? decodeURIComponent(p.document) : p.document;
      await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: p.name, PolicyDocument: doc }));
      steps.push(`put back inline policy ${p.name}`);
    }
    return `restored: ${steps.join(', ')}`;
  } catch (err) {
    return `restore FAILED (${awsErrorText(err)}) after: ${steps.join(', ') || 'nothing'}; the role is left without what was removed`;
  }
}

/**
 * Deletes the roles the plan marks for deletion; a failure on one role does not stop the others. When a step fails
 * after something was removed, the removed policies are put back; when DeleteRole itself failed, IAM is asked again
 * first, since a DeleteRole whose answer was lost may have succeeded.
 */
export async function applyBackoutPlan(iam: IAMClient, plan: BackoutPlan): Promise<BackoutOutcome[]> {
  const out: BackoutOutcome[] = [];
  for (const e of plan.entries) {
    if (e.decision === 'refused') {
      out.push({ roleArn: e.roleArn, status: 'refused', reason: e.reason!, removed: [] });
      continue;
    }
    const removed: string[] = [];
    const undo: Removed = { detached: [], inline: [] };
    try {
      await deleteRole(iam, e, removed, undo);
      out.push({ roleArn: e.roleArn, status: 'deleted', removed });
    } catch (err) {
      const everythingRemoved = undo.detached.length === e.attachedPolicyArns.length && undo.inline.length === e.inlinePolicyNames.length;
      if (everythingRemoved && (await roleIsGone(iam, e.roleName))) {
        out.push({ roleArn: e.roleArn, status: 'deleted', removed });
        continue;
      }
      const o: BackoutOutcome = { roleArn: e.roleArn, status: 'failed', reason: awsErrorText(err), removed };
      if (undo.detached.length || undo.inline.length) o.restored = await restore(iam, e.roleName, undo);
      out.push(o);
    }
  }
  return out;
}

/** One line for a backout outcome: `arn… deleted (detached …)`, `arn… failed: … (detached …; restored: …)`. */
export function describeBackoutOutcome(r: BackoutOutcome): string {
  const extra = [r.removed.join(', '), r.restored ?? ''].filter(Boolean).join('; ');
  return `${r.roleArn} ${r.status}${r.reason ? `: ${r.reason}` : ''}${extra ? ` (${extra})` : ''}`;
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

import type { PolicyDocument } from '../snapshot/model.js';
import { isTaggedOurs, notOursText, ownershipProblems } from './ownership.js';
import { DEFAULT_OWNER, MANAGED_BY_TAG, MANAGED_BY_VALUE, policyArnOf, roleArnOf, type RemediationSpec } from './spec.js';
import { buildTrustPolicy, compareTrust } from './trust-policy.js';

/** The role as it is in the account (read by apply.ts, or given by tests). */
export interface ExistingRole {
  arn: string;
  path: string;
  trustPolicy: PolicyDocument;
  attachedPolicyArns: string[];
  /** Names of its inline policies (every page). */
  inlinePolicyNames: string[];
  tags: Record<string, string>;
  maxSessionDurationSeconds?: number;
  description?: string;
}

/** One IAM API call the plan would make, with everything it sends. */
export type PlannedAction =
  | {
      action: 'CreateRole';
      roleArn: string;
      roleName: string;
      path: string;
      trustPolicy: PolicyDocument;
      description: string;
      maxSessionDurationSeconds: number;
      tags: Record<string, string>;
    }
  | { action: 'AttachRolePolicy'; roleArn: string; roleName: string; policyArn: string }
  | { action: 'UpdateAssumeRolePolicy'; roleArn: string; roleName: string; trustPolicy: PolicyDocument }
  | { action: 'UpdateRole'; roleArn: string; roleName: string; description: string; maxSessionDurationSeconds: number }
  | { action: 'TagRole'; roleArn: string; roleName: string; tags: Record<string, string> };

/** What `fix` would do in one account. */
export interface FixPlan {
  accountId: string;
  roleArn: string;
  /**
   * absent: no role of that name; managed: tagged managed-by=supportguard and shaped like the role supportguard
   * creates (see ownershipProblems); unmanaged: someone else's, including a tagged role that fails that proof.
   */
  roleState: 'absent' | 'managed' | 'unmanaged';
  actions: PlannedAction[];
  /** Set when the plan refuses to touch the role; actions is then empty. */
  refusal?: string;
  /** Things worth knowing that change nothing (defaulted owner, path differs…). */
  notes: string[];
}

export interface FixPlanOptions {
  /** Converge a role supportguard did not create (never widens its trust). */
  adopt?: boolean;
  /** Replace the trust policy of a supportguard role even when that is not a narrowing. */
  replaceTrust?: boolean;
}

/**
 * Decides, without calling AWS, which calls bring the account to the spec. Pure: the same spec and
 * existing role always give the same plan, and a role that already matches gives no actions.
 */
export function planFix(spec: RemediationSpec, existing: ExistingRole | undefined, opts: FixPlanOptions = {}): FixPlan {
  const accountId = spec.accountId;
  const roleArn = roleArnOf(spec);
  const policyArn = policyArnOf(spec);
  const desiredTrust = buildTrustPolicy(spec);
  const notes: string[] = [];
  if (spec.tags.owner === DEFAULT_OWNER) notes.push(`owner tag defaults to "${DEFAULT_OWNER}": pass --owner <team> so people know whom to ask`);
  const base = { accountId: accountId!, roleArn, notes };
  const roleName = spec.roleName;

  if (!existing) {
    return {
      ...base,
      roleState: 'absent',
      actions: [
        {
          action: 'CreateRole',
          roleArn,
          roleName,
          path: spec.path,
          trustPolicy: desiredTrust,
          description: spec.description,
          maxSessionDurationSeconds: spec.maxSessionDurationSeconds,
          tags: spec.tags,
        },
        { action: 'AttachRolePolicy', roleArn, roleName, policyArn },
      ],
    };
  }

  // The same proof as backout: the tag, and what the role holds. A tagged break-glass role is someone else's.
  const tagged = isTaggedOurs(existing.tags);
  const problems = tagged ? ownershipProblems({ roleArn: existing.arn || roleArn, ...existing }) : [];
  const managed = tagged && problems.length === 0;
  const roleState = managed ? 'managed' : 'unmanaged';
  const arn = existing.arn || roleArn;
  if (!managed && !opts.adopt) {
    const why = tagged ? `is tagged ${MANAGED_BY_TAG}=${MANAGED_BY_VALUE} but is ${notOursText(problems)}` : `was not created by supportguard (no tag ${MANAGED_BY_TAG}=${MANAGED_BY_VALUE})`;
    return {
      ...base,
      roleArn: arn,
      roleState,
      actions: [],
      refusal: `role ${arn} exists and ${why}; pass --adopt to converge it, or choose another --role-name`,
    };
  }
  if (existing.path !== spec.path) notes.push(`the existing role's path is ${existing.path}, not ${spec.path}; IAM cannot change a role's path, so it stays`);

  const actions: PlannedAction[] = [];
  const comparison = compareTrust(existing.trustPolicy, desiredTrust, arn);
  if (comparison.relation === 'narrower' || (comparison.relation === 'wider-or-unknown' && managed && opts.replaceTrust)) {
    actions.push({ action: 'UpdateAssumeRolePolicy', roleArn: arn, roleName, trustPolicy: desiredTrust });
  } else if (comparison.relation === 'wider-or-unknown') {
    const how = managed ? 'pass --replace-trust to replace it anyway' : 'supportguard never widens the trust policy of a role it did not create';
    return {
      ...base,
      roleArn: arn,
      roleState,
      actions: [],
      refusal: `refusing to change the trust policy of ${arn}: ${comparison.reason}; ${how}`,
    };
  }
  if (!existing.attachedPolicyArns.includes(policyArn)) actions.push({ action: 'AttachRolePolicy', roleArn: arn, roleName, policyArn });
  if (managed) {
    if (existing.description !== spec.description || existing.maxSessionDurationSeconds !== spec.maxSessionDurationSeconds) {
      actions.push({ action: 'UpdateRole', roleArn: arn, roleName, description: spec.description, maxSessionDurationSeconds: spec.maxSessionDurationSeconds });
    }
    const missing = Object.fromEntries(Object.entries(spec.tags).filter(([k, v]) => existing.tags[k] !== v));
    if (Object.keys(missing).length > 0) actions.push({ action: 'TagRole', roleArn: arn, roleName, tags: missing });
  } else {
    // Adopted roles keep their own description, session length and tags: in particular no
    // managed-by tag, so a later backout never deletes a role supportguard did not create.
    notes.push('adopted role: description, session duration and tags are left as they are');
  }
  return { ...base, roleArn: arn, roleState, actions };
}

function describe(a: PlannedAction): string[] {
  switch (a.action) {
    case 'CreateRole':
      return [
        `+ iam:CreateRole ${a.roleArn}`,
        `    path: ${a.path}`,
        `    description: ${a.description}`,
        `    max session duration: ${a.maxSessionDurationSeconds} s`,
        `    tags: ${Object.entries(a.tags)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`,
        '    trust policy:',
        ...JSON.stringify(a.trustPolicy, null, 2)
          .split('\n')
          .map((l) => `      ${l}`),
      ];
    case 'AttachRolePolicy':
      return [`+ iam:AttachRolePolicy ${a.roleArn}`, `    policy: ${a.policyArn}`];
    case 'UpdateAssumeRolePolicy':
      return [
        `~ iam:UpdateAssumeRolePolicy ${a.roleArn}`,
        '    new trust policy:',
        ...JSON.stringify(a.trustPolicy, null, 2)
          .split('\n')
          .map((l) => `      ${l}`),
      ];
    case 'UpdateRole':
      return [`~ iam:UpdateRole ${a.roleArn}`, `    description: ${a.description}`, `    max session duration: ${a.maxSessionDurationSeconds} s`];
    case 'TagRole':
      return [
        `~ iam:TagRole ${a.roleArn}`,
        `    tags: ${Object.entries(a.tags)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`,
      ];
  }
}

/** Deterministic plan text: one block per API call, then notes. */
export function renderFixPlanText(plan: FixPlan): string {
  const lines = [`Account ${plan.accountId}: role ${plan.roleArn} (${plan.roleState === 'absent' ? 'does not exist' : plan.roleState === 'managed' ? 'created by supportguard' : 'not created by supportguard'})`];
  if (plan.refusal) lines.push(`  refused: ${plan.refusal}`);
  else if (plan.actions.length === 0) lines.push('  no changes: the role already matches the spec');
  else for (const a of plan.actions) lines.push(...describe(a).map((l) => `  ${l}`));
  for (const n of plan.notes) lines.push(`  note: ${n}`);
  return lines.join('\n') + '\n';
}

import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { attachedPolicyArnsOf, getRole, inlinePolicyNamesOf, roleIsGone, roleTagsOf } from '../aws/iam-role.js';
import { MalformedAnswerError } from '../aws/paginate.js';
import { randomUUID } from 'node:crypto';
import { decodePolicyDocument } from '../snapshot/policy-document.js';
import { CREATION_TOKEN_TAG } from './spec.js';
import type { ExistingRole, FixPlan, PlannedAction } from './plan.js';

/** One line for an AWS SDK error: its name (AccessDenied, Throttling…) and message. */
export function awsErrorText(e: unknown): string {
  const err = e as { name?: string; message?: string };
  const name = err?.name && err.name !== 'Error' ? err.name : '';
  const msg = (err?.message ?? String(e)).replace(/\s+/g, ' ').trim();
  return name && !msg.startsWith(name) ? `${name}: ${msg}` : msg || name;
}

/**
 * Reads the role named in the spec, or undefined when there is none: every page of its attached and inline
 * policies and tags, each answer required to be a well-formed one (an empty 200 is "cannot prove", never "none"),
 * since they decide whether supportguard may touch the role at all.
 */
export async function readRole(iam: IAMClient, roleName: string): Promise<ExistingRole | undefined> {
  const role = await getRole(iam, roleName);
  if (!role) return undefined;
  if (!role.AssumeRolePolicyDocument) throw new MalformedAnswerError(`iam:GetRole ${roleName}: the answer has no AssumeRolePolicyDocument; cannot prove who may assume the role`);
  const existing: ExistingRole = {
    arn: role.Arn!,
    path: role.Path ?? '/',
    trustPolicy: decodePolicyDocument(role.AssumeRolePolicyDocument, `role ${role.Arn} trust policy`),
    attachedPolicyArns: await attachedPolicyArnsOf(iam, roleName),
    inlinePolicyNames: await inlinePolicyNamesOf(iam, roleName),
    tags: await roleTagsOf(iam, roleName),
  };
  if (role.MaxSessionDuration !== undefined) existing.maxSessionDurationSeconds = role.MaxSessionDuration;
  if (role.Description !== undefined) existing.description = role.Description;
  return existing;
}

/** What happened in one account. */
export interface FixOutcome {
  accountId: string;
  roleArn: string;
  /**
   * created: new role; updated: converged; unchanged: nothing to do; refused: see reason; failed: see error;
   * interrupted: stopped by the abort signal after the step in flight (a role this run created is rolled back).
   */
  status: 'created' | 'updated' | 'unchanged' | 'refused' | 'failed' | 'interrupted';
  /** The API calls that succeeded, in order. */
  done: PlannedAction['action'][];
  /** Refusal reason or the failure, one line. */
  reason?: string;
  /** After a failure following CreateRole: what was undone, or why undoing failed. */
  rollback?: string;
}

async function send(iam: IAMClient, a: PlannedAction, token: string): Promise<void> {
  switch (a.action) {
    case 'CreateRole':
      await iam.send(
        new CreateRoleCommand({
          RoleName: a.roleName,
          Path: a.path,
          AssumeRolePolicyDocument: JSON.stringify(a.trustPolicy),
          Description: a.description,
          MaxSessionDuration: a.maxSessionDurationSeconds,
          Tags: Object.entries({ ...a.tags, [CREATION_TOKEN_TAG]: token }).map(([Key, Value]) => ({ Key, Value })),
        }),
      );
      return;
    case 'AttachRolePolicy':
      await iam.send(new AttachRolePolicyCommand({ RoleName: a.roleName, PolicyArn: a.policyArn }));
      return;
    case 'UpdateAssumeRolePolicy':
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: a.roleName, PolicyDocument: JSON.stringify(a.trustPolicy) }));
      return;
    case 'UpdateRole':
      await iam.send(new UpdateRoleCommand({ RoleName: a.roleName, Description: a.description, MaxSessionDuration: a.maxSessionDurationSeconds }));
      return;
    case 'TagRole':
      await iam.send(new TagRoleCommand({ RoleName: a.roleName, Tags: Object.entries(a.tags).map(([Key, Value]) => ({ Key, Value })) }));
      return;
  }
}

/** Undoes what this run created: detaches what it attached, then deletes the role. */
async function rollback(iam: IAMClient, plan: FixPlan, done: PlannedAction[]): Promise<string> {
  const create = done.find((a) => a.action === 'CreateRole');
  if (!create) return '';
  const steps: string[] = [];
  try {
    for (const a of done) {
      if (a.action === 'AttachRolePolicy') {
        try {
          await iam.send(new DetachRolePolicyCommand({ RoleName: a.roleName, PolicyArn: a.policyArn }));
        } catch (e) {
          // A detach whose answer was lost may have worked: the list says.
          if ((await attachedPolicyArnsOf(iam, a.roleName).catch(() => [a.policyArn])).includes(a.policyArn)) throw e;
        }
        steps.push(`detached ${a.policyArn}`);
      }
    }
    try {
      await iam.send(new DeleteRoleCommand({ RoleName: create.roleName }));
    } catch (e) {
      // A DeleteRole whose answer was lost (a reset, a timeout; the SDK's retry then hears NoSuchEntity) may have
      // worked: only IAM saying the role is gone counts as deleted.
      if (!(await roleIsGone(iam, create.roleName))) throw e;
    }
    steps.push(`deleted role ${plan.roleArn}`);
    return `rolled back: ${steps.join(', ')}`;
  } catch (e) {
    return `rollback FAILED (${awsErrorText(e)}) after: ${steps.join(', ') || 'nothing'}; delete role ${plan.roleArn} by hand`;
  }
}

/**
 * After CreateRole failed: did it take effect anyway (its answer lost, and the SDK's retry then heard
 * EntityAlreadyExists)? Yes only when the role carries this run's creation token; a role without it is someone else's.
 */
async function createdByThisRun(iam: IAMClient, roleName: string, token: string): Promise<boolean | 'unknown'> {
  try {
    return (await getRole(iam, roleName)) !== undefined && (await roleTagsOf(iam, roleName))[CREATION_TOKEN_TAG] === token;
  } catch {
    return 'unknown';
  }
}

export interface ApplyFixOptions {
  /**
   * Stop after the call in flight: a role this run created is rolled back, and the outcome says what was done.
   * The CLI aborts it on SIGINT/SIGTERM (its reason, e.g. "SIGINT", is printed); the library installs no handler.
   */
  signal?: AbortSignal;
  /** The creation token tagged on a role this run creates (default: random per call). */
  token?: string;
}

function interruption(signal: AbortSignal): string {
  return typeof signal.reason === 'string' ? `interrupted by ${signal.reason}` : 'interrupted';
}

/**
 * Makes the plan's API calls in order. If a call fails, or the signal stops the run, after this run created the
 * role, the role is removed again (detach, delete) so no half-made support role is left behind; the failure and
 * the rollback are both reported. A CreateRole whose answer was lost is recognised by the creation token it set.
 * A refused or empty plan makes no call.
 */
export async function applyFixPlan(iam: IAMClient, plan: FixPlan, opts: ApplyFixOptions = {}): Promise<FixOutcome> {
  const base = { accountId: plan.accountId, roleArn: plan.roleArn };
  if (plan.refusal) return { ...base, status: 'refused', done: [], reason: plan.refusal };
  if (plan.actions.length === 0) return { ...base, status: 'unchanged', done: [] };
  const token = opts.token ?? randomUUID();
  const done: PlannedAction[] = [];
  const stop = async (status: 'failed' | 'interrupted', reason: string): Promise<FixOutcome> => {
    const outcome: FixOutcome = { ...base, status, done: done.map((d) => d.action), reason };
    const rb = await rollback(iam, plan, done);
    if (rb) outcome.rollback = rb;
    return outcome;
  };
  for (const a of plan.actions) {
    if (opts.signal?.aborted) {
      const after = done.length ? `after iam:${done.map((d) => d.action).join(', iam:')}` : 'before any change';
      return stop('interrupted', `${interruption(opts.signal)} ${after}`);
    }
    try {
      await send(iam, a, token);
    } catch (e) {
      const made = a.action === 'CreateRole' ? await createdByThisRun(iam, a.roleName, token) : false;
      if (made === 'unknown') {
        return { ...base, status: 'failed', done: [], reason: `iam:CreateRole failed: ${awsErrorText(e)}; whether the role was made could not be checked: run fix again (it recognises a role a run made by its ${CREATION_TOKEN_TAG} tag)` };
      }
      if (!made) return stop('failed', `iam:${a.action} failed: ${awsErrorText(e)}`);
    }
    done.push(a);
  }
  return { ...base, status: plan.roleState === 'absent' ? 'created' : 'updated', done: done.map((d) => d.action) };
}

/** One line for an outcome: `123456789012 created arn:…` or `… failed: … (rolled back: …)`. */
export function describeFixOutcome(o: FixOutcome): string {
  const extra = o.reason ? `: ${o.reason}` : '';
  const rb = o.rollback ? ` (${o.rollback})` : '';
  return `${o.accountId} ${o.status} ${o.roleArn}${extra}${rb}`;
}

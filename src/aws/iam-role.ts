import {
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  type IAMClient,
  type Role,
} from '@aws-sdk/client-iam';
import { listEveryItem, MalformedAnswerError } from './paginate.js';

/**
 * Proven reads of one IAM role for fix and backout. Each answer must be a well-formed answer of its operation:
 * a missing list or Role element throws MalformedAnswerError, so a precondition is never decided on a non-answer.
 */

export function isNoSuchEntity(e: unknown): boolean {
  const name = (e as { name?: string })?.name;
  return name === 'NoSuchEntityException' || name === 'NoSuchEntity';
}

/** iam:GetRole, or undefined when IAM says there is no such role. An answer without a Role (with its Arn) is an error. */
export async function getRole(iam: IAMClient, roleName: string): Promise<Role | undefined> {
  let role: Role | undefined;
  try {
    role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
  } catch (e) {
    if (isNoSuchEntity(e)) return undefined;
    throw e;
  }
  if (!role?.Arn || !role.RoleName) throw new MalformedAnswerError(`iam:GetRole ${roleName}: the answer is not a well-formed GetRole answer (no Role); cannot prove whether the role exists`);
  return role;
}

/** ARNs of the managed policies attached to the role, every page. */
export async function attachedPolicyArnsOf(iam: IAMClient, roleName: string): Promise<string[]> {
  const what = `iam:ListAttachedRolePolicies ${roleName}`;
  const attached = await listEveryItem(what, (Marker) => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker })), (p) => p.AttachedPolicies, 'AttachedPolicies');
  return attached.map((p) => {
    if (!p.PolicyArn) throw new MalformedAnswerError(`${what}: an attached policy without a PolicyArn; cannot prove what the role holds`);
    return p.PolicyArn;
  });
}

/** Names of the role's inline policies, every page. */
export async function inlinePolicyNamesOf(iam: IAMClient, roleName: string): Promise<string[]> {
  return listEveryItem(`iam:ListRolePolicies ${roleName}`, (Marker) => iam.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker })), (p) => p.PolicyNames, 'PolicyNames');
}

/** The role's tags, every page. */
export async function roleTagsOf(iam: IAMClient, roleName: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  const what = `iam:ListRoleTags ${roleName}`;
  for (const t of await listEveryItem(what, (Marker) => iam.send(new ListRoleTagsCommand({ RoleName: roleName, Marker })), (p) => p.Tags, 'Tags')) {
    if (!t.Key) throw new MalformedAnswerError(`${what}: a tag without a Key; cannot prove the role's tags`);
    tags[t.Key] = t.Value ?? '';
  }
  return tags;
}

/** The (still URL-encoded) document of one inline policy, so a failed backout can put it back. */
export async function inlinePolicyDocumentOf(iam: IAMClient, roleName: string, policyName: string): Promise<string> {
  const doc = (await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }))).PolicyDocument;
  if (!doc) throw new MalformedAnswerError(`iam:GetRolePolicy ${roleName} ${policyName}: the answer has no PolicyDocument; it could not be restored if the backout failed`);
  return doc;
}

/**
 * Asks IAM again whether the role is gone: after a DeleteRole whose answer was lost (a reset, a timeout), the call
 * may well have succeeded. True only on NoSuchEntity; any other answer is not proof either way.
 */
export async function roleIsGone(iam: IAMClient, roleName: string): Promise<boolean> {
  try {
    return (await getRole(iam, roleName)) === undefined;
  } catch {
    return false;
  }
}

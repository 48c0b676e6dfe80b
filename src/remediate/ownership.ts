import { isPartition, parseArn, supportPolicyArn } from '../snapshot/arn.js';
import { CREATION_TOKEN_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE } from './spec.js';

/** What decides whether supportguard made a role: its tags and what it holds (every page of both lists). */
export interface OwnershipEvidence {
  roleArn: string;
  tags: Record<string, string>;
  attachedPolicyArns: string[];
  inlinePolicyNames: string[];
}

/** True when the role carries managed-by=supportguard (necessary, never sufficient: see ownershipProblems). */
export function isTaggedOurs(tags: Record<string, string>): boolean {
  return tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE;
}

/**
 * Why a role tagged managed-by=supportguard does not look like the role supportguard creates, or [] when it does.
 * The tag alone proves nothing: anyone with iam:TagRole can put it on a break-glass role, and fix would then
 * overwrite its trust, description and session length, or backout detach its policies and delete it. So fix and
 * backout demand the same proof: no managed policy but AWSSupportAccess of the role's partition, nothing inline,
 * and AWSSupportAccess attached — or, for a role a run created and could not finish (CreateRole's answer lost,
 * interrupted), the creation token tag that run set instead of the policy.
 */
export function ownershipProblems(c: OwnershipEvidence): string[] {
  const partition = parseArn(c.roleArn)?.partition ?? 'aws';
  const expected = supportPolicyArn(isPartition(partition) ? partition : 'aws');
  const others = c.attachedPolicyArns.filter((a) => a !== expected);
  const problems: string[] = [];
  if (others.length) problems.push(`managed policies other than AWSSupportAccess attached (${others.join(', ')})`);
  if (!c.attachedPolicyArns.includes(expected) && !c.tags[CREATION_TOKEN_TAG]) problems.push(`${expected} is not attached`);
  if (c.inlinePolicyNames.length) problems.push(`inline policies (${c.inlinePolicyNames.join(', ')})`);
  return problems;
}

/** The sentence both commands print for a tagged role that fails the proof. */
export function notOursText(problems: string[]): string {
  return `not the role supportguard creates: ${problems.join('; ')}; the tag alone does not prove supportguard made it`;
}

import { parseArn } from '../snapshot/arn.js';
import type { PolicyDocument } from '../snapshot/model.js';
import { readDataFile } from './data-files.js';

interface ShippedPolicies {
  source: string;
  policies: Record<string, { name: string; versionId: string; document: PolicyDocument }>;
}

let shipped: ShippedPolicies | undefined;

/**
 * The document of an AWS-managed policy from the small snapshot shipped in data/aws-managed-policies.json
 * (AWSSupportAccess, AdministratorAccess, PowerUserAccess, ReadOnlyAccess, job-function/SupportUser,
 * job-function/ViewOnlyAccess). Used only when the account export lacks the document: the AWS CLI's
 * authorization details include AWS-managed policies only when attached, and some sources omit versions.
 * Any partition maps to the `aws` partition copy (the documents are the same).
 */
export function shippedManagedPolicy(arn: string): PolicyDocument | undefined {
  const p = parseArn(arn);
  if (!p || p.accountId !== 'aws') return undefined;
  shipped ??= readDataFile<ShippedPolicies>('aws-managed-policies.json');
  return shipped.policies[`arn:aws:iam::aws:${p.resource}`]?.document;
}

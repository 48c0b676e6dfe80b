import { PARTITIONS, type Partition } from './model.js';

/** The parts of an ARN: `arn:partition:service:region:account:resource`. */
export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

/** Parses an ARN, or returns undefined when the string is not one. */
export function parseArn(arn: string): ParsedArn | undefined {
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) return undefined;
  // Five colons delimit the fields; the resource keeps any further colons. indexOf instead of split(':') + join:
  // every role, user, group and attachment ARN of a 15,000-principal export goes through here.
  const c1 = 3;
  const c2 = arn.indexOf(':', c1 + 1);
  if (c2 < 0) return undefined;
  const c3 = arn.indexOf(':', c2 + 1);
  if (c3 < 0) return undefined;
  const c4 = arn.indexOf(':', c3 + 1);
  if (c4 < 0) return undefined;
  const c5 = arn.indexOf(':', c4 + 1);
  if (c5 < 0) return undefined;
  return { partition: arn.slice(c1 + 1, c2), service: arn.slice(c2 + 1, c3), region: arn.slice(c3 + 1, c4), accountId: arn.slice(c4 + 1, c5), resource: arn.slice(c5 + 1) };
}

/** True when the partition is one AWS has. */
export function isPartition(value: string): value is Partition {
  return (PARTITIONS as readonly string[]).includes(value);
}

/** The AWS-managed AWSSupportAccess policy ARN in a partition. Only this ARN satisfies CIS. */
export function supportPolicyArn(partition: Partition): string {
  return `arn:${partition}:iam::aws:policy/AWSSupportAccess`;
}

/**
 * True for the AWS-managed AWSSupportAccess ARN in any partition.
 * A customer-managed policy that is merely *named* AWSSupportAccess (`arn:aws:iam::123456789012:policy/AWSSupportAccess`)
 * is not it: its document can say anything.
 */
export function isAwsSupportAccessArn(arn: string): boolean {
  // The suffix test first: hashing every attachment ARN of 10,000 roles for the set look-up showed in the benchmark,
  // and nearly none of them ends like this.
  return typeof arn === 'string' && arn.endsWith(SUPPORT_POLICY_SUFFIX) && SUPPORT_POLICY_ARNS.has(arn);
}

/** What every ARN of SUPPORT_POLICY_ARNS ends with. */
const SUPPORT_POLICY_SUFFIX = ':iam::aws:policy/AWSSupportAccess';

/**
 * The only strings isAwsSupportAccessArn accepts: `arn:<known partition>:iam::aws:policy/AWSSupportAccess`, nothing
 * around it. A set lookup instead of parsing: the CIS check asks it of every attachment of every role, user and group.
 */
const SUPPORT_POLICY_ARNS: ReadonlySet<unknown> = new Set(PARTITIONS.map(supportPolicyArn));

/** True when the ARN is an AWS-managed policy (account field `aws`). */
export function isAwsManagedPolicyArn(arn: string): boolean {
  const p = parseArn(arn);
  return !!p && p.service === 'iam' && p.accountId === 'aws' && p.resource.startsWith('policy/');
}

/** The account id in an ARN, if it has one of 12 digits. */
export function accountIdOf(arn: string): string | undefined {
  const id = parseArn(arn)?.accountId;
  return id && /^\d{12}$/.test(id) ? id : undefined;
}

/** The partition in an ARN, if it is a known one. */
export function partitionOf(arn: string): Partition | undefined {
  const p = parseArn(arn)?.partition;
  return p && isPartition(p) ? p : undefined;
}

/** The service-linked role every account has; not a support role for people. */
export const SUPPORT_SERVICE_LINKED_ROLE = 'AWSServiceRoleForSupport';

/** True for a service-linked role (path /aws-service-role/). */
export function isServiceLinkedRolePath(path: string): boolean {
  return path.startsWith('/aws-service-role/');
}

/**
 * Each partition's home region: where IAM (a global service) delivers its CloudTrail events to EventBridge, and
 * where account-level findings are attributed when no region is given. A rule elsewhere never sees DeleteRole.
 */
export const PARTITION_HOME_REGION: Record<Partition, string> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-iso': 'us-iso-east-1',
  'aws-iso-b': 'us-isob-east-1',
  'aws-iso-e': 'eu-isoe-west-1',
  'aws-iso-f': 'us-isof-south-1',
  'aws-eusc': 'eusc-de-east-1',
};

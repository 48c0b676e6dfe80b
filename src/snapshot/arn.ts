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
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  const [, partition, service, region, accountId, ...rest] = parts as [string, string, string, string, string, ...string[]];
  return { partition, service, region, accountId, resource: rest.join(':') };
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
  const p = parseArn(arn);
  return !!p && isPartition(p.partition) && p.service === 'iam' && p.accountId === 'aws' && p.region === '' && p.resource === 'policy/AWSSupportAccess';
}

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

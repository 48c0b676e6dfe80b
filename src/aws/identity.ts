import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { partitionOf } from '../snapshot/arn.js';
import type { Partition } from '../snapshot/model.js';

/** Who the credentials belong to: the account, and the partition read from the caller's ARN. */
export interface CallerIdentity {
  accountId: string;
  partition: Partition;
  arn: string;
}

/**
 * sts:GetCallerIdentity, which needs no IAM permission, so it tells "cannot reach AWS / bad
 * credentials" apart from "access denied" later. Throws the SDK error unchanged.
 */
export async function callerIdentity(sts: STSClient): Promise<CallerIdentity> {
  const who = await sts.send(new GetCallerIdentityCommand({}));
  const partition = partitionOf(who.Arn ?? '');
  if (!who.Account || !who.Arn || !partition) throw new Error(`unexpected caller identity ${who.Arn ?? '(none)'}`);
  return { accountId: who.Account, partition, arn: who.Arn };
}

/** The account of the credentials in use. Throws the SDK error unchanged. */
export async function callerAccountId(sts: STSClient): Promise<string> {
  return (await callerIdentity(sts)).accountId;
}

import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Partition } from '../snapshot/model.js';

/** Options for entering another account. */
export interface AssumeOptions {
  accountId: string;
  partition: Partition;
  roleName: string;
  /** For roles whose trust policy demands sts:ExternalId (third parties, MSPs). */
  externalId?: string;
  sessionName?: string;
  durationSeconds?: number;
}

/**
 * Assumes `arn:<partition>:iam::<account>:role/<roleName>` and returns its temporary credentials.
 * Throws the SDK error unchanged; callers turn it into an ERROR for that account.
 */
export async function assumeRoleCredentials(sts: STSClient, o: AssumeOptions): Promise<AwsCredentialIdentity> {
  const res = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:${o.partition}:iam::${o.accountId}:role/${o.roleName}`,
      RoleSessionName: o.sessionName ?? 'supportguard',
      ExternalId: o.externalId,
      DurationSeconds: o.durationSeconds ?? 3600,
    }),
  );
  const c = res.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole into ${o.accountId} returned no credentials`);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}

import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';

/** The account of the credentials in use (sts:GetCallerIdentity, which needs no permission). Throws the SDK error unchanged. */
export async function callerAccountId(sts: STSClient): Promise<string> {
  const who = await sts.send(new GetCallerIdentityCommand({}));
  if (!who.Account) throw new Error('sts:GetCallerIdentity returned no account');
  return who.Account;
}

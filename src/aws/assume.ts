import { AssumeRoleCommand, GetSessionTokenCommand, type STSClient } from '@aws-sdk/client-sts';
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
  const session = await assumeRoleSession(sts, {
    roleArn: `arn:${o.partition}:iam::${o.accountId}:role/${o.roleName}`,
    sessionName: o.sessionName ?? 'supportguard',
    externalId: o.externalId,
    durationSeconds: o.durationSeconds ?? 3600,
  });
  return session.credentials;
}

/** A one-time code from an MFA device, for roles whose trust policy demands aws:MultiFactorAuthPresent. */
export interface MfaToken {
  /** The device: `arn:aws:iam::123456789012:mfa/alice` or a hardware serial number. */
  serialNumber: string;
  tokenCode: string;
}

/** What AssumeRole gives: the session's credentials and its ARN (`arn:…:sts::ACCT:assumed-role/ROLE/SESSION`). */
export interface RoleSession {
  credentials: AwsCredentialIdentity;
  /** The session as CloudTrail names it in `userIdentity.arn` of every call made with it. */
  assumedRoleArn: string;
}

/**
 * sts:AssumeRole of one role ARN, with ExternalId and MFA when given. Throws the SDK error unchanged
 * (AccessDenied for a trust policy that refuses, or a wrong or missing MFA code).
 */
export async function assumeRoleSession(
  sts: STSClient,
  o: { roleArn: string; sessionName: string; externalId?: string; durationSeconds: number; mfa?: MfaToken },
): Promise<RoleSession> {
  const res = await sts.send(
    new AssumeRoleCommand({
      RoleArn: o.roleArn,
      RoleSessionName: o.sessionName,
      ExternalId: o.externalId,
      DurationSeconds: o.durationSeconds,
      SerialNumber: o.mfa?.serialNumber,
      TokenCode: o.mfa?.tokenCode,
    }),
  );
  const c = res.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole of ${o.roleArn} returned no credentials`);
  return {
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration },
    assumedRoleArn: res.AssumedRoleUser?.Arn ?? '',
  };
}

/**
 * sts:GetSessionToken with an MFA code: credentials that carry aws:MultiFactorAuthPresent, so one code can open
 * sessions of many roles (an MFA code is accepted once; an organization drill assumes a role per account).
 * Only long-term credentials (an IAM user's keys) may call it. Throws the SDK error unchanged.
 */
export async function mfaSessionCredentials(sts: STSClient, mfa: MfaToken, durationSeconds: number): Promise<AwsCredentialIdentity> {
  const res = await sts.send(new GetSessionTokenCommand({ SerialNumber: mfa.serialNumber, TokenCode: mfa.tokenCode, DurationSeconds: durationSeconds }));
  const c = res.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('GetSessionToken returned no credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}

import { AttachRolePolicyCommand, CreateRoleCommand, CreateUserCommand, GetAccountAuthorizationDetailsCommand, PutUserPolicyCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients, resolveAwsConfig, type AwsClients } from '../src/aws/clients.js';
import { runChecks } from '../src/checks/engine.js';
import { CHECKS } from '../src/checks/registry.js';
import { snapshotFromAuthorizationDetails } from '../src/snapshot/authorization-details.js';
import { startMoto, type MotoServer } from './helpers/moto.js';

/**
 * End to end against the emulator: IAM built through the SDK, read back with GetAccountAuthorizationDetails
 * (SDK shapes: Date objects, URL-encoded documents), then judged by the quality checks.
 */
describe('quality checks on IAM data read from moto', () => {
  let moto: MotoServer;
  let clients: AwsClients;
  beforeAll(async () => {
    moto = await startMoto();
    clients = await createClients(resolveAwsConfig({ maxAttempts: 1 }, moto.env), { accessKeyId: 'testing', secretAccessKey: 'testing' });
  });
  afterAll(async () => {
    clients?.destroy();
    await moto?.stop();
  });

  it('finds the missing MFA, the extra AdministratorAccess and the responder who can assume the role', async () => {
    // Given a support role trusting the account root without MFA, with AdministratorAccess next to AWSSupportAccess,
    // and a user whose inline policy allows assuming it
    const account = '123456789012';
    const roleArn = `arn:aws:iam::${account}:role/aws-support`;
    await clients.iam.send(
      new CreateRoleCommand({
        RoleName: 'aws-support',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] }),
      }),
    );
    await clients.iam.send(new AttachRolePolicyCommand({ RoleName: 'aws-support', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }));
    await clients.iam.send(new AttachRolePolicyCommand({ RoleName: 'aws-support', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await clients.iam.send(new TagRoleCommand({ RoleName: 'aws-support', Tags: [{ Key: 'owner', Value: 'secops' }] }));
    await clients.iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await clients.iam.send(
      new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'assume-support', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }] }) }),
    );

    // When the account is read back and judged
    // The full export, as `scan --deep` reads it (moto also lists AWS-managed policies without PolicyName).
    const details = await clients.iam.send(new GetAccountAuthorizationDetailsCommand({}));
    const snapshot = snapshotFromAuthorizationDetails(details as unknown as Record<string, unknown>, { kind: 'live' });
    const findings = runChecks(CHECKS, [snapshot]).findings.filter((f) => f.resourceArn === roleArn);
    const line = (id: string) => findings.filter((f) => f.checkId === id).map((f) => `${f.status} ${f.messageId}`);

    // Then each quality check says what is wrong with this role, and nothing is an ERROR
    expect(findings.filter((f) => f.status === 'ERROR')).toEqual([]);
    expect(line('support-role-trust-policy')).toEqual(['FAIL missing-mfa']);
    expect(line('support-role-least-privilege')).toEqual(['FAIL administrator-access']);
    expect(line('support-role-tags')).toEqual(['FAIL missing-tags']);
    expect(findings.find((f) => f.checkId === 'support-role-effective-access')?.message).toBe(
      `aws-support can be assumed by 1 principal(s): user arn:aws:iam::${account}:user/alice.`,
    );
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ListEntitiesForPolicyCommand } from '@aws-sdk/client-iam';
import { createClients, resolveAwsConfig } from '../src/aws/clients.js';
import { cli } from './helpers/cli.js';
import { startMoto, type MotoServer } from './helpers/moto.js';

// Proves the emulator the integration tests rely on is really there and reachable on loopback.
describe('moto emulator', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => moto?.stop());

  it('answers STS and knows the AWS-managed AWSSupportAccess policy', async () => {
    const clients = await createClients(resolveAwsConfig({ maxAttempts: 1 }, moto.env), { accessKeyId: 'testing', secretAccessKey: 'testing' });
    const who = await clients.sts.send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe('123456789012');
    const usage = await clients.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }));
    expect(usage.PolicyRoles).toEqual([]);
    clients.destroy();
  });

  it('scan uses keys in the environment over AWS_PROFILE, as every other command and the AWS CLI do', async () => {
    // Given moto's keys in the environment and an AWS_PROFILE that exists nowhere
    const env = { ...moto.env, AWS_PROFILE: 'no-such-profile-anywhere' };
    // When scan runs, Then it authenticates with the keys (the profile would fail to resolve) and judges the account
    const run = await cli(['scan', '--max-attempts', '1', '--format', 'json', '--exit-zero'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { accounts: { accountId: string }[] }).accounts.map((a) => a.accountId)).toEqual(['123456789012']);
  });
});

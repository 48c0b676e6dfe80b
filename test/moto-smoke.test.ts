import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ListEntitiesForPolicyCommand } from '@aws-sdk/client-iam';
import { createClients, resolveAwsConfig } from '../src/aws/clients.js';
import { startMoto, type MotoServer } from './helpers/moto.js';

// Proves the emulator the integration tests rely on is really there and reachable on loopback.
describe('moto emulator', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => moto?.stop());

  it('answers STS and knows the AWS-managed AWSSupportAccess policy', async () => {
    const clients = createClients(resolveAwsConfig({ maxAttempts: 1 }, moto.env), { accessKeyId: 'testing', secretAccessKey: 'testing' });
    const who = await clients.sts.send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe('123456789012');
    const usage = await clients.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }));
    expect(usage.PolicyRoles).toEqual([]);
    clients.destroy();
  });
});

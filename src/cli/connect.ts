import { createClients, type AwsClients } from '../aws/clients.js';
import { callerIdentity } from '../aws/identity.js';
import { RuntimeError } from '../errors.js';
import { awsErrorText } from '../remediate/apply.js';
import type { Partition } from '../snapshot/model.js';
import { awsConfigFromCli } from './aws-config.js';
import type { CliIo } from './context.js';
import type { AwsFlags } from './remediate-flags.js';

/** The caller's clients and identity, with the credential precedence of every command (awsConfigFromCli). */
export async function connect(io: CliIo, o: AwsFlags): Promise<{ clients: AwsClients<'iam' | 'sts'>; accountId: string; partition: Partition }> {
  const clients = await createClients(awsConfigFromCli(o, io.env), undefined, ['iam', 'sts']);
  try {
    const who = await callerIdentity(clients.sts);
    return { clients, accountId: who.accountId, partition: who.partition };
  } catch (e) {
    clients.destroy();
    throw new RuntimeError(`cannot reach AWS (sts:GetCallerIdentity): ${awsErrorText(e)}`);
  }
}

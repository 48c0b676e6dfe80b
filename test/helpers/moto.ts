import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';

/** A moto server on loopback, started for a test suite. */
export interface MotoServer {
  endpoint: string;
  port: number;
  /** Environment for the SDK / CLI pointing at this server with dummy credentials (never real AWS). */
  env: NodeJS.ProcessEnv;
  /** Wipes all state (all accounts) between scenarios. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `python3 -m moto.server` on a free 127.0.0.1 port and waits until it answers.
 * Fails loudly (throws) when moto is not installed: the integration tests must not be skipped silently.
 */
export async function startMoto(): Promise<MotoServer> {
  const check = spawnSync('python3', ['-c', 'import moto'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`moto is not installed for python3 (needed by the integration tests): ${check.stderr.trim()}`);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto exited early (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto did not start within 60 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  const env: NodeJS.ProcessEnv = {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  return {
    endpoint,
    port,
    env,
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * An AWS Organization in moto (the caller's account is its management account), with clients talking to moto
 * directly, and a way to add member accounts (moto gives each an OrganizationAccountAccessRole).
 */
export async function motoOrganization(moto: MotoServer) {
  const opts = { region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const orgs = new OrganizationsClient(opts);
  const sts = new STSClient(opts);
  await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const create = async (name: string) => (await orgs.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus!.AccountId!;
  return { opts, orgs, sts, create };
}

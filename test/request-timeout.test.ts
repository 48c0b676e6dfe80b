import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { callerIdentityXml } from './helpers/raw-aws.js';

// A request that never answers must not hang a scan forever (issue 15, item 5): it is cut after the request timeout,
// retried as a transient fault, and the account ends in ERROR (NetworkError), never PASS or FAIL.

let server: Server | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (!s) return;
  s.closeAllConnections();
  await new Promise((r) => s.close(r));
});

/** STS answers; every IAM request is accepted and never answered. Counts the IAM requests. */
async function silentIam() {
  const seen = { iam: 0 };
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (body.includes('Action=GetCallerIdentity')) {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(callerIdentityXml('111111111111'));
        return;
      }
      seen.iam++;
      // never answer
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('per-request timeout', () => {
  it('a ListEntitiesForPolicy that never answers ends the account in ERROR after the retries, in seconds', async () => {
    const { endpoint, seen } = await silentIam();
    const env = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', SUPPORTGUARD_REQUEST_TIMEOUT: '0.5' };
    const started = Date.now();
    const r = await cli(['scan', '--endpoint-url', endpoint, '--max-attempts', '2', '--check', 'cis-support-role', '-f', 'json'], env);
    const report = JSON.parse(r.stdout) as { accounts: { status: string; message: string }[] };
    expect(report.accounts[0]!.status).toBe('ERROR');
    expect(report.accounts[0]!.message).toMatch(/^Not judged: supportPolicyUsage could not be read \(iam:ListEntitiesForPolicy\): NetworkError: /);
    // the timeout was retried as a transient fault: two attempts
    expect(seen.iam).toBe(2);
    expect(r.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('refuses a timeout that is not a number of seconds', async () => {
    const r = await cli(['scan', '--endpoint-url', 'http://127.0.0.1:9'], { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', SUPPORTGUARD_REQUEST_TIMEOUT: 'soon' });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'supportguard: SUPPORTGUARD_REQUEST_TIMEOUT "soon" must be a number of seconds from 0.1 to 3600\n' });
  });
});

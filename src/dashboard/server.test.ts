import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/registry.js';
import { cli } from '../../test/helpers/cli.js';
import { runCli } from '../cli/run.js';
import { HOSTILE_FIXTURE } from '../../test/helpers/report-input.js';
import type { DashboardData } from './data.js';
import { dashboardLoader } from './load.js';
import { DASHBOARD_CSP, startDashboard, type DashboardServer } from './server.js';

let server: DashboardServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function get(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard server', () => {
  it('serves bidirectional overrides from account data as U+FFFD, so a role name cannot reverse the page text', async () => {
    // Given data whose role name carries a right-to-left override
    const load = async () => ({ accounts: [{ accountId: '111111111111', accountName: 'prod\u202Eexe.txt' }] }) as unknown as DashboardData;
    server = await startDashboard({ load, port: 0 });
    // When the data API is read
    const body = await (await fetch(new URL('/api/dashboard', server.url))).text();
    // Then the override is gone and the JSON still parses to the neutralised text
    expect(body).not.toContain('\u202E');
    expect((JSON.parse(body) as { accounts: { accountName: string }[] }).accounts[0]!.accountName).toBe('prod\ufffdexe.txt');
  });

  it('serves the page, its script and the data API on 127.0.0.1 with a strict CSP', async () => {
    // Given a dashboard over the examples, the hostile account and the history fixture
    const load = await dashboardLoader({ inputs: ['examples/accounts', HOSTILE_FIXTURE], history: 'test/fixtures/kpi/history.jsonl' }, CHECKS);
    server = await startDashboard({ load, port: 0 });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    // When the page and API are fetched
    const page = await fetch(server.url);
    const api = await fetch(new URL('/api/dashboard', server.url));
    // Then the page is a shell that loads a same-origin script, under a CSP that forbids inline and foreign script
    expect(page.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).toContain('<script src="/app.js" defer></script>');
    expect(html).not.toMatch(/https?:\/\//);
    expect((await (await fetch(new URL('/app.js', server.url))).text())).not.toContain('innerHTML');
    // And the API carries the accounts, findings, role tags and trend
    const data = (await api.json()) as DashboardData;
    expect(data.summary!.accounts).toEqual({ total: 10, PASS: 4, FAIL: 5, ERROR: 1 });
    expect(data.accounts.find((a) => a.accountId === '999999999999')!.supportRoles[0]!.tags).toEqual({ Owner: '<img src=x onerror="window.__xss=1">', Team: '"><script>window.__xss=2</script>' });
    expect(data.trend.map((p) => p.PASS)).toEqual([0, 1, 2]);
    expect((await fetch(new URL('/nope', server.url))).status).toBe(404);
  });

  it('refuses requests for another Host name (DNS rebinding)', async () => {
    server = await startDashboard({ load: async () => { throw new Error('must not be called'); }, port: 0 });
    expect(await get(server.port, '/api/dashboard', 'evil.example:80')).toEqual({ status: 421, body: 'wrong host\n' });
    expect((await get(server.port, '/', `localhost:${server.port}`)).status).toBe(200);
  });

  it('listens on 127.0.0.1 only and says so when asked for another host', async () => {
    await expect(startDashboard({ load: async () => ({}) as DashboardData, host: '0.0.0.0' })).rejects.toThrow('the dashboard listens on 127.0.0.1 only (refusing host "0.0.0.0")');
    const run = await cli(['serve', '--input', 'examples/accounts', '--host', '0.0.0.0']);
    expect(run).toMatchObject({ code: 2, stderr: 'supportguard: the dashboard listens on 127.0.0.1 only (refusing --host 0.0.0.0)\n' });
  });

  it('reports a port already in use with one line and exit 3', async () => {
    server = await startDashboard({ load: async () => ({}) as DashboardData, port: 0 });
    const run = await cli(['serve', '--input', 'examples/accounts', '--port', String(server.port)]);
    expect(run).toMatchObject({ code: 3, stderr: `supportguard: cannot listen on 127.0.0.1:${server.port}: EADDRINUSE\n` });
  });

  it('refuses to start without data or with a bad report file', async () => {
    expect(await cli(['serve'])).toMatchObject({ code: 2, stderr: 'supportguard: give --history, --input or --report (see --help)\n' });
    expect(await cli(['serve', '--report', 'test/fixtures/kpi/history.jsonl'])).toMatchObject({ code: 3, stderr: expect.stringMatching(/^supportguard: test\/fixtures\/kpi\/history.jsonl: not valid JSON/) });
  });

  it('`supportguard serve` prints its URL, serves until stopped, then exits 0', async () => {
    // Given the command started in-process on a free port
    const stop = new AbortController();
    let stderr = '';
    let announced: (url: string) => void = () => {};
    const url = new Promise<string>((resolve) => (announced = resolve));
    const exit = runCli(['serve', '--input', 'examples/accounts', '--history', 'test/fixtures/kpi/history.jsonl', '--port', '0'], {
      stdout: () => {},
      stderr: (s) => {
        stderr += s;
        const m = s.match(/on (http:\/\/127\.0\.0\.1:\d+\/)/);
        if (m) announced(m[1]!);
      },
      env: {},
      stdoutIsTTY: false,
      stderrIsTTY: false,
      signal: stop.signal,
    });
    // When the page data is fetched and the command is stopped
    const data = (await (await fetch(new URL('/api/dashboard', await url))).json()) as DashboardData;
    expect(data.accounts).toHaveLength(9);
    stop.abort();
    // Then it exits 0 and the port is closed
    expect(await exit).toBe(0);
    expect(stderr).toMatch(/^supportguard dashboard on http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl-C to stop\)\ndashboard stopped\n$/);
    await expect(fetch(await url)).rejects.toThrow();
  });
});

import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import { runChecks } from '../../src/checks/engine.js';
import { loadSnapshots } from '../../src/snapshot/load.js';
import { renderHtml } from '../../src/report/html.js';
import { dashboardLoader } from '../../src/dashboard/load.js';
import { startDashboard, type DashboardServer } from '../../src/dashboard/server.js';
import { exampleReportInput, HOSTILE_FIXTURE, HOSTILE_ROLE } from '../helpers/report-input.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Width and height from a PNG's IHDR chunk (bytes 16–23), after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('dashboard and HTML report in Chromium (end to end)', () => {
  let browser: Browser;
  let server: DashboardServer;

  beforeAll(async () => {
    // The browser test must not pass by being skipped: no Chromium is a failure with a clear reason.
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian "chromium" package to run the dashboard browser test`);
    const load = await dashboardLoader({ inputs: ['examples/accounts', HOSTILE_FIXTURE], history: 'test/fixtures/kpi/history.jsonl' }, CHECKS);
    server = await startDashboard({ load, port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows accounts, findings, fixes and the trend; a hostile role tag stays text; the screenshot is a real page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) external.push(r.url());
    });

    // When the dashboard is opened
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });

    // Then the summary, every account with its verdict, and the findings with their fixes are shown
    await expect(page.locator('#cards').innerText()).resolves.toMatch(/Accounts\s+10\s+PASS\s+4\s+FAIL\s+5\s+ERROR\s+1\s+CIS pass rate\s+44\.4%/);
    expect(await page.locator('#accounts tbody tr').count()).toBe(10);
    await expect(page.locator('#accounts tr[data-account="666666666666"]').innerText()).resolves.toContain('No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.');
    await expect(page.locator('#accounts tr[data-account="111111111111"]').innerText()).resolves.toContain('aws-support-responders (last used 2026-10-02T14:11:00Z)');
    // every finding of every check is listed (counted independently of the dashboard's loader), each FAIL with its fix
    const expected = runChecks(CHECKS, (await loadSnapshots(['examples/accounts', HOSTILE_FIXTURE])).accounts).findings;
    expect(expected.length).toBeGreaterThan(9);
    expect(await page.locator('.finding').count()).toBe(expected.length);
    expect(await page.locator('.finding[data-status="FAIL"] .fix pre').count()).toBe(expected.filter((f) => f.status === 'FAIL').length);
    await expect(page.locator('.finding[data-status="FAIL"][data-check="cis-support-role"] .fix pre').first().innerText()).resolves.toMatch(/^Create a role that your incident responders can assume/);
    // every account failing the CIS check gets Terraform and CloudFormation for the role, in its own partition
    const cisFails = expected.filter((f) => f.checkId === 'cis-support-role' && f.status === 'FAIL');
    expect(await page.locator('#fixes .snippets').count()).toBe(cisFails.length);
    const tf = await page.locator('#fixes .snippets[data-account="666666666666"] pre.terraform').textContent();
    expect(tf).toContain('data "aws_partition" "current" {}');
    expect(tf).toContain('arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSSupportAccess');
    const cfn = await page.locator('#fixes .snippets[data-account="666666666666"] pre.cloudformation').textContent();
    expect(cfn).toContain("!Sub arn:${AWS::Partition}:iam::aws:policy/AWSSupportAccess");
    // the trend chart is drawn from the three history scans
    expect(await page.locator('#trend svg circle').count()).toBe(3);
    await expect(page.locator('#trend-text').innerText()).resolves.toBe('3 scan(s); latest 66.7% (2 PASS, 1 FAIL, 0 ERROR)');

    // And the hostile role name and tags appear as text, nothing ran, no element was injected
    const hostileRow = page.locator('#accounts tr[data-account="999999999999"]');
    await expect(hostileRow.locator('code').nth(1).innerText()).resolves.toBe(HOSTILE_ROLE);
    await expect(hostileRow.locator('.tag').allInnerTexts()).resolves.toEqual(['Owner: <img src=x onerror="window.__xss=1">', 'Team: "><script>window.__xss=2</script>']);
    expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(dialogs).toEqual([]);
    expect(external).toEqual([]);

    // And the status filter narrows the findings and the matrix to the one ERROR account
    await page.selectOption('#f-status', 'ERROR');
    expect(await page.locator('.finding').count()).toBe(1);
    await expect(page.locator('#matrix tr.acct').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-account')))).resolves.toEqual(['888888888888']);
    await page.selectOption('#f-status', '');
    // And an account that passes CIS with a high FAIL of its role shows that FAIL beside the green PASS
    await expect(page.locator('#matrix tr[data-account="121212121212"] .verdict').innerText()).resolves.toMatch(/^CIS\s+PASS\s+worst other\s+FAIL\s+high$/);

    // (the page cards show each finding's check title)
    await expect(page.locator('.finding[data-check="support-role-case-capability"] .title').first().innerText()).resolves.toBe('The support role can actually open and work an AWS Support case');
    // And the screenshot is a real, non-blank page: same-size blank page compresses to a fraction of it
    const shot = await page.screenshot({ fullPage: true });
    const { width, height } = pngSize(shot);
    expect(width).toBe(1280);
    expect(height).toBeGreaterThanOrEqual(900);
    const blankPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await blankPage.setContent('<html><body style="background:#fff"></body></html>');
    const blank = await blankPage.screenshot();
    expect(shot.length).toBeGreaterThan(blank.length * 10);
    const dir = await mkdtemp(join(tmpdir(), 'sg-dashboard-'));
    await writeFile(join(dir, 'dashboard.png'), shot);
    await blankPage.close();
    await page.close();
  });

  it('opens the self-contained HTML report from a file: readable, hostile role name inert, nothing fetched', async () => {
    // Given the HTML report of the examples and the hostile account, saved to a file
    const dir = await mkdtemp(join(tmpdir(), 'sg-html-'));
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtml(await exampleReportInput()));
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    // When opened in Chromium
    await page.goto(`file://${file}`);
    // Then it shows the summary and accounts, the hostile name as text, and nothing ran or loaded
    await expect(page.locator('.cards').innerText()).resolves.toMatch(/CIS pass rate\s+44\.4%/);
    expect(await page.locator('table.matrix tr.acct').count()).toBe(10);
    await expect(page.locator('body').innerText()).resolves.toContain(`1 support role(s) with AWSSupportAccess: ${HOSTILE_ROLE}.`);
    expect(await page.locator('img, script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);
    await page.close();
  });
});

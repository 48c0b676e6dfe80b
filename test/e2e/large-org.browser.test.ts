/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import type { AuditResult } from '../../src/checks/engine.js';
import { buildDashboardData } from '../../src/dashboard/data.js';
import { startDashboard, type DashboardServer } from '../../src/dashboard/server.js';
import { renderHtml } from '../../src/report/html.js';
import { shownStatus } from '../../src/report/common.js';
import { syntheticOrgResult } from '../../bench/lib/synthetic-org.mjs';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ACCOUNTS = 500;

/** The accounts that have one finding matching every given value: what a filter must leave visible (computed from the data, not the page). */
function expectedAccounts(result: AuditResult, o: { status?: string; severity?: string; check?: string; ou?: string }): string[] {
  return result.accounts
    .filter((a) => o.ou === undefined || (a.ouPath?.join('/') ?? '') === o.ou)
    .filter((a) => result.findings.some((f) => f.accountId === a.accountId && (!o.status || shownStatus(f) === o.status) && (!o.severity || f.severity === o.severity) && (!o.check || f.checkId === o.check)))
    .map((a) => a.accountId)
    .sort();
}

/** Account ids of the matrix rows a person can see (display:none on the row or its OU group hides it). */
function visibleRows(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((rows) =>
    rows
      .filter((r) => (r as HTMLElement).getClientRects().length > 0)
      .map((r) => r.querySelector('code')!.textContent!)
      .sort(),
  );
}

function watchForHarm(page: Page): { dialogs: string[]; requests: string[] } {
  const seen = { dialogs: [] as string[], requests: [] as string[] };
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => seen.requests.push(r.url()));
  return seen;
}

describe(`a ${ACCOUNTS}-account organization in Chromium: matrix, filters, click-through`, () => {
  let browser: Browser;
  let server: DashboardServer | undefined;
  const result = syntheticOrgResult(ACCOUNTS, CHECKS);
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian "chromium" package to run the browser tests`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    dir = await mkdtemp(join(tmpdir(), 'sg-large-org-'));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the self-contained HTML report: renders, filters by status × severity, check and OU without script, cells link to findings', { timeout: 600_000 }, async () => {
    // Given the HTML report of 500 generated accounts (6 OU groups, FAIL/ERROR/SUPPRESSED/INFO/PASS mix, hostile names)
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtml({ result, checks: CHECKS, generatedAt: '2026-12-02T04:00:00.000Z' }));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const seen = watchForHarm(page);
    // When it is opened (render time printed, never asserted: the machine is shared)
    const t0 = performance.now();
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    console.log(`[large-org] HTML report of ${ACCOUNTS} accounts: ${((await stat(file)).size / 1024 / 1024).toFixed(2)} MiB, load + first frame ${Math.round(performance.now() - t0)} ms`);
    const shot = join(dir, 'report-500.png');
    await page.screenshot({ path: shot });
    console.log(`[large-org] screenshot ${shot}`);
    // Then every account is a matrix row, and nothing ran or loaded
    expect(await visibleRows(page, 'table.matrix tr.acct')).toEqual(result.accounts.map((a) => a.accountId).sort());
    expect(await page.locator('script, img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();

    // When FAIL and critical are chosen: exactly the accounts with a critical FAIL stay, in the matrix and the sections
    await page.click('label[for="fs-sF"]');
    await page.click('label[for="fv-v4"]');
    const criticalFails = expectedAccounts(result, { status: 'FAIL', severity: 'critical' });
    expect(criticalFails.length).toBeGreaterThan(5);
    expect(criticalFails.length).toBeLessThan(ACCOUNTS / 4);
    expect(await visibleRows(page, 'table.matrix tr.acct')).toEqual(criticalFails);
    expect(await visibleRows(page, 'section.acct')).toEqual(criticalFails);
    // and each remaining section shows only its critical FAIL cards
    const cards = await page.locator('.finding').evaluateAll((els) => els.filter((e) => (e as HTMLElement).getClientRects().length > 0).map((e) => e.querySelector('.badge')!.textContent + ' ' + e.querySelector('.sev')!.textContent));
    expect(new Set(cards)).toEqual(new Set(['FAIL critical']));

    // When the check is narrowed to the trust policy as well
    await page.click('label[for="fk-k9"]');
    expect(await page.locator('label[for="fk-k9"]').getAttribute('title')).toContain('(support-role-trust-policy)');
    expect(await visibleRows(page, 'table.matrix tr.acct')).toEqual(expectedAccounts(result, { status: 'FAIL', severity: 'critical', check: 'support-role-trust-policy' }));

    // When status is SUPPRESSED, any severity, any check: the accounts with an accepted exception
    await page.click('label[for="fv-all"]');
    await page.click('label[for="fk-all"]');
    await page.click('label[for="fs-sS"]');
    const suppressed = expectedAccounts(result, { status: 'SUPPRESSED' });
    expect(suppressed.length).toBeGreaterThan(0);
    expect(await visibleRows(page, 'table.matrix tr.acct')).toEqual(suppressed);

    // When one OU is chosen (status back to All): only its accounts
    await page.click('label[for="fs-all"]');
    await page.click('label[for="fo-o4"]');
    expect(await page.locator('label[for="fo-o4"]').getAttribute('title')).toBe('r-ab12 / ou-ab12-security');
    expect(await visibleRows(page, 'table.matrix tr.acct')).toEqual(expectedAccounts(result, { ou: 'r-ab12/ou-ab12-security' }));
    await page.click('label[for="fo-all"]');

    // When a red matrix cell is clicked, the page moves to that finding's card
    const cell = page.locator('table.matrix tr.acct td.c.sF.k9 a').first();
    const href = (await cell.getAttribute('href'))!;
    await cell.click();
    expect(await page.evaluate(() => location.hash)).toBe(href);
    const target = page.locator(':target');
    await expect(target.getAttribute('class')).resolves.toMatch(/^finding sF v\d k9$/);
    await expect(target.locator('strong').first().innerText()).resolves.toBe(CHECKS.find((c) => c.id === 'support-role-trust-policy')!.title);
    const box = (await target.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeLessThan(900);

    expect(seen.dialogs).toEqual([]);
    expect(seen.requests).toEqual([`file://${file}`]);
    await page.close();
  });

  it('the dashboard: text search and status, severity, check and OU filters narrow the matrix; a cell click navigates', { timeout: 600_000 }, async () => {
    server = await startDashboard({ load: async () => buildDashboardData({ result, generatedAt: '2026-12-02T04:00:00.000Z' }), port: 0 });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const seen = watchForHarm(page);
    const t0 = performance.now();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 300_000 });
    console.log(`[large-org] dashboard of ${ACCOUNTS} accounts: ready in ${Math.round(performance.now() - t0)} ms`);
    expect(await visibleRows(page, '#matrix tr.acct')).toEqual(result.accounts.map((a) => a.accountId).sort());
    await expect(page.locator('#f-count').innerText()).resolves.toBe(`${ACCOUNTS} of ${ACCOUNTS} account(s); findings of the first 200 accounts`);

    // status × severity
    await page.selectOption('#f-status', 'FAIL');
    await page.selectOption('#f-severity', 'critical');
    expect(await visibleRows(page, '#matrix tr.acct')).toEqual(expectedAccounts(result, { status: 'FAIL', severity: 'critical' }));
    expect(new Set(await page.locator('.finding').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-status')} ${e.getAttribute('data-severity')}`)))).toEqual(new Set(['FAIL critical']));
    // + check
    await page.selectOption('#f-check', 'support-role-least-privilege');
    expect(await visibleRows(page, '#matrix tr.acct')).toEqual(expectedAccounts(result, { status: 'FAIL', severity: 'critical', check: 'support-role-least-privilege' }));
    // OU alone
    await page.selectOption('#f-status', '');
    await page.selectOption('#f-severity', '');
    await page.selectOption('#f-check', '');
    await page.selectOption('#f-ou', 'r-ab12 / ou-ab12-sandbox1');
    expect(await visibleRows(page, '#matrix tr.acct')).toEqual(expectedAccounts(result, { ou: 'r-ab12/ou-ab12-sandbox1' }));
    await page.selectOption('#f-ou', '');
    // text search: an account id, then a word of the messages
    await page.fill('#f-text', '100000000042');
    await page.waitForFunction(() => document.querySelectorAll('#matrix tr.acct').length === 1);
    expect(await visibleRows(page, '#matrix tr.acct')).toEqual(['100000000042']);
    await page.fill('#f-text', '444455556666');
    const foreign = result.accounts.filter((a) => result.findings.some((f) => f.accountId === a.accountId && f.message.includes('444455556666'))).map((a) => a.accountId).sort();
    await page.waitForFunction((n) => document.querySelectorAll('#matrix tr.acct').length === n, foreign.length);
    expect(await visibleRows(page, '#matrix tr.acct')).toEqual(foreign);
    // a hostile account name is searched and shown as text
    await page.fill('#f-text', '<script>');
    await page.waitForFunction(() => document.querySelectorAll('#matrix tr.acct').length > 0 && document.querySelectorAll('#matrix tr.acct').length < 20);
    await expect(page.locator('#matrix tr.acct td.name').first().innerText()).resolves.toBe('<script>window.__xss=1</script>');
    await page.fill('#f-text', '');
    await page.waitForFunction((n) => document.querySelectorAll('#matrix tr.acct').length === n, ACCOUNTS);

    // a cell click lands on the card of that account and check
    const cell = page.locator('#matrix tr.acct td.c.FAIL a').first();
    const href = (await cell.getAttribute('href'))!;
    const check = await cell.locator('..').getAttribute('data-check');
    await cell.click();
    expect(await page.evaluate(() => location.hash)).toBe(href);
    await expect(page.locator(':target').getAttribute('data-check')).resolves.toBe(check);

    const shot = join(dir, 'dashboard-500.png');
    await page.evaluate(() => window.scrollTo(0, document.getElementById('explore')!.offsetTop));
    await page.screenshot({ path: shot });
    console.log(`[large-org] screenshot ${shot}`);
    expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(seen.dialogs).toEqual([]);
    expect(seen.requests.filter((u) => !u.startsWith(server!.url))).toEqual([]);
    await page.close();
  });
});

import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/registry.js';
import { exampleReportInput, GENERATED_AT, HOSTILE_ROLE } from '../../test/helpers/report-input.js';
import { HOSTILE_NAMES, syntheticOrgResult } from '../../bench/lib/synthetic-org.mjs';
import type { Finding } from '../findings/model.js';
import { HTML_REPORT_CSP, renderHtml } from './html.js';

/** The markup of one account's section (`<section … id="a<index>">` up to its end). */
function section(html: string, accountId: string): string {
  const start = html.lastIndexOf('<section', html.indexOf(`<code class="acct-id">${accountId}</code> `, html.indexOf('<h2>Findings by account</h2>')));
  return html.slice(start, html.indexOf('</section>', start));
}

/** The matrix row of one account. */
function row(html: string, accountId: string): string {
  const at = html.indexOf(`<code class="acct-id">${accountId}</code></a></th>`);
  return html.slice(html.lastIndexOf('<tr', at), html.indexOf('</tr>', at));
}

describe('HTML report', () => {
  it('is one self-contained file: no script, no external URL, only in-page links, a CSP that forbids both', async () => {
    // (the hostile account is left out here: its escaped name contains the text "src=x")
    const html = renderHtml(await exampleReportInput(['examples/accounts'], CHECKS));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_REPORT_CSP.replace(/'/g, '&#39;')}">`);
    expect(HTML_REPORT_CSP).toContain("default-src 'none'");
    expect(HTML_REPORT_CSP).not.toContain('script-src');
    expect(html).not.toMatch(/<script|<link|<iframe|<img|<form|\ssrc=|url\(|javascript:/i);
    // every link is a fragment of this page, and every fragment exists
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(30);
    for (const h of hrefs) {
      expect(h).toMatch(/^#[a-z0-9-]+$/);
      expect(html).toContain(` id="${h.slice(1)}"`);
    }
  });

  it('shows the summary, each account with its CIS verdict and worst other finding, and the fix for a failing one', async () => {
    const html = renderHtml(await exampleReportInput());
    expect(html).toContain('<span class="muted">CIS pass rate</span><b>44.4%</b>');
    expect(html).toContain('<span class="muted">FAIL</span><b>5</b>');
    expect(section(html, '666666666666')).toContain('<span class="muted">CIS</span> <span class="badge FAIL">FAIL</span>');
    expect(section(html, '666666666666')).toContain('<p class="why">No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.</p>');
    expect(html).toContain('<div><strong>Fix</strong><pre>Create a role that your incident responders can assume');
    expect(html).toContain('<span class="badge ERROR">ERROR</span>');
  });

  it('never shows only a green PASS for an account whose support role fails a high-severity check', async () => {
    // Given 121212121212: AWSSupportAccess attached (CIS PASS) under a boundary that blocks every case action (high FAIL)
    const html = renderHtml(await exampleReportInput(['examples/accounts'], CHECKS));
    const badges = '<span class="muted">CIS</span> <span class="badge PASS">PASS</span> <span class="q" title="The support role can actually open and work an AWS Support case (support-role-case-capability)"><span class="muted">worst other</span> <span class="badge FAIL">FAIL</span> <span class="sev">high</span></span>';
    // Then its matrix row and its section both carry the high FAIL beside the PASS
    expect(row(html, '121212121212')).toContain(badges);
    expect(section(html, '121212121212')).toContain(badges);
    // And its findings are listed critical first, each card with its check's title
    const severities = [...section(html, '121212121212').matchAll(/<span class="sev">(\w+)<\/span> <strong>/g)].map((m) => m[1]);
    const rank = ['critical', 'high', 'medium', 'low', 'info'];
    expect(severities.length).toBeGreaterThan(3);
    expect([...severities].sort((a, b) => rank.indexOf(a!) - rank.indexOf(b!))).toEqual(severities);
    expect(section(html, '121212121212')).toContain('<span class="badge FAIL">FAIL</span> <span class="sev">high</span> <strong>The support role can actually open and work an AWS Support case</strong>');
    // And account ids are styled never to wrap
    expect(html).toContain('.acct-id{white-space:nowrap;word-break:normal');
  });

  it('draws the accounts × checks matrix: one cell per check, coloured by the worst result, linked to its finding', async () => {
    const html = renderHtml(await exampleReportInput(['examples/accounts'], CHECKS));
    const r = row(html, '121212121212');
    // one cell per check column, in the column order of the header (CIS first)
    const columns = [...html.matchAll(/<th class="ck" title="[^"]*\(([a-z-]+)\)">/g)].map((m) => m[1]);
    expect(columns[0]).toBe('cis-support-role');
    expect(r.match(/<td class="c /g)).toHaveLength(columns.length);
    const caseCapability = columns.indexOf('support-role-case-capability');
    const cell = r.match(new RegExp(`<td class="c sF v3 k${caseCapability}"><a href="#(f\\d+-${caseCapability})" title="FAIL high">F</a></td>`));
    expect(cell).not.toBeNull();
    // the link lands on the case-capability card of that account
    const card = html.slice(html.indexOf(` id="${cell![1]}"`));
    expect(card.slice(0, card.indexOf('</div>'))).toContain('support-role-case-capability');
    // a check that did not run for lack of data is a grey cell saying why, not a PASS
    const monitoring = columns.indexOf('support-role-monitoring');
    expect(monitoring).toBeGreaterThan(0);
    expect(r).toContain('<td class="c n" title="support-role-monitoring: not run (needs cloudTrail)"><span>·</span></td>');
  });

  it('groups accounts by OU when the scan knew it, and offers each OU as a filter', () => {
    const result = syntheticOrgResult(30, CHECKS);
    const html = renderHtml({ result, checks: CHECKS, generatedAt: GENERATED_AT });
    const groupHeads = [...html.matchAll(/<tr class="ouh"><th colspan="\d+">([^<]+) <span class="muted">· (\d+) account\(s\)<\/span>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(groupHeads).toEqual(['r-ab12 / ou-ab12-nonprod1 5', 'r-ab12 / ou-ab12-prod0001 / ou-ab12-prodeu01 5', 'r-ab12 / ou-ab12-prod0001 / ou-ab12-produs01 5', 'r-ab12 / ou-ab12-sandbox1 5', 'r-ab12 / ou-ab12-security 5', 'OU not known 5']);
    expect(html).toContain('<label for="fo-o0" title="r-ab12 / ou-ab12-nonprod1">ou-ab12-nonprod1</label>');
    expect(html).toContain('<label for="fo-o5" title="OU not known">OU not known</label>');
    expect(html).toContain('#fo-o0:checked~main :is(tbody.ou,div.ougroup):not(.o0)');
  });

  it('matches an account to the filters through one class per combination of its findings', () => {
    // Given an account with a critical FAIL of the check in column k9 (trust policy) and a PASS elsewhere
    const result = syntheticOrgResult(30, CHECKS);
    const html = renderHtml({ result, checks: CHECKS, generatedAt: GENERATED_AT });
    const columns = [...html.matchAll(/<th class="ck" title="[^"]*\(([a-z-]+)\)">/g)].map((m) => m[1]);
    const k = columns.indexOf('support-role-trust-policy');
    const r = row(html, '100000000001');
    const classes = r.slice(r.indexOf('class="') + 7, r.indexOf('"', r.indexOf('class="') + 7)).split(' ');
    // Then it carries the FAIL × critical × check class, and no class of a combination it does not have
    expect(classes).toEqual(expect.arrayContaining(['acct', 'xF', 'xv4', `xk${k}`, 'xF4', `xk${k}F`, `xk${k}v4`, `xk${k}F4`, 'xP']));
    expect(classes).not.toContain(`xk${k}P`);
    expect(classes).not.toContain('xE');
    // And the rule for "FAIL, critical, that check" hides every account without that very class
    expect(html).toContain(`#fs-sF:checked~#fv-v4:checked~#fk-k${k}:checked~main :is(tr.acct,section.acct,tbody.ou,div.ougroup):not(.xk${k}F4)`);
  });

  it('shows a suppressed finding as SUPPRESSED with its reason, owner and expiry, never as its old FAIL', () => {
    const result = syntheticOrgResult(8, CHECKS);
    const f = result.findings.find((x) => x.accountId === '100000000007' && x.checkId === 'cis-support-role') as Finding;
    expect(f.suppression).toBeDefined();
    const html = renderHtml({ result, checks: CHECKS, generatedAt: GENERATED_AT });
    const s = section(html, '100000000007');
    expect(s).toContain('<span class="muted">CIS</span> <span class="badge FAIL">FAIL</span> <span class="badge SUPPRESSED">SUPPRESSED</span>');
    expect(s).toContain('<div class="finding sS v2 k0" id="f7-0">\n<div><span class="badge SUPPRESSED">SUPPRESSED</span> <span class="sev">medium</span>');
    expect(s).toContain('<div class="muted suppression">suppressed FAIL (supportguard.yml suppressions[0]): sandbox, no production data — owner platform-security, expires 2027-03-31</div>');
    expect(row(html, '100000000007')).toContain('<td class="c sS v2 k0"><a href="#f7-0" title="SUPPRESSED medium">S</a></td>');
    expect(html).toContain('<label for="fs-sS">SUPPRESSED</label>');
  });

  it('renders attacker-chosen role and account names — markup, quotes, bidi overrides — as inert text', async () => {
    // Given an account whose support role is named with quotes, an <img onerror> and a formula
    const html = renderHtml(await exampleReportInput());
    // Then the name appears only escaped: no tag, no attribute break-out
    expect(html).not.toContain(HOSTILE_ROLE);
    expect(html).not.toContain('<img');
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
    // And hostile account names (in the matrix name cell, its title attribute and the section heading) stay text
    const org = renderHtml({ result: syntheticOrgResult(300, CHECKS), checks: CHECKS, generatedAt: GENERATED_AT });
    for (const name of HOSTILE_NAMES) expect(org).not.toContain(name);
    expect(org).not.toMatch(/<script|<img/i);
    expect(org).not.toContain('\u202E');
    expect(org).toContain('<td class="name" title="&lt;script&gt;window.__xss=1&lt;/script&gt;">&lt;script&gt;window.__xss=1&lt;/script&gt;</td>');
    expect(org).toContain('&quot;&gt;&lt;img src=x onerror=&quot;window.__xss=2&quot;&gt;');
    expect(org).toContain('o&#39;brien\ufffdtxt.exe');
  });
});

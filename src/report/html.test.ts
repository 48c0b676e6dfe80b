import { describe, expect, it } from 'vitest';
import { exampleReportInput, HOSTILE_ROLE } from '../../test/helpers/report-input.js';
import { HTML_REPORT_CSP, renderHtml } from './html.js';

describe('HTML report', () => {
  it('is one self-contained file: no script, no external URL, a CSP that forbids both', async () => {
    // (the hostile account is left out here: its escaped name contains the text "src=x")
    const html = renderHtml(await exampleReportInput(['examples/accounts']));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_REPORT_CSP.replace(/'/g, '&#39;')}">`);
    expect(HTML_REPORT_CSP).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|<iframe|<img|\ssrc=|\shref=|url\(/i);
  });

  it('shows the summary, every account with its verdict, and the fix for a failing one', async () => {
    const html = renderHtml(await exampleReportInput());
    expect(html).toContain('<span class="muted">CIS pass rate</span><b>44.4%</b>');
    expect(html).toContain('<span class="muted">FAIL</span><b>5</b>');
    expect(html).toContain('<tr><td><code>666666666666</code></td><td></td><td><span class="badge FAIL">FAIL</span></td><td>No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.</td></tr>');
    expect(html).toContain('<div><strong>Fix</strong><pre>Create a role that your incident responders can assume');
    expect(html).toContain('<span class="badge ERROR">ERROR</span>');
  });

  it('renders an attacker-chosen role name as inert text', async () => {
    // Given an account whose support role is named with quotes, an <img onerror> and a formula
    const html = renderHtml(await exampleReportInput());
    // Then the name appears only escaped: no tag, no attribute break-out
    expect(html).not.toContain(HOSTILE_ROLE);
    expect(html).not.toContain('<img');
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
  });
});

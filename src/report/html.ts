import { formatReference } from '../frameworks/references.js';
import type { Finding, Status } from '../findings/model.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { byAccount, escapeMarkup, suppressionNote } from './common.js';
import { summarize } from './summary.js';
import type { ReportInput } from './types.js';

const esc = escapeMarkup;

/**
 * The report needs no script at all, so the policy forbids every script, every external fetch,
 * and every URL: even if escaping had a hole, nothing injected could run or phone home.
 */
export const HTML_REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
:root{--pass:#1a7f37;--fail:#cf222e;--error:#8250df;--info:#0969da;--muted:#57606a;--line:#d0d7de}
*{box-sizing:border-box}body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header,main{max-width:1100px;margin:0 auto;padding:16px 24px}header h1{margin:0;font-size:22px}header p{margin:4px 0;color:var(--muted)}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;min-width:140px}
.card b{display:block;font-size:24px}table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line)}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}th{background:#eaeef2}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-weight:600;font-size:12px}
.PASS{background:var(--pass)}.FAIL{background:var(--fail)}.ERROR{background:var(--error)}.INFO{background:var(--info)}.SUPPRESSED{background:#9a6700}
section.account{background:#fff;border:1px solid var(--line);border-radius:8px;margin:16px 0;padding:8px 16px}
.finding{border-top:1px solid var(--line);padding:8px 0}.finding:first-of-type{border-top:0}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:8px;margin:4px 0}
.muted{color:var(--muted)}code{word-break:break-all}`;

function badge(s: Status, suppressed = false): string {
  // SUPPRESSED: an accepted exception of supportguard.yml; the status beneath it is said beside it.
  if (suppressed) return `<span class="badge SUPPRESSED" title="${s}, suppressed">SUPPRESSED</span>`;
  return `<span class="badge ${s}">${s}</span>`;
}

function finding(f: Finding): string {
  const parts = [
    `<div class="finding">`,
    `<div>${badge(f.status, !!f.suppression)} <strong>${esc(f.title)}</strong> <span class="muted">${esc(f.checkId)} · ${esc(f.severity)} · ${esc(f.messageId)}</span></div>`,
    `<div class="muted">Resource: <code>${esc(f.resourceArn)}</code></div>`,
    `<p>${esc(f.message)}</p>`,
  ];
  if (f.suppression) parts.push(`<p class="muted suppression">${esc(suppressionNote(f))}</p>`);
  if (f.remediation) parts.push(`<div><strong>Fix</strong><pre>${esc(f.remediation)}</pre></div>`);
  if (f.details && Object.keys(f.details).length > 0) {
    parts.push(`<details><summary>Details</summary><pre>${esc(JSON.stringify(f.details, null, 2))}</pre></details>`);
  }
  parts.push(`<div class="muted">${esc(f.references.map(formatReference).join(' · '))}</div>`, `</div>`);
  return parts.join('\n');
}

/**
 * One self-contained HTML file: inline CSS, no script, no external URL. Every value passes through
 * `escapeMarkup`, because role names, tags and account names are chosen by whoever controls the account.
 */
export function renderHtml({ result, generatedAt }: ReportInput): string {
  const s = summarize(result);
  const rate = s.cisPassRate === null ? 'n/a' : `${Math.round(s.cisPassRate * 1000) / 10}%`;
  const accountRows = result.accounts
    .map((a) => `<tr><td><code>${esc(a.accountId)}</code></td><td>${esc(a.accountName ?? '')}</td><td>${badge(a.status)}${a.suppressed ? ` ${badge(a.status, true)}` : ''}</td><td>${esc(a.message)}</td></tr>`)
    .join('\n');
  const findingsOf = byAccount(result.findings);
  const skippedOf = byAccount(result.skipped);
  const sections = result.accounts
    .map((a) => {
      const fs = findingsOf.get(a.accountId) ?? [];
      const skipped = skippedOf.get(a.accountId) ?? [];
      const skippedLine = skipped.length
        ? `<p class="muted">Not run for lack of data: ${esc(skipped.map((x) => `${x.checkId} (needs ${x.missing.join(' or ')})`).join(', '))}</p>`
        : '';
      return `<section class="account"><h3><code>${esc(a.accountId)}</code> ${esc(a.accountName ?? '')} ${badge(a.status)}${a.suppressed ? ` ${badge(a.status, true)}` : ''}</h3>\n${fs.map(finding).join('\n')}\n${skippedLine}</section>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(HTML_REPORT_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(TOOL_NAME)} report ${esc(generatedAt)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>IAM support role report</h1><p>${esc(TOOL_NAME)} ${esc(VERSION)} · generated ${esc(generatedAt)} · CIS AWS Foundations Benchmark support role (AWSSupportAccess), Security Hub IAM.18</p></header>
<main>
<h2>Summary</h2>
<div class="cards">
<div class="card"><span class="muted">Accounts</span><b>${s.accounts.total}</b></div>
<div class="card"><span class="muted">PASS</span><b>${s.accounts.PASS}</b></div>
<div class="card"><span class="muted">FAIL</span><b>${s.accounts.FAIL}</b></div>
<div class="card"><span class="muted">ERROR</span><b>${s.accounts.ERROR}</b></div>
<div class="card"><span class="muted">CIS pass rate</span><b>${esc(rate)}</b></div>
</div>
<h2>Accounts</h2>
<table><thead><tr><th>Account</th><th>Name</th><th>Verdict</th><th>Why</th></tr></thead><tbody>
${accountRows}
</tbody></table>
<h2>Findings</h2>
${sections}
</main>
</body>
</html>
`;
}

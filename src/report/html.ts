import type { AccountVerdict } from '../checks/engine.js';
import { formatReference } from '../frameworks/references.js';
import type { Finding, Severity } from '../findings/model.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { byAccount, escapeMarkup, shownStatus, suppressionNote, type ShownStatus } from './common.js';
import { accountOverview, checkColumns, groupByOu, SEVERITIES_DESC, shortCheckLabel, STATUSES_WORST_FIRST, type AccountOverview, type CheckColumn } from './overview.js';
import { summarize } from './summary.js';
import type { ReportInput } from './types.js';

const esc = escapeMarkup;

/**
 * The report needs no script at all, so the policy forbids every script, every external fetch,
 * and every URL: even if escaping had a hole, nothing injected could run or phone home. The filters are CSS
 * (`:checked` radio buttons matched with `:has()`); the matrix links are in-page fragments (`#a3`).
 */
export const HTML_REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Short class names keep a 10,000-account page small: s<status>, v<severity>, k<check index>, o<OU index>. */
const S_CLASS: Record<ShownStatus, string> = { FAIL: 'sF', ERROR: 'sE', SUPPRESSED: 'sS', INFO: 'sI', PASS: 'sP' };
const V_CLASS: Record<Severity, string> = { critical: 'v4', high: 'v3', medium: 'v2', low: 'v1', info: 'v0' };
const LETTER: Record<ShownStatus, string> = { FAIL: 'F', ERROR: 'E', SUPPRESSED: 'S', INFO: 'I', PASS: 'P' };

const STYLE = `
:root{--pass:#1a7f37;--fail:#cf222e;--error:#8250df;--info:#0969da;--supp:#6e7781;--muted:#57606a;--line:#d0d7de}
*{box-sizing:border-box}body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header,main{max-width:1280px;margin:0 auto;padding:16px 24px}header h1{margin:0;font-size:22px}header p{margin:4px 0;color:var(--muted)}
h2{font-size:17px;margin:22px 0 8px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;min-width:140px}
.card b{display:block;font-size:24px}table{border-collapse:collapse;background:#fff;border:1px solid var(--line)}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:middle}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-weight:600;font-size:12px;white-space:nowrap}
.PASS{background:var(--pass)}.FAIL{background:var(--fail)}.ERROR{background:var(--error)}.INFO{background:var(--info)}.SUPPRESSED{background:var(--supp)}
.sev{font-size:12px;color:var(--muted);white-space:nowrap}.q{margin-left:4px}
.acct-id{white-space:nowrap;word-break:normal;font-variant-numeric:tabular-nums}
section.acct{background:#fff;border:1px solid var(--line);border-radius:8px;margin:12px 0;padding:8px 16px;scroll-margin-top:120px}
section.acct h3{margin:4px 0;font-size:15px;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.finding{border-top:1px solid var(--line);padding:8px 0;scroll-margin-top:120px}.finding:target,section.acct:target{outline:3px solid #d4a72c;outline-offset:2px}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:8px;margin:4px 0}
.muted{color:var(--muted)}code{word-break:break-all}
.filters{position:sticky;top:0;z-index:2;background:#f6f8fa;border-bottom:1px solid var(--line);padding:8px 0;display:flex;flex-direction:column;gap:4px}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px;align-items:center}.filters legend{float:left;width:72px;font-weight:600;font-size:12px;color:var(--muted)}
.fi{position:absolute;opacity:0;width:1px;height:1px}.filters label{border:1px solid var(--line);background:#fff;border-radius:12px;padding:0 9px;font-size:12px;cursor:pointer;white-space:nowrap}
.matrix-wrap{overflow:auto;max-height:75vh;border:1px solid var(--line);border-radius:8px;background:#fff}
table.matrix{border:0;font-size:12px}.matrix thead th{position:sticky;top:0;background:#eaeef2;z-index:1}
.matrix th.ck{writing-mode:vertical-rl;transform:rotate(180deg);padding:6px 2px;font-weight:600;white-space:nowrap;text-align:left}
.matrix tr.ouh th{background:#ddf4ff;position:sticky;left:0;font-weight:600}.matrix td,.matrix th{padding:2px 6px}
.matrix td.c{padding:1px;text-align:center;width:24px}.matrix td.c a,.matrix td.c span{display:block;width:22px;height:20px;line-height:20px;border-radius:3px;color:#fff;font-weight:700;text-decoration:none}
.matrix td.c.sF a{background:var(--fail)}.matrix td.c.sE a{background:var(--error)}.matrix td.c.sS a{background:var(--supp)}.matrix td.c.sI a{background:var(--info)}.matrix td.c.sP a{background:var(--pass)}
.matrix td.c.v4.sF a{box-shadow:inset 0 0 0 2px #000}.matrix td.n span{color:#8c959f;background:#f6f8fa}
.matrix td.name{max-width:220px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.legend{font-size:12px;color:var(--muted)}.legend span.k{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-2px;margin:0 3px 0 10px}
.legend .sF{background:var(--fail)}.legend .sE{background:var(--error)}.legend .sS{background:var(--supp)}.legend .sI{background:var(--info)}.legend .sP{background:var(--pass)}.legend .n{background:#f6f8fa;border:1px solid var(--line)}
.ougroup>h3{font-size:15px;margin:18px 0 4px}`;

function badge(s: ShownStatus | AccountVerdict['status']): string {
  return `<span class="badge ${s}">${s}</span>`;
}

/** The account's CIS verdict and, beside it, its worst other finding: a high FAIL can never hide behind a green PASS. */
function verdictBadges(a: AccountVerdict, o: AccountOverview): string {
  const parts = [`<span class="muted">CIS</span> ${badge(a.status)}`];
  if (o.cis?.suppression) parts.push(badge('SUPPRESSED'));
  const q = o.worstQuality;
  if (q) parts.push(`<span class="q" title="${esc(`${q.title} (${q.checkId})`)}"><span class="muted">worst other</span> ${badge(shownStatus(q))} <span class="sev">${esc(q.severity)}</span></span>`);
  return parts.join(' ');
}

function findingCard(f: Finding, cls: string, id: string | undefined): string {
  const status = shownStatus(f);
  const head = `<div class="finding ${cls}"${id ? ` id="${id}"` : ''}>\n<div>${badge(status)} <span class="sev">${esc(f.severity)}</span> <strong>${esc(f.title)}</strong> <span class="muted">${esc(f.checkId)} · ${esc(f.messageId)}</span></div>`;
  // A PASS is one line of evidence; 10,000 accounts × nine checks of them must not drown the FAILs (or the file).
  if (status === 'PASS') return `${head}\n<p>${esc(f.message)}</p></div>`;
  const parts = [head];
  if (f.suppression) parts.push(`<div class="muted suppression">${esc(suppressionNote(f))}</div>`);
  parts.push(`<div class="muted">Resource: <code>${esc(f.resourceArn)}</code></div>`, `<p>${esc(f.message)}</p>`);
  if (f.remediation) parts.push(`<div><strong>Fix</strong><pre>${esc(f.remediation)}</pre></div>`);
  if (f.details && Object.keys(f.details).length > 0) {
    parts.push(`<details><summary>Details</summary><pre>${esc(JSON.stringify(f.details, null, 2))}</pre></details>`);
  }
  parts.push(`</div>`);
  return parts.join('\n');
}

/** The checks once, with their framework controls (the same on every finding of a check, so not repeated on each card). */
function checksTable(columns: readonly CheckColumn[], result: ReportInput['result']): string {
  const refs = new Map<string, string>();
  for (const f of result.findings) if (!refs.has(f.checkId)) refs.set(f.checkId, f.references.map(formatReference).join(' · '));
  const rows = columns.map((c) => `<tr><td>${esc(shortCheckLabel(c.id))}</td><td><code>${esc(c.id)}</code></td><td>${esc(c.title)}</td><td class="muted">${esc(refs.get(c.id) ?? '')}</td></tr>`);
  return `<table class="checks"><thead><tr><th>Column</th><th>Check</th><th>Title</th><th>Framework controls</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/**
 * The filters are radio buttons placed before <main> (hidden; their labels are the visible buttons), so that plain
 * sibling selectors (`#fs-sF:checked ~ main …`) can hide what does not match: no script, and no `:has()`, which made
 * Chromium take minutes per click on 500 accounts.
 */
class Filters {
  readonly inputs: string[] = [];
  readonly selectors: string[] = [];
  label(group: string, value: string, text: string, title?: string): string {
    const id = `f${group}-${value}`;
    this.inputs.push(`<input class="fi" type="radio" name="f${group}" id="${id}"${value === 'all' ? ' checked' : ''}>`);
    this.selectors.push(`#${id}:checked~main label[for="${id}"]`);
    return `<label for="${id}"${title ? ` title="${esc(title)}"` : ''}>${esc(text)}</label>`;
  }
}

/**
 * The classes that let an account (matrix row, section) be matched by plain class selectors: for each of its findings,
 * every combination of status letter, severity digit and check index with "any" left out (xF, xv3, xk2, xF3, xk2F,
 * xk2v3, xk2F3). The filter rule for the chosen values asks for the one class that names them all.
 */
function matchClasses(findings: readonly Finding[], colIndex: ReadonlyMap<string, number>, into: Set<string>): Set<string> {
  for (const f of findings) {
    const l = LETTER[shownStatus(f)];
    const v = V_CLASS[f.severity]?.slice(1) ?? '0';
    const k = `k${colIndex.get(f.checkId)}`;
    for (const c of [l, `v${v}`, k, `${l}${v}`, `${k}${l}`, `${k}v${v}`, `${k}${l}${v}`]) into.add(`x${c}`);
  }
  return into;
}

/**
 * The filter rules. A finding card is hidden when it differs from a chosen value (one rule per value). An account and
 * an OU group are hidden unless they carry the match class of every chosen value at once: one rule per combination of
 * status × severity × check, "All" leaving its part out — each rule is a necessary condition, so together they say
 * exactly "some finding matches all filters".
 */
function filterStyle(checkCount: number, ouCount: number, selected: readonly string[]): string {
  const s = [['', '', ''], ...STATUSES_WORST_FIRST.map((x) => [`#fs-${S_CLASS[x]}:checked~`, LETTER[x], S_CLASS[x]])] as [string, string, string][];
  const v = [['', '', ''], ...SEVERITIES_DESC.map((x) => [`#fv-${V_CLASS[x]}:checked~`, V_CLASS[x].slice(1), V_CLASS[x]])] as [string, string, string][];
  const k = [['', '', ''], ...Array.from({ length: checkCount }, (_, i) => [`#fk-k${i}:checked~`, `k${i}`, `k${i}`])] as [string, string, string][];
  const rules: string[] = [];
  for (const [sw, sl] of s) for (const [vw, vd] of v) for (const [kw, kc] of k) {
    if (!sw && !vw && !kw) continue;
    const cls = `x${kc}${sl}${vd ? (sl ? vd : `v${vd}`) : ''}`;
    rules.push(`${sw}${vw}${kw}main :is(tr.acct,section.acct,tbody.ou,div.ougroup):not(.${cls})`);
  }
  const cards: string[] = [];
  const dim: string[] = [];
  for (const [w, , c] of [...s.slice(1), ...v.slice(1), ...k.slice(1)]) {
    cards.push(`${w}main .finding:not(.${c})`);
    dim.push(`${w}main td.c:not(.${c})`);
  }
  const ous = Array.from({ length: ouCount }, (_, i) => `#fo-o${i}:checked~main :is(tbody.ou,div.ougroup):not(.o${i})`);
  return `${[...rules, ...cards, ...ous].join(',\n')}{display:none}\n${dim.join(',')}{opacity:.18}\n${selected.join(',')}{background:#24292f;color:#fff;border-color:#24292f}`;
}

/**
 * One self-contained HTML file: inline CSS, no script, no external URL. Every value passes through
 * `escapeMarkup`, because role names, tags and account names are chosen by whoever controls the account;
 * element ids and class names are indexes, never data.
 */
export function renderHtml({ result, generatedAt }: ReportInput): string {
  const s = summarize(result);
  const rate = s.cisPassRate === null ? 'n/a' : `${Math.round(s.cisPassRate * 1000) / 10}%`;
  const findingsOf = byAccount(result.findings);
  const skippedOf = byAccount(result.skipped);
  const columns = checkColumns(result);
  const colIndex = new Map(columns.map((c, i) => [c.id, i]));
  const groups = groupByOu(result.accounts);
  const accountIndex = new Map(result.accounts.map((a, i) => [a, i]));
  const cls = (f: Finding) => `${S_CLASS[shownStatus(f)]} ${V_CLASS[f.severity] ?? 'v0'} k${colIndex.get(f.checkId)}`;

  const matrixRows: string[] = [];
  const sections: string[] = [];
  groups.forEach((g, gi) => {
    const groupMatch = new Set<string>();
    const rowsAt = matrixRows.push('') - 1;
    const sectionsAt = sections.push('') - 1;
    for (const a of g.accounts) {
      const ai = accountIndex.get(a)!;
      const fs = findingsOf.get(a.accountId) ?? [];
      const o = accountOverview(fs);
      const skipped = skippedOf.get(a.accountId) ?? [];
      const skippedIds = new Map(skipped.map((x) => [x.checkId, x]));
      const cells = columns.map((c, ci) => {
        const list = o.byCheck.get(c.id);
        if (!list) {
          const why = skippedIds.get(c.id);
          const tip = why ? `${c.id}: not run (${why.reason ?? `needs ${why.missing.join(' or ')}`})` : `${c.id}: no result`;
          return `<td class="c n" title="${esc(tip)}"><span>·</span></td>`;
        }
        const w = list[0]!;
        const st = shownStatus(w);
        const more = list.length > 1 ? ` (+${list.length - 1} more)` : '';
        return `<td class="c ${cls(w)}"><a href="#f${ai}-${ci}" title="${st} ${esc(w.severity)}${more}">${LETTER[st]}</a></td>`;
      });
      const name = esc(a.accountName ?? '');
      const match = [...matchClasses(fs, colIndex, new Set())].join(' ');
      matchClasses(fs, colIndex, groupMatch);
      matrixRows.push(`<tr class="acct ${match}" id="m${ai}"><th><a href="#a${ai}"><code class="acct-id">${esc(a.accountId)}</code></a></th><td class="name" title="${name}">${name}</td><td>${verdictBadges(a, o)}</td>${cells.join('')}</tr>`);

      const firstOfCheck = new Set<string>();
      const cards = o.findings.map((f) => {
        const first = !firstOfCheck.has(f.checkId);
        firstOfCheck.add(f.checkId);
        return findingCard(f, cls(f), first ? `f${ai}-${colIndex.get(f.checkId)}` : undefined);
      });
      const skippedLine = skipped.length
        ? `<p class="muted">Not run: ${esc(skipped.map((x) => `${x.checkId} (${x.reason ?? `needs ${x.missing.join(' or ')}`})`).join(', '))}</p>`
        : '';
      const ou = a.ouPath ? `<span class="muted">OU ${esc(a.ouPath.join(' / '))}</span>` : '';
      sections.push(
        `<section class="acct ${match}" id="a${ai}"><h3><code class="acct-id">${esc(a.accountId)}</code> ${name} ${verdictBadges(a, o)} ${ou}</h3>\n<p class="why">${esc(a.message)}</p>\n${cards.join('\n')}\n${skippedLine}</section>`,
      );
    }
    const gm = [...groupMatch].join(' ');
    matrixRows[rowsAt] = `<tbody class="ou o${gi} ${gm}"><tr class="ouh"><th colspan="${columns.length + 3}">${esc(g.label)} <span class="muted">· ${g.accounts.length} account(s)</span></th></tr>`;
    sections[sectionsAt] = `<div class="ougroup o${gi} ${gm}"><h3>${esc(g.label)}</h3>`;
    matrixRows.push('</tbody>');
    sections.push('</div>');
  });

  const knownOus = groups.filter((g) => g.key !== '');
  const f = new Filters();
  const statusFilter = `<fieldset><legend>Status</legend>${f.label('s', 'all', 'All')}${STATUSES_WORST_FIRST.map((x) => f.label('s', S_CLASS[x], x)).join('')}</fieldset>`;
  const severityFilter = `<fieldset><legend>Severity</legend>${f.label('v', 'all', 'All')}${SEVERITIES_DESC.map((x) => f.label('v', V_CLASS[x], x)).join('')}</fieldset>`;
  const checkFilter = `<fieldset><legend>Check</legend>${f.label('k', 'all', 'All')}${columns.map((c, i) => f.label('k', `k${i}`, shortCheckLabel(c.id), `${c.title} (${c.id})`)).join('')}</fieldset>`;
  const ouFilter = knownOus.length
    ? `<fieldset><legend>OU</legend>${f.label('o', 'all', 'All')}${groups.map((g, i) => f.label('o', `o${i}`, g.key ? g.label.split(' / ').at(-1)! : g.label, g.label)).join('')}</fieldset>`
    : `<fieldset><legend>OU</legend><span class="muted">not known for these accounts (an <code>scan --org --deep</code> records it)</span></fieldset>`;
  const filters = `<div class="filters" role="group" aria-label="Filters">\n${statusFilter}\n${severityFilter}\n${checkFilter}\n${ouFilter}\n</div>`;
  const legend = `<p class="legend">Each cell is the worst result of a check in an account; click it for the finding.${STATUSES_WORST_FIRST.map((x) => `<span class="k ${S_CLASS[x]}"></span>${LETTER[x]} ${x}`).join('')}<span class="k n"></span>· not run</p>`;
  const head = columns.map((c) => `<th class="ck" title="${esc(`${c.title} (${c.id})`)}">${esc(shortCheckLabel(c.id))}</th>`).join('');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(HTML_REPORT_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(TOOL_NAME)} report ${esc(generatedAt)}</title>
<style>${STYLE}
${filterStyle(columns.length, knownOus.length ? groups.length : 0, f.selectors)}</style>
</head>
<body>
<header><h1>IAM support role report</h1><p>${esc(TOOL_NAME)} ${esc(VERSION)} · generated ${esc(generatedAt)} · CIS AWS Foundations Benchmark support role (AWSSupportAccess), Security Hub IAM.18</p></header>
${f.inputs.join('')}
<main>
<h2>Summary</h2>
<div class="cards">
<div class="card"><span class="muted">Accounts</span><b>${s.accounts.total}</b></div>
<div class="card"><span class="muted">PASS</span><b>${s.accounts.PASS}</b></div>
<div class="card"><span class="muted">FAIL</span><b>${s.accounts.FAIL}</b></div>
<div class="card"><span class="muted">ERROR</span><b>${s.accounts.ERROR}</b></div>
<div class="card"><span class="muted">CIS pass rate</span><b>${esc(rate)}</b></div>
</div>
${filters}
<h2>Accounts × checks</h2>
${legend}
<div class="matrix-wrap"><table class="matrix"><thead><tr><th>Account</th><th>Name</th><th>Verdict</th>${head}</tr></thead>
${matrixRows.join('\n')}
</table></div>
<h2>Findings by account</h2>
<p class="muted">Critical first within each account; the filters above apply here too.</p>
${sections.join('\n')}
<h2>Checks</h2>
${checksTable(columns, result)}
</main>
</body>
</html>
`;
}

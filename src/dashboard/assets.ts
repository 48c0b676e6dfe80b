/**
 * The dashboard's static files. The page is an empty shell; the script fetches `/api/dashboard`
 * and builds every node with createElement/textContent (never innerHTML), so account names, role
 * names and tag values (all chosen by whoever controls an account) can only ever be text.
 */

/** The page shell: no data in it, one same-origin script and stylesheet. */
export const DASHBOARD_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>supportguard dashboard</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>
<header><h1>IAM support role dashboard</h1><p id="meta">Loading…</p></header>
<main>
<p id="problems" class="warning" hidden></p>
<section><h2>Summary</h2><div id="cards" class="cards"></div></section>
<section><h2>CIS pass rate over time</h2><div id="trend"></div></section>
<section><h2>Support-role access changes</h2><ul id="access-changes"></ul></section>
<section><h2>Accounts</h2>
<table id="accounts"><thead><tr><th>Account</th><th>Name</th><th>Verdict</th><th>Support roles (last used, tags)</th><th>Why</th></tr></thead><tbody></tbody></table>
</section>
<section><h2>Fix snippets</h2><p class="muted">For each account without a support role: the role as Terraform and CloudFormation (what <code>supportguard emit</code> writes).</p><div id="fixes"></div></section>
<section><h2>Findings</h2>
<label>Show <select id="filter"><option value="">all</option><option>FAIL</option><option>ERROR</option><option>PASS</option><option>INFO</option></select></label>
<div id="findings"></div>
</section>
</main>
</body>
</html>
`;

/** The stylesheet, served as `/app.css` (the CSP allows no inline style). */
export const DASHBOARD_CSS = `
:root{--pass:#1a7f37;--fail:#cf222e;--error:#8250df;--info:#0969da;--muted:#57606a;--line:#d0d7de}
*{box-sizing:border-box}body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:12px 24px}header h1{margin:0;font-size:20px}header p{margin:2px 0 0;color:#d0d7de}
main{max-width:1200px;margin:0 auto;padding:8px 24px 32px}h2{font-size:16px;margin:20px 0 8px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:130px}
.card b{display:block;font-size:26px}.card span{color:var(--muted)}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line)}th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eaeef2}.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-weight:600;font-size:12px}
.PASS{background:var(--pass)}.FAIL{background:var(--fail)}.ERROR{background:var(--error)}.INFO{background:var(--info)}.SUPPRESSED{background:#9a6700}
.role{margin-bottom:4px}.tag{display:inline-block;background:#ddf4ff;border-radius:4px;padding:0 6px;margin:1px 4px 1px 0;font-size:12px;word-break:break-all}
.finding,.snippets{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:8px 0}.muted{color:var(--muted)}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:8px;margin:4px 0}
.warning{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:8px}
.warn{color:#9a6700}
#trend svg{background:#fff;border:1px solid var(--line);border-radius:8px}.axis{stroke:#8c959f;stroke-width:1}.line{fill:none;stroke:var(--pass);stroke-width:2}
.dot{fill:var(--pass)}.label{font-size:11px;fill:#57606a}code{word-break:break-all}#accounts td:first-child code{white-space:nowrap;word-break:normal}
`;

/** The client, served as `/app.js`: fetches `/api/dashboard` and renders with textContent. */
export const DASHBOARD_JS = `'use strict';
(function () {
  var SVG = 'http://www.w3.org/2000/svg';
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function badge(status) { return el('span', { class: 'badge ' + (['PASS', 'FAIL', 'ERROR', 'INFO', 'SUPPRESSED'].indexOf(status) >= 0 ? status : 'INFO') }, [status]); }
  function pct(r) { return r === null || r === undefined ? 'n/a' : (Math.round(r * 1000) / 10) + '%'; }

  function accessChanges(data) {
    var box = document.getElementById('access-changes');
    var list = data.accessChanges || [];
    if (!list.length) { box.appendChild(el('li', { class: 'muted' }, ['No change in who can assume the support roles between recorded scans.'])); return; }
    list.slice(0, 20).forEach(function (c) { box.appendChild(el('li', { class: c.kind === 'added' || c.kind === 'weakened' ? 'warn' : '' }, [c.text])); });
    if (list.length > 20) box.appendChild(el('li', { class: 'muted' }, [(list.length - 20) + ' older change(s): supportguard kpi lists them all.']));
  }

  function cards(data) {
    var box = document.getElementById('cards');
    var s = data.summary;
    if (!s) { box.appendChild(el('p', { class: 'muted' }, ['No scan loaded.'])); return; }
    [['Accounts', s.accounts.total], ['PASS', s.accounts.PASS], ['FAIL', s.accounts.FAIL], ['ERROR', s.accounts.ERROR], ['CIS pass rate', pct(s.cisPassRate)]].forEach(function (c) {
      box.appendChild(el('div', { class: 'card' }, [el('span', null, [c[0]]), el('b', null, [String(c[1])])]));
    });
  }

  function trend(points) {
    var box = document.getElementById('trend');
    if (points.length === 0) { box.appendChild(el('p', { class: 'muted' }, ['No scan history (run scans with --history FILE and start serve with --history FILE).'])); return; }
    var W = 720, H = 220, L = 48, R = 16, T = 16, B = 40;
    var chart = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'CIS pass rate per scan' });
    chart.appendChild(svg('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B }));
    chart.appendChild(svg('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }));
    [0, 50, 100].forEach(function (v) {
      var y = H - B - (H - T - B) * v / 100;
      chart.appendChild(svg('text', { class: 'label', x: 6, y: y + 4 }, v + '%'));
    });
    var n = points.length, xs = function (i) { return n === 1 ? (L + W - R) / 2 : L + (W - L - R) * i / (n - 1); };
    var ys = function (r) { return H - B - (H - T - B) * (r || 0); };
    var d = '';
    points.forEach(function (p, i) {
      if (p.cisPassRate === null) return;
      d += (d ? ' L ' : 'M ') + xs(i).toFixed(1) + ' ' + ys(p.cisPassRate).toFixed(1);
    });
    if (d) chart.appendChild(svg('path', { class: 'line', d: d }));
    points.forEach(function (p, i) {
      if (p.cisPassRate !== null) {
        var dot = svg('circle', { class: 'dot', cx: xs(i), cy: ys(p.cisPassRate), r: 4 });
        dot.appendChild(svg('title', {}, p.time + ': ' + pct(p.cisPassRate) + ' (' + p.PASS + ' PASS, ' + p.FAIL + ' FAIL, ' + p.ERROR + ' ERROR)'));
        chart.appendChild(dot);
      }
      var anchor = n > 1 && i === n - 1 ? 'end' : n > 1 && i === 0 ? 'start' : 'middle';
      if (i === 0 || i === n - 1 || n <= 6) chart.appendChild(svg('text', { class: 'label', x: xs(i), y: H - B + 18, 'text-anchor': anchor }, String(p.time).slice(0, 10)));
    });
    box.appendChild(chart);
    var last = points[n - 1];
    box.appendChild(el('p', { class: 'muted', id: 'trend-text' }, [n + ' scan(s); latest ' + pct(last.cisPassRate) + ' (' + last.PASS + ' PASS, ' + last.FAIL + ' FAIL, ' + last.ERROR + ' ERROR)']));
  }

  function accounts(data) {
    var body = document.querySelector('#accounts tbody');
    data.accounts.forEach(function (a) {
      var roles = el('td', { class: 'roles' });
      if (a.supportRoles.length === 0) roles.appendChild(el('span', { class: 'muted' }, ['none']));
      a.supportRoles.forEach(function (r) {
        var used = r.lastUsed === undefined ? 'last use unknown' : r.lastUsed === null ? 'never used' : 'last used ' + r.lastUsed;
        var line = el('div', { class: 'role' }, [el('code', null, [r.name]), ' ', el('span', { class: 'muted' }, ['(' + used + ')'])]);
        Object.keys(r.tags || {}).forEach(function (k) { line.appendChild(el('span', { class: 'tag' }, [k + ': ' + r.tags[k]])); });
        roles.appendChild(line);
      });
      body.appendChild(el('tr', { 'data-account': a.accountId }, [el('td', null, [el('code', null, [a.accountId])]), el('td', null, [a.accountName || '']), el('td', null, a.suppressed ? [badge(a.status), ' ', badge('SUPPRESSED')] : [badge(a.status)]), roles, el('td', null, [a.message])]));
    });
  }

  function fixes(data) {
    var box = document.getElementById('fixes');
    var failing = data.accounts.filter(function (a) { return a.fixSnippets; });
    if (failing.length === 0) box.appendChild(el('p', { class: 'muted' }, ['Every judged account has a support role.']));
    failing.forEach(function (a) {
      var s = a.fixSnippets;
      box.appendChild(el('div', { class: 'snippets', 'data-account': a.accountId }, [
        el('strong', null, [a.accountId + (a.accountName ? ' (' + a.accountName + ')' : '')]),
        el('p', { class: 'muted' }, [s.note]),
        el('p', null, [el('code', null, [s.command])]),
        el('details', null, [el('summary', null, ['Terraform']), el('pre', { class: 'terraform' }, [s.terraform])]),
        el('details', null, [el('summary', null, ['CloudFormation']), el('pre', { class: 'cloudformation' }, [s.cloudformation])]),
      ]));
    });
  }

  function findings(data) {
    var box = document.getElementById('findings');
    var filter = document.getElementById('filter');
    function draw() {
      while (box.firstChild) box.removeChild(box.firstChild);
      var shown = data.findings.filter(function (f) { return !filter.value || f.status === filter.value; });
      if (shown.length === 0) box.appendChild(el('p', { class: 'muted' }, ['No findings.']));
      shown.forEach(function (f) {
        var card = el('div', { class: 'finding', 'data-status': f.status, 'data-check': f.checkId }, [
          el('div', null, [badge(f.suppression ? 'SUPPRESSED' : f.status), ' ', el('strong', null, [f.accountId + (f.accountName ? ' (' + f.accountName + ')' : '')]), ' ', el('span', { class: 'muted' }, [f.checkId + ' · ' + f.severity + ' · ' + f.messageId])]),
          el('div', { class: 'muted' }, ['Resource: ', el('code', null, [f.resourceArn])]),
          el('p', { class: 'message' }, [f.message]),
        ]);
        if (f.suppression) card.appendChild(el('p', { class: 'muted suppression' }, ['suppressed ' + f.status + ': ' + f.suppression.reason + ' (owner ' + f.suppression.owner + ', expires ' + f.suppression.expires + ')']));
        if (f.remediation) card.appendChild(el('div', { class: 'fix' }, [el('strong', null, ['Fix']), el('pre', null, [f.remediation])]));
        box.appendChild(card);
      });
    }
    filter.addEventListener('change', draw);
    draw();
  }

  fetch('/api/dashboard', { headers: { accept: 'application/json' } })
    .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
    .then(function (data) {
      document.getElementById('meta').textContent = data.tool.name + ' ' + data.tool.version + (data.generatedAt ? ' · scan of ' + data.generatedAt : '');
      if (data.historyProblems.length) {
        var p = document.getElementById('problems');
        p.hidden = false;
        p.textContent = 'History lines skipped: ' + data.historyProblems.map(function (x) { return 'line ' + x.line + ' (' + x.message + ')'; }).join('; ');
      }
      cards(data); trend(data.trend); accessChanges(data); accounts(data); fixes(data); findings(data);
      document.body.setAttribute('data-ready', 'true');
    })
    .catch(function (e) {
      document.getElementById('meta').textContent = 'Could not load the dashboard data: ' + e.message;
      document.body.setAttribute('data-ready', 'error');
    });
})();
`;

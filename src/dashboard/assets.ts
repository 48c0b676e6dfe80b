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
<section id="explore"><h2>Accounts × checks</h2>
<div class="filters" role="search">
<label>Search <input id="f-text" type="search" placeholder="account, name, role, message…" autocomplete="off"></label>
<label>Status <select id="f-status"><option value="">all</option><option>FAIL</option><option>ERROR</option><option>SUPPRESSED</option><option>INFO</option><option>PASS</option></select></label>
<label>Severity <select id="f-severity"><option value="">all</option><option>critical</option><option>high</option><option>medium</option><option>low</option><option>info</option></select></label>
<label>Check <select id="f-check"><option value="">all</option></select></label>
<label>OU <select id="f-ou"><option value="">all</option></select></label>
<span id="f-count" class="muted"></span>
</div>
<p class="legend muted">Each cell is the worst result of a check in an account (F FAIL, E ERROR, S SUPPRESSED, I INFO, P PASS, · not run); click it for the finding. An account is listed when one of its findings matches every filter.</p>
<div class="matrix-wrap"><table id="matrix"><thead></thead></table></div>
<h2>Findings</h2>
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
.acct-id{white-space:nowrap;word-break:normal;font-variant-numeric:tabular-nums}.SUPPRESSED{background:#6e7781}.sev{font-size:12px;color:var(--muted);white-space:nowrap}
.filters{position:sticky;top:0;z-index:2;background:#f6f8fa;display:flex;flex-wrap:wrap;gap:12px;align-items:center;padding:8px 0;border-bottom:1px solid var(--line)}
.filters input,.filters select{font:inherit;padding:2px 6px}#f-text{width:260px}.legend{font-size:12px}
.matrix-wrap{overflow:auto;max-height:70vh;background:#fff;border:1px solid var(--line);border-radius:8px}#matrix{border:0;font-size:12px;width:auto}
#matrix thead th{position:sticky;top:0;background:#eaeef2;z-index:1}#matrix th.ck{writing-mode:vertical-rl;transform:rotate(180deg);padding:6px 2px;white-space:nowrap}
#matrix td,#matrix th{padding:2px 6px}#matrix tr.ouh th{background:#ddf4ff}#matrix td.c{padding:1px;width:24px;text-align:center}
#matrix td.c a,#matrix td.c span{display:block;width:22px;height:20px;line-height:20px;border-radius:3px;color:#fff;font-weight:700;text-decoration:none}
#matrix td.c.FAIL a{background:var(--fail)}#matrix td.c.ERROR a{background:var(--error)}#matrix td.c.SUPPRESSED a{background:#6e7781}#matrix td.c.INFO a{background:var(--info)}#matrix td.c.PASS a{background:var(--pass)}
#matrix td.c.n span{color:#8c959f;background:#f6f8fa}#matrix td.c.dim{opacity:.18}#matrix td.name{max-width:220px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.account{background:#fff;border:1px solid var(--line);border-radius:8px;margin:10px 0;padding:6px 12px}.account h3{font-size:15px;margin:4px 0;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.account .finding{border:0;border-top:1px solid var(--line);border-radius:0;margin:0;padding:6px 0}.finding:target{outline:3px solid #d4a72c;outline-offset:2px}
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
  var STATUSES = ['FAIL', 'ERROR', 'SUPPRESSED', 'INFO', 'PASS'];
  var LETTER = { FAIL: 'F', ERROR: 'E', SUPPRESSED: 'S', INFO: 'I', PASS: 'P' };
  function badge(status) { return el('span', { class: 'badge ' + (STATUSES.indexOf(status) >= 0 ? status : 'INFO') }, [status]); }
  function shown(f) { return f.suppression ? 'SUPPRESSED' : f.status; }
  function ouKey(a) { return a.ouPath ? a.ouPath.join(' / ') : ''; }
  /** The CIS verdict and, beside it, the worst other finding: a high FAIL never hides behind a green PASS. */
  function verdict(a) {
    var parts = [el('span', { class: 'muted' }, ['CIS']), ' ', badge(a.status)];
    if (a.cisSuppressed) parts.push(' ', badge('SUPPRESSED'));
    var q = a.worstQuality;
    if (q) parts.push(' ', el('span', { class: 'q', title: q.title + ' (' + q.checkId + ')' }, [el('span', { class: 'muted' }, ['worst other ']), badge(q.status), ' ', el('span', { class: 'sev' }, [q.severity])]));
    return el('span', { class: 'verdict' }, parts);
  }
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

  // Rendering every card of 10,000 accounts would freeze the page: past these limits the page says how many it hides.
  var MAX_ROWS = 1000, MAX_SECTIONS = 200;

  function explore(data) {
    var checks = data.checks;
    var col = {};
    checks.forEach(function (c, i) { col[c.id] = i; });
    var byAccount = {};
    data.findings.forEach(function (f) { (byAccount[f.accountId] = byAccount[f.accountId] || []).push(f); });
    var text = document.getElementById('f-text'), fStatus = document.getElementById('f-status'), fSeverity = document.getElementById('f-severity');
    var fCheck = document.getElementById('f-check'), fOu = document.getElementById('f-ou');
    checks.forEach(function (c) { fCheck.appendChild(el('option', { value: c.id, title: c.title }, [c.id])); });
    var ous = [];
    data.accounts.forEach(function (a) { var k = ouKey(a); if (ous.indexOf(k) < 0) ous.push(k); });
    ous.sort(function (x, y) { return (x === '') - (y === '') || (x < y ? -1 : x > y ? 1 : 0); });
    ous.forEach(function (k) { fOu.appendChild(el('option', { value: k || '-' }, [k || 'OU not known'])); });
    var head = el('tr', null, [el('th', null, ['Account']), el('th', null, ['Name']), el('th', null, ['Verdict'])]);
    checks.forEach(function (c) { head.appendChild(el('th', { class: 'ck', title: c.title + ' (' + c.id + ')' }, [c.id === 'cis-support-role' ? 'CIS' : c.id.replace(/^support-role-/, '').replace(/^support-/, '')])); });
    document.querySelector('#matrix thead').appendChild(head);
    var index = {};
    data.accounts.forEach(function (a, i) { index[a.accountId] = i; });

    function matches(f, q) {
      if (fStatus.value && shown(f) !== fStatus.value) return false;
      if (fSeverity.value && f.severity !== fSeverity.value) return false;
      if (fCheck.value && f.checkId !== fCheck.value) return false;
      if (!q) return true;
      return [f.checkId, f.title, f.message, f.resourceArn, f.messageId].join('\\n').toLowerCase().indexOf(q) >= 0;
    }
    function accountText(a) {
      var roles = a.supportRoles.map(function (r) { return r.name + ' ' + r.arn + ' ' + Object.keys(r.tags || {}).map(function (k) { return k + ' ' + r.tags[k]; }).join(' '); });
      return [a.accountId, a.accountName || '', ouKey(a), a.message].concat(roles).join('\\n').toLowerCase();
    }
    function cell(a, c, list) {
      if (!list || list.length === 0) return el('td', { class: 'c n', title: c.id + ': not run' }, [el('span', null, ['·'])]);
      var w = list[0];
      var st = shown(w);
      var dim = (fStatus.value && st !== fStatus.value) || (fSeverity.value && w.severity !== fSeverity.value) || (fCheck.value && c.id !== fCheck.value);
      return el('td', { class: 'c ' + st + (dim ? ' dim' : ''), 'data-check': c.id }, [el('a', { href: '#f-' + index[a.accountId] + '-' + col[c.id], title: st + ' ' + w.severity + (list.length > 1 ? ' (+' + (list.length - 1) + ' more)' : '') }, [LETTER[st]])]);
    }
    function worstFirst(x, y) { return STATUSES.indexOf(shown(x)) - STATUSES.indexOf(shown(y)); }

    function draw() {
      var q = text.value.trim().toLowerCase();
      var matrix = document.getElementById('matrix');
      Array.prototype.slice.call(matrix.tBodies).forEach(function (b) { matrix.removeChild(b); });
      var box = document.getElementById('findings');
      while (box.firstChild) box.removeChild(box.firstChild);
      var shownAccounts = [];
      data.accounts.forEach(function (a) {
        if (fOu.value && (ouKey(a) || '-') !== fOu.value) return;
        var fs = byAccount[a.accountId] || [];
        // text that names the account itself keeps all its findings; otherwise the findings must contain the text
        var qf = q && accountText(a).indexOf(q) >= 0 ? '' : q;
        var hits = fs.filter(function (f) { return matches(f, qf); });
        var filtering = fStatus.value || fSeverity.value || fCheck.value || qf;
        if (filtering && hits.length === 0) return;
        shownAccounts.push({ a: a, fs: fs, hits: filtering ? hits : fs });
      });
      var groups = {};
      shownAccounts.forEach(function (x) { var k = ouKey(x.a); (groups[k] = groups[k] || []).push(x); });
      var rows = 0;
      ous.forEach(function (k) {
        if (!groups[k] || rows >= MAX_ROWS) return;
        var body = el('tbody', { class: 'ou', 'data-ou': k || '-' }, [el('tr', { class: 'ouh' }, [el('th', { colspan: String(checks.length + 3) }, [(k || 'OU not known') + ' · ' + groups[k].length + ' account(s)'])])]);
        groups[k].forEach(function (x) {
          if (rows++ >= MAX_ROWS) return;
          var a = x.a;
          var per = {};
          x.fs.forEach(function (f) { (per[f.checkId] = per[f.checkId] || []).push(f); });
          var tr = el('tr', { class: 'acct', 'data-account': a.accountId }, [el('th', null, [el('a', { href: '#acct-' + index[a.accountId] }, [el('code', { class: 'acct-id' }, [a.accountId])])]), el('td', { class: 'name', title: a.accountName || '' }, [a.accountName || '']), el('td', null, [verdict(a)])]);
          checks.forEach(function (c) { tr.appendChild(cell(a, c, per[c.id] && per[c.id].slice().sort(worstFirst))); });
          body.appendChild(tr);
        });
        matrix.appendChild(body);
      });
      var count = shownAccounts.length + ' of ' + data.accounts.length + ' account(s)';
      if (shownAccounts.length > MAX_ROWS) count += '; the matrix lists the first ' + MAX_ROWS + ', narrow the filters';
      if (shownAccounts.length > MAX_SECTIONS) count += '; findings of the first ' + MAX_SECTIONS + ' accounts';
      document.getElementById('f-count').textContent = count;
      if (shownAccounts.length === 0) box.appendChild(el('p', { class: 'muted' }, ['No findings.']));
      // the sections follow the matrix: OU group by group
      var ordered = [];
      ous.forEach(function (k) { if (groups[k]) ordered = ordered.concat(groups[k]); });
      ordered.slice(0, MAX_SECTIONS).forEach(function (x) {
        var a = x.a;
        var ai = index[a.accountId];
        var sec = el('div', { class: 'account', id: 'acct-' + ai, 'data-account': a.accountId }, [el('h3', null, [el('code', { class: 'acct-id' }, [a.accountId]), ' ', a.accountName || '', ' ', verdict(a), a.ouPath ? el('span', { class: 'muted' }, ['OU ' + ouKey(a)]) : ''])]);
        var first = {};
        x.hits.forEach(function (f) {
          var st = shown(f);
          var attrs = { class: 'finding', 'data-status': st, 'data-check': f.checkId, 'data-severity': f.severity };
          if (!first[f.checkId]) { first[f.checkId] = true; attrs.id = 'f-' + ai + '-' + col[f.checkId]; }
          var card = el('div', attrs, [
            el('div', null, [badge(st), ' ', el('span', { class: 'sev' }, [f.severity]), ' ', el('strong', { class: 'title' }, [f.title]), ' ', el('span', { class: 'muted' }, [f.checkId + ' · ' + f.messageId])]),
          ]);
          if (f.suppression) card.appendChild(el('div', { class: 'muted suppression' }, ['Suppressed ' + f.status + ': ' + f.suppression.reason + ' (owner ' + f.suppression.owner + ', expires ' + f.suppression.expires + ')']));
          card.appendChild(el('div', { class: 'muted' }, ['Resource: ', el('code', null, [f.resourceArn])]));
          card.appendChild(el('p', { class: 'message' }, [f.message]));
          if (f.remediation) card.appendChild(el('div', { class: 'fix' }, [el('strong', null, ['Fix']), el('pre', null, [f.remediation])]));
          sec.appendChild(card);
        });
        box.appendChild(sec);
      });
    }
    [fStatus, fSeverity, fCheck, fOu].forEach(function (s) { s.addEventListener('change', draw); });
    var timer;
    text.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(draw, 150); });
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
      cards(data); trend(data.trend); accessChanges(data); accounts(data); fixes(data); explore(data);
      document.body.setAttribute('data-ready', 'true');
    })
    .catch(function (e) {
      document.getElementById('meta').textContent = 'Could not load the dashboard data: ' + e.message;
      document.body.setAttribute('data-ready', 'error');
    });
})();
`;

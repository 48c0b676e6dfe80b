import pc from 'picocolors';
import type { Finding } from '../findings/model.js';
import { describeFilteredOut } from './select.js';
import { summarize } from './summary.js';
import type { ReportInput } from './types.js';
import { terminalSafe } from './terminal.js';
import { byAccount, shownStatus, suppressionNote, type ShownStatus } from './common.js';

const colours = pc.createColors(true);
const paint: Record<ShownStatus, (s: string) => string> = {
  PASS: colours.green,
  FAIL: colours.red,
  ERROR: colours.magenta,
  INFO: colours.cyan,
  SUPPRESSED: colours.dim,
};

/**
 * Beyond this many accounts the default table lists only the accounts with something to act on (a FAIL or ERROR
 * finding, or a verdict other than PASS) and counts the others: 10,000 PASS accounts are one line, not 10,000 blocks.
 */
export const TABLE_ACCOUNT_LIMIT = 50;

/** The findings the default table prints; the others are counted per account. */
const NEEDS_SOMEONE: readonly ShownStatus[] = ['FAIL', 'ERROR'];

/** Strips characters that would let a tag value or role name move the terminal cursor, fake colours or reverse text. */
const clean = terminalSafe;

function wrap(text: string, width: number): string[] {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** "4 PASS, 1 INFO" in the order statuses are listed everywhere. */
function counts(findings: readonly Finding[]): string {
  const by = new Map<ShownStatus, number>();
  for (const f of findings) by.set(shownStatus(f), (by.get(shownStatus(f)) ?? 0) + 1);
  return (['PASS', 'FAIL', 'ERROR', 'INFO', 'SUPPRESSED'] as const)
    .filter((s) => by.has(s))
    .map((s) => `${by.get(s)} ${s}`)
    .join(', ');
}

/**
 * Console report: per account its verdict and findings, then a summary line. By default only the FAIL and ERROR
 * findings are printed (the others counted per account), and beyond TABLE_ACCOUNT_LIMIT accounts the PASS accounts with
 * nothing to print are one count; `detail: 'all'` (--verbose) prints every finding. Plain text unless `color` is set
 * (the CLI sets it for a TTY without NO_COLOR).
 */
export function renderTable({ result, color, detail = 'problems' }: ReportInput): string {
  const out: string[] = [];
  const status = (s: ShownStatus) => (color ? paint[s](s.padEnd(5)) : s.padEnd(5));
  const dim = (s: string) => (color ? colours.dim(s) : s);
  // One pass over the findings: filtering them once per account made 10,000 accounts quadratic.
  const findingsOf = byAccount(result.findings);
  const many = result.accounts.length > TABLE_ACCOUNT_LIMIT;
  const compact = many && detail !== 'all';
  const fixShown = new Map<string, string>();
  const unlisted = { PASS: 0, FAIL: 0, ERROR: 0 };
  for (const account of result.accounts) {
    const all = findingsOf.get(account.accountId) ?? [];
    const shown = detail === 'all' ? all : all.filter((f) => NEEDS_SOMEONE.includes(shownStatus(f)));
    const listed = detail === 'all' || shown.length > 0 || (detail === 'problems' && (!many || account.status !== 'PASS'));
    if (!listed) {
      unlisted[account.status]++;
      continue;
    }
    const name = account.accountName ? ` (${clean(account.accountName)})` : '';
    // An account whose every FAIL is suppressed still does not pass: FAIL, marked SUPPRESSED.
    out.push(`${dim('account')} ${account.accountId}${name}  ${status(account.status)}${account.suppressed ? ` ${status('SUPPRESSED')}` : ''}`);
    for (const f of shown) {
      const s = shownStatus(f);
      out.push(`  ${status(s)} ${f.severity.padEnd(8)} ${f.checkId}`);
      for (const l of wrap(clean(f.message), 96)) out.push(`        ${l}`);
      if (f.location) out.push(`        ${dim('at')} ${clean(f.location.file)}${f.location.line ? `:${f.location.line}` : ''}${f.location.column ? `:${f.location.column}` : ''}`);
      if (f.suppression) {
        // A suppressed finding keeps its place and text, labelled SUPPRESSED with the entry's reason, owner and expiry.
        for (const l of wrap(clean(suppressionNote(f)), 96)) out.push(`        ${dim(l)}`);
      } else if (f.status === 'FAIL' && f.remediation && compact && fixShown.has(f.remediation)) {
        // Thousands of accounts failing the same way need the same fix: printed once, then pointed at.
        out.push(`        ${dim('fix:')} as for ${fixShown.get(f.remediation)} above`);
      } else if (f.status === 'FAIL' && f.remediation) {
        if (compact) fixShown.set(f.remediation, account.accountId);
        const [first, ...rest] = wrap(clean(f.remediation), 90);
        out.push(`        ${dim('fix:')} ${first}`);
        for (const l of rest) out.push(`             ${l}`);
      }
    }
    if (detail === 'problems' && shown.length < all.length) out.push(`  ${dim(`(${counts(all.filter((f) => !shown.includes(f)))} not shown; --verbose shows them)`)}`);
    out.push('');
  }
  const notListed = unlisted.PASS + unlisted.FAIL + unlisted.ERROR;
  if (notListed > 0) {
    const which = (['PASS', 'FAIL', 'ERROR'] as const).filter((v) => unlisted[v] > 0).map((v) => `${unlisted[v]} ${v}`).join(', ');
    const why = detail === 'quiet' ? '--quiet' : `more than ${TABLE_ACCOUNT_LIMIT} accounts; --verbose lists them`;
    out.push(`${notListed} account(s) with no FAIL or ERROR finding shown not listed (${which}; ${why}).`);
  }
  const s = summarize(result);
  const rate = s.cisPassRate === null ? 'n/a' : `${Math.round(s.cisPassRate * 1000) / 10}%`;
  const cisRan = result.accounts.every((a) => a.basis !== 'selected-checks');
  out.push(
    `${s.accounts.total} account(s): ${s.accounts.PASS} PASS, ${s.accounts.FAIL} FAIL, ${s.accounts.ERROR} ERROR; ` +
      (cisRan ? `CIS support-role pass rate ${rate} of judged accounts.` : 'the CIS check was not selected, so no CIS pass rate.'),
  );
  if (s.suppressed) out.push(`Suppressed by supportguard.yml: ${s.suppressed.findings} finding(s), ${s.suppressed.accounts} FAIL account(s) (counted as FAIL above, not by the exit code).`);
  for (const u of result.suppressions?.unmatched ?? []) out.push(`Suppression ${u.index} (${clean(u.check)}, owner ${clean(u.owner)}) matched no finding.`);
  const filtered = describeFilteredOut(result);
  if (filtered) out.push(filtered);
  const lacking = result.skipped.filter((x) => x.reason === undefined);
  if (lacking.length > 0) {
    const checks = [...new Set(lacking.map((x) => x.checkId))].sort();
    out.push(`Not run for lack of data (only scan --deep collects it): ${checks.join(', ')}.`);
  }
  // Checks the input cannot answer, one line per reason: "Not run: support-role-last-used because …".
  const reasons = new Map<string, Set<string>>();
  for (const x of result.skipped) if (x.reason !== undefined) (reasons.get(x.reason) ?? reasons.set(x.reason, new Set()).get(x.reason)!).add(x.checkId);
  for (const [reason, checks] of reasons) out.push(`Not run: ${[...checks].sort().join(', ')} because ${reason}.`);
  return out.join('\n') + '\n';
}

import pc from 'picocolors';
import type { Status } from '../findings/model.js';
import { summarize } from './summary.js';
import type { ReportInput } from './types.js';
import { terminalSafe } from './terminal.js';
import { suppressionNote } from './common.js';

const colours = pc.createColors(true);
const paint: Record<Status, (s: string) => string> = {
  PASS: colours.green,
  FAIL: colours.red,
  ERROR: colours.magenta,
  INFO: colours.cyan,
};
const SUPPRESSED = 'SUPPRESSED';

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

/**
 * Console report: one block a finding, grouped by account, then a summary line.
 * Plain text unless `color` is set (the CLI sets it for a TTY without NO_COLOR).
 */
export function renderTable({ result, color }: ReportInput): string {
  const out: string[] = [];
  const status = (s: Status) => (color ? paint[s](s.padEnd(5)) : s.padEnd(5));
  // A suppressed finding keeps its place and text, labelled SUPPRESSED with the entry's reason, owner and expiry.
  const shown = (s: Status, suppressed: boolean) => (suppressed ? (color ? colours.yellow(SUPPRESSED) : SUPPRESSED) : status(s));
  const dim = (s: string) => (color ? colours.dim(s) : s);
  for (const account of result.accounts) {
    const name = account.accountName ? ` (${clean(account.accountName)})` : '';
    // An account whose every FAIL is suppressed still does not pass: FAIL, marked SUPPRESSED.
    out.push(`${dim('account')} ${account.accountId}${name}  ${status(account.status)}${account.suppressed ? ` ${shown(account.status, true)}` : ''}`);
    for (const f of result.findings.filter((x) => x.accountId === account.accountId)) {
      out.push(`  ${shown(f.status, !!f.suppression)} ${f.severity.padEnd(8)} ${f.checkId}`);
      for (const l of wrap(clean(f.message), 96)) out.push(`        ${l}`);
      if (f.suppression) for (const l of wrap(clean(suppressionNote(f)), 96)) out.push(`        ${dim(l)}`);
      if (f.location) out.push(`        ${dim('at')} ${clean(f.location.file)}${f.location.line ? `:${f.location.line}` : ''}${f.location.column ? `:${f.location.column}` : ''}`);
      if (f.status === 'FAIL' && !f.suppression && f.remediation) {
        const [first, ...rest] = wrap(clean(f.remediation), 90);
        out.push(`        ${dim('fix:')} ${first}`);
        for (const l of rest) out.push(`             ${l}`);
      }
    }
    out.push('');
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

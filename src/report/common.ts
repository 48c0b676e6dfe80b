import type { Finding } from '../findings/model.js';
import { PARTITION_HOME_REGION } from '../snapshot/arn.js';
import type { Partition } from '../snapshot/model.js';
import { RuntimeError } from '../errors.js';
import { withoutBidiControls } from './terminal.js';

/**
 * Cuts text to at most `max` UTF-16 code units (the unit AWS and most schemas count),
 * ending with an ellipsis when cut, and never splitting a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  // A high surrogate at the end would leave half a character (invalid UTF-8 when serialised).
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}

/** The region to attribute account-level findings to when none is given: each partition's home region. */
export function defaultRegion(partition: Partition): string {
  return PARTITION_HOME_REGION[partition] ?? 'us-east-1';
}

/**
 * A stable identifier of a finding: the same check, account and resource across runs, whatever the verdict.
 * The message id is left out on purpose: Security Hub updates a finding by Id, so the PASS of a fixed account must
 * carry the Id of last week's FAIL, or the old FAIL stays ACTIVE for ever. Use with `onePerResource`.
 */
export function findingKey(f: Finding): string {
  return `${f.checkId}/${f.accountId}/${f.resourceArn}`;
}

const PRECEDENCE: Record<Finding['status'], number> = { FAIL: 0, ERROR: 1, PASS: 2, INFO: 3 };

/**
 * One finding per check and resource, as Security Hub and OCSF consumers (and Prowler) expect: a check that reports
 * two problems with one role (say, no MFA and a foreign account) becomes one FAIL finding naming both.
 * The merged status is the worst (FAIL, ERROR, PASS, INFO), its severity the highest among those of that status.
 */
export function onePerResource(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = findingKey(f);
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()].map((g) => {
    if (g.length === 1) return g[0]!;
    const status = g.map((f) => f.status).sort((a, b) => PRECEDENCE[a] - PRECEDENCE[b])[0]!;
    const lead = g.filter((f) => f.status === status);
    const severity = lead.map((f) => f.severity).sort((a, b) => SEVERITY_ORDER.indexOf(b) - SEVERITY_ORDER.indexOf(a))[0]!;
    const unique = (xs: string[]) => [...new Set(xs.filter(Boolean))];
    const merged: Finding = {
      ...lead[0]!,
      status,
      severity,
      messageId: unique(lead.map((f) => f.messageId)).join('+'),
      message: unique(lead.map((f) => f.message)).join(' '),
      remediation: unique(lead.map((f) => f.remediation)).join(' '),
      details: { ...lead[0]!.details, merged: g.map((f) => ({ status: f.status, messageId: f.messageId, message: f.message })) },
    };
    // One unsuppressed problem keeps the merged finding visible: it is suppressed only when all of its lead are.
    if (!lead.every((f) => f.suppression)) delete merged.suppression;
    return merged;
  });
}

/** The status a finding is shown with: a finding an active suppression matched is SUPPRESSED, whatever it was underneath. */
export type ShownStatus = Finding['status'] | 'SUPPRESSED';

/** The status a report shows: SUPPRESSED for a finding an active supportguard.yml suppression accepted. */
export function shownStatus(f: Pick<Finding, 'status' | 'suppression'>): ShownStatus {
  return f.suppression ? 'SUPPRESSED' : f.status;
}

/** One line about the suppression of a finding: why, who, until when. */
export function suppressionNote(f: Pick<Finding, 'status' | 'suppression'>): string {
  const s = f.suppression;
  return s ? `suppressed ${f.status} (supportguard.yml suppressions[${s.index}]): ${s.reason} — owner ${s.owner}, expires ${s.expires}` : '';
}

const SEVERITY_ORDER = ['info', 'low', 'medium', 'high', 'critical'];

/** Removes characters no XML 1.0 document may contain (control characters other than tab, LF, CR; lone surrogates). */
export function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Escapes text for XML/HTML text nodes and double- or single-quoted attribute values. */
export function escapeMarkup(text: string): string {
  return withoutBidiControls(xmlSafe(text)).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Groups items by account once, so large organisations render in linear time. */
export function byAccount<T extends { accountId: string }>(items: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const list = m.get(x.accountId);
    if (list) list.push(x);
    else m.set(x.accountId, [x]);
  }
  return m;
}

/**
 * The parts of a report as one string, for the renderers that give their text in parts. V8 refuses a string of more
 * than ~2^29 characters (~512 MiB) with "Invalid string length"; this says instead which report it was and what to use.
 */
export function joinParts(parts: Iterable<string>, format: string, partsRenderer: string): string {
  const list = Array.isArray(parts) ? (parts as readonly string[]) : [...parts];
  try {
    return list.join('');
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const length = list.reduce((n, p) => n + p.length, 0);
    throw new RuntimeError(`the ${format} report (${length} characters) is more than one string can hold: write it part by part with ${partsRenderer} (the CLI does)`);
  }
}

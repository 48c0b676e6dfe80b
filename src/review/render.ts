import { describeAccessChange } from '../history/access.js';
import { csvCell } from '../report/csv.js';
import { terminalSafe } from '../report/terminal.js';
import type { Approval, Review, ReviewPrincipal } from './model.js';

/** The formats `review` writes; Markdown (for a ticket) is the default. */
export const REVIEW_FORMATS = ['markdown', 'csv', 'json'] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];

const APPROVAL_TEXT: Record<Approval, string> = {
  approved: 'yes',
  'not-approved': '**NO**',
  'not-configured': 'not configured',
  'not-a-responder': 'n/a (AWS service)',
};

/** A Markdown table cell: pipes and line breaks would end the cell or the row. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function conditionsText(p: Pick<ReviewPrincipal, 'conditions' | 'principal'>): string {
  if (p.conditions.length > 0) return p.conditions.join(', ');
  return p.principal.startsWith('federated: ') ? 'none (federated: the IdP decides MFA)' : 'none';
}

function approvalText(p: ReviewPrincipal): string {
  return p.approvedAs ? `yes (${p.approvedAs})` : APPROVAL_TEXT[p.approval];
}

/** Markdown for a ticket or a pull request: one section per support role, a table of principals, the changes. */
export function renderReviewMarkdown(r: Review): string {
  const out: string[] = ['# Support-role access review', ''];
  out.push(`Generated ${r.generatedAt}. ${r.responderPolicy ? `Approved responders from ${r.policyFile ?? 'the organization policy'}.` : 'No approved-responder list (responders in supportguard.yml): approval not judged.'}`);
  out.push(r.previousScan ? `Changes are against the scan of ${r.previousScan.time} in ${r.previousScan.file}.` : 'No previous scan to compare with (give --history FILE written by audit/scan --history).');
  out.push('');
  const s = r.summary;
  out.push(`**${s.principals} principal(s) can assume ${s.roles} support role(s); ${s.unapproved} not approved; ${r.previousScan ? `${s.changes} change(s) since the previous scan` : 'changes unknown'}.**`);
  for (const role of r.roles) {
    out.push('', `## ${role.accountId}${role.accountName ? ` (${role.accountName})` : ''}: ${role.roleName}`, '', `\`${role.roleArn}\``, '');
    if (!role.judged) out.push('Who can assume it was not judged: the input has no full IAM data for it, or its trust policy is unknown.');
    else if (role.principals.length === 0) out.push('Nobody can assume it.');
    else {
      out.push('| principal | conditions | approved |', '| --- | --- | --- |');
      for (const p of role.principals) out.push(`| ${cell(p.principal)} | ${cell(conditionsText(p))} | ${cell(approvalText(p))} |`);
      if (role.notListed) out.push('', `… and ${role.notListed} more principal(s) of the account, not listed.`);
    }
    if (role.changes === undefined) {
      if (r.previousScan && role.judged) {
        out.push('', role.changesUnknownBecause === 'account-not-in-previous-scan' ? 'Changes: not known (the previous scan did not include this account).' : 'Changes: not known (the previous scan did not record who could assume this role).');
      }
    } else if (role.changes.length === 0) out.push('', 'Changes since the previous scan: none.');
    else {
      out.push('', 'Changes since the previous scan:');
      for (const c of role.changes) out.push(`- ${describeAccessChange(c)}`);
    }
  }
  if (r.accountsWithoutSupportRole.length > 0) out.push('', `## Accounts without a support role`, '', r.accountsWithoutSupportRole.join(', '));
  if (r.accountsNotReviewed.length > 0) {
    out.push('', '## Accounts not reviewed', '');
    for (const a of r.accountsNotReviewed) out.push(`- ${a.accountId}: ${a.reason.replace(/[\r\n]+/g, ' ')}`);
  }
  // Every ARN and name comes from files someone else wrote: the text goes out through the terminal filter.
  return terminalSafe(out.join('\n')) + '\n';
}

/** Column order of the review CSV: one row per principal and role, plus rows for principals removed since the previous scan. */
export const REVIEW_CSV_COLUMNS = ['account_id', 'account_name', 'role_arn', 'role_name', 'principal', 'principal_arn', 'kind', 'conditions', 'approved', 'approved_as', 'change', 'change_detail', 'generated_at'] as const;

/** CSV (RFC 4180, CRLF): a principal's conditions are joined with `; `; `change` is added/weakened/strengthened/removed or empty. */
export function renderReviewCsv(r: Review): string {
  const lines: string[] = [REVIEW_CSV_COLUMNS.join(',')];
  const push = (cells: string[]) => lines.push(cells.map(csvCell).join(','));
  for (const role of r.roles) {
    const base = [role.accountId, role.accountName ?? '', role.roleArn, role.roleName];
    const changeOf = (principal: string) => role.changes?.find((c) => c.principal === principal && c.kind !== 'removed');
    for (const p of role.principals) {
      const c = changeOf(p.principal);
      push([...base, p.principal, p.arn ?? '', p.who, p.conditions.join('; '), p.approval, p.approvedAs ?? '', c?.kind ?? '', c?.detail ?? '', r.generatedAt]);
    }
    for (const c of role.changes ?? []) if (c.kind === 'removed') push([...base, c.principal, '', '', c.conditions.join('; '), '', '', 'removed', '', r.generatedAt]);
    if (role.principals.length === 0 && !(role.changes ?? []).some((c) => c.kind === 'removed')) push([...base, '', '', '', '', '', '', '', role.judged ? 'nobody can assume it' : 'not judged', r.generatedAt]);
  }
  return lines.join('\r\n') + '\r\n';
}

/** Renders the review in a format. */
export function renderReview(r: Review, format: ReviewFormat): string {
  if (format === 'json') return JSON.stringify(r, null, 2) + '\n';
  if (format === 'csv') return renderReviewCsv(r);
  return renderReviewMarkdown(r);
}

import { formatReference } from '../frameworks/references.js';
import type { Finding } from '../findings/model.js';
import type { ReportInput } from './types.js';

/** Column order of the CSV report (a stable contract for spreadsheets and scripts). */
export const CSV_COLUMNS = [
  'account_id',
  'account_name',
  'check_id',
  'status',
  'severity',
  'resource_type',
  'resource_arn',
  'message_id',
  'message',
  'remediation',
  'references',
  'generated_at',
] as const;

/**
 * One CSV cell. Formula injection (CWE-1236): a spreadsheet runs a cell starting with = + - @
 * (or tab/CR, which some strip first) as a formula, and role names, account names and tag values
 * are attacker-controlled, so such cells get a leading `'`. Then RFC 4180 quoting.
 */
export function csvCell(value: string): string {
  const neutral = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(neutral) ? `"${neutral.replace(/"/g, '""')}"` : neutral;
}

function row(f: Finding, generatedAt: string): string[] {
  return [
    f.accountId,
    f.accountName ?? '',
    f.checkId,
    f.status,
    f.severity,
    f.resourceType,
    f.resourceArn,
    f.messageId,
    f.message,
    f.remediation,
    f.references.map(formatReference).join('; '),
    generatedAt,
  ];
}

/** CSV (RFC 4180, CRLF line ends, header row): one row per finding. */
export function renderCsv({ result, generatedAt }: ReportInput): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const f of result.findings) lines.push(row(f, generatedAt).map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}

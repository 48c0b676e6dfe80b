import { formatReference } from '../frameworks/references.js';
import type { Finding } from '../findings/model.js';
import { TOOL_NAME } from '../version.js';
import { defaultRegion, findingKey, shownStatus } from './common.js';
import type { ReportInput } from './types.js';

/**
 * Column order of the CSV report (a stable contract for spreadsheets and scripts): columns are only ever added at
 * the end. `title`, `region`, `finding_uid` and `resource_tags` are the columns Prowler's CSV has that ours lacked.
 */
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
  'title',
  'region',
  'finding_uid',
  'resource_tags',
  'suppression_reason',
  'suppression_owner',
  'suppression_expires',
] as const;

/**
 * Tags as Prowler's CSV writes them, `key=value | key=value`. AWS tag keys and values cannot contain `|`, so the
 * separator is unambiguous for real tags.
 */
function tagsCell(tags: Record<string, string> | undefined): string {
  return Object.entries(tags ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' | ');
}

/**
 * One CSV cell. Formula injection (CWE-1236): a spreadsheet runs a cell starting with = + - @
 * (or tab/CR, which some strip first) as a formula, and role names, account names and tag values
 * are attacker-controlled, so such cells get a leading `'`. Then RFC 4180 quoting.
 */
export function csvCell(value: string): string {
  const neutral = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(neutral) ? `"${neutral.replace(/"/g, '""')}"` : neutral;
}

function row(f: Finding, generatedAt: string, region: string | undefined): string[] {
  return [
    f.accountId,
    f.accountName ?? '',
    f.checkId,
    // SUPPRESSED: an active supportguard.yml suppression accepted this finding (its reason, owner, expiry at the end).
    shownStatus(f),
    f.severity,
    f.resourceType,
    f.resourceArn,
    f.messageId,
    f.message,
    f.remediation,
    f.references.map(formatReference).join('; '),
    generatedAt,
    f.title,
    // IAM is global: the region findings are attributed to, as in ASFF and OCSF.
    region ?? defaultRegion(f.partition),
    // The finding's uid in the other formats (ASFF Id before hashing, OCSF finding_info.uid): one per check and
    // resource, so two problems of one role (two rows here) share it.
    `${TOOL_NAME}/${findingKey(f)}`,
    tagsCell(f.resourceTags),
    f.suppression?.reason ?? '',
    f.suppression?.owner ?? '',
    f.suppression?.expires ?? '',
  ];
}

/** CSV (RFC 4180, CRLF line ends, header row): one row per finding. */
export function renderCsv({ result, generatedAt, region }: ReportInput): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const f of result.findings) lines.push(row(f, generatedAt, region).map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}

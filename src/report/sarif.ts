import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Log, ReportingDescriptor, Result } from 'sarif';
import type { Check } from '../checks/types.js';
import type { Finding, Severity } from '../findings/model.js';
import { formatReference } from '../frameworks/references.js';
import { TOOL_NAME, VERSION } from '../version.js';
import type { ReportInput } from './types.js';

/** SARIF levels for a FAIL of each severity (GitHub shows error/warning/note). */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/**
 * GitHub code scanning ranks security results by `security-severity` (0.1–3.9 low, 4.0–6.9 medium,
 * 7.0–8.9 high, 9.0+ critical). Informational checks get none.
 */
const SECURITY_SEVERITY: Record<Severity, string | undefined> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: undefined };

/** Rule help is per check, not per finding: `{{role}}` placeholders read as `<role>`. */
const generic = (text: string) => text.replace(/\{\{\s*(\w+)\s*\}\}/g, '<$1>');

function rule(check: Check): ReportingDescriptor {
  const refs = check.references.map(formatReference);
  const remediation = generic(check.remediation);
  const help = [
    check.description,
    '',
    `Severity: ${check.severity}. ${check.severityReason}`,
    '',
    `Remediation: ${remediation}`,
    '',
    `References: ${refs.join('; ')}.`,
    '',
    `Documentation: docs/checks/${check.id}.md in the supportguard package.`,
  ].join('\n');
  const properties: Record<string, unknown> = { tags: ['security', ...refs], precision: 'high' };
  const securitySeverity = SECURITY_SEVERITY[check.severity];
  if (securitySeverity) properties['security-severity'] = securitySeverity;
  return {
    id: check.id,
    name: check.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: check.title },
    fullDescription: { text: check.description },
    help: {
      text: help,
      markdown: `${check.description}\n\n**Severity:** ${check.severity}. ${check.severityReason}\n\n**Remediation:** ${remediation}\n\n**References:** ${refs.join('; ')}.`,
    },
    defaultConfiguration: { level: check.severity === 'info' ? 'note' : LEVEL[check.severity] },
    properties,
  };
}

/** A finding's file as a SARIF URI: relative paths stay relative to the checkout (`%SRCROOT%`), as GitHub expects. */
function artifactUri(file: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const relative = file.replace(/\\/g, '/').replace(/^\.\//, '');
  return { uri: encodeURI(relative), uriBaseId: '%SRCROOT%' };
}

function locations(f: Finding): Location[] {
  const logical = [{ fullyQualifiedName: f.resourceArn, kind: 'resource' }];
  if (!f.location) return [{ logicalLocations: logical }];
  const region: { startLine?: number; startColumn?: number } = {};
  if (f.location.line !== undefined) region.startLine = f.location.line;
  if (f.location.column !== undefined) region.startColumn = f.location.column;
  return [
    {
      physicalLocation: { artifactLocation: artifactUri(f.location.file), ...(region.startLine !== undefined ? { region } : {}) },
      logicalLocations: logical,
    },
  ];
}

function result(f: Finding, ruleIndex: number): Result {
  // SARIF: a result whose kind is not "fail" must have level "none". ERROR = not judged → "review".
  const kind = f.status === 'FAIL' ? 'fail' : f.status === 'ERROR' ? 'review' : 'informational';
  // Stable across runs (not the message, whose role lists change) yet distinct per IaC resource address.
  const address = typeof f.details?.address === 'string' ? f.details.address : '';
  const fingerprint = createHash('sha256').update([f.checkId, f.accountId, f.resourceArn, f.messageId, f.location?.file ?? '', address].join('\u0000')).digest('hex');
  const r: Result = {
    ruleId: f.checkId,
    kind,
    level: kind === 'fail' ? LEVEL[f.severity] : 'none',
    message: { text: f.status === 'FAIL' && f.remediation ? `${f.message} Fix: ${f.remediation}` : f.message },
    locations: locations(f),
    partialFingerprints: { 'supportguard/v1': fingerprint },
    properties: { status: f.status, severity: f.severity, accountId: f.accountId, resourceArn: f.resourceArn, messageId: f.messageId },
  };
  if (ruleIndex >= 0) r.ruleIndex = ruleIndex;
  return r;
}

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule per check that ran (from its
 * metadata), one result per FAIL, ERROR and INFO finding. PASS findings are not results. A finding with a
 * source location (IaC) points at file and line; otherwise the resource ARN is its logical location.
 */
export function renderSarif({ result: audit, checks, generatedAt }: ReportInput): string {
  const ruleIds = checks.map((c) => c.id);
  const results = audit.findings.filter((f) => f.status !== 'PASS').map((f) => result(f, ruleIds.indexOf(f.checkId)));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: VERSION, semanticVersion: VERSION, rules: checks.map(rule) } },
        invocations: [{ executionSuccessful: !audit.findings.some((f) => f.status === 'ERROR'), endTimeUtc: generatedAt }],
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder supportguard was run from (the repository checkout in CI).' } } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

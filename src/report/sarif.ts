import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Log, ReportingDescriptor, Result } from 'sarif';
import type { Check } from '../checks/types.js';
import type { Finding, Severity } from '../findings/model.js';
import { formatReference } from '../frameworks/references.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { checkDocsPath, docsUri } from './docs.js';
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

/**
 * GitHub shows the first 10 tags of a rule: `security` (what GitHub filters on), then the newest CIS version
 * (the one audits cite), then the other frameworks, then older CIS versions newest first.
 */
export function ruleTags(check: Check): string[] {
  const cis = check.references.filter((r) => r.framework.startsWith('CIS')).sort((a, b) => b.version.localeCompare(a.version, 'en', { numeric: true }));
  const others = check.references.filter((r) => !r.framework.startsWith('CIS'));
  return ['security', ...[...cis.slice(0, 1), ...others, ...cis.slice(1)].map(formatReference)];
}

/** The level of a FAIL of a given severity; the rule's default is that of the check's severity. */
const ruleLevel = (check: Check) => LEVEL[check.severity];

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
    `Documentation: ${checkDocsPath(check.id)} in the supportguard package.`,
  ].join('\n');
  const properties: Record<string, unknown> = { tags: ruleTags(check), precision: 'high' };
  const securitySeverity = SECURITY_SEVERITY[check.severity];
  if (securitySeverity) properties['security-severity'] = securitySeverity;
  return {
    id: check.id,
    name: check.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: check.title },
    fullDescription: { text: check.description },
    // supportguard has no documentation site: the URL is the page in the installed package (see ./docs.ts).
    helpUri: docsUri(checkDocsPath(check.id)),
    help: {
      text: help,
      markdown: `${check.description}\n\n**Severity:** ${check.severity}. ${check.severityReason}\n\n**Remediation:** ${remediation}\n\n**References:** ${refs.join('; ')}.`,
    },
    defaultConfiguration: { level: ruleLevel(check) },
    properties,
  };
}

/** A finding's file as a SARIF URI: relative paths stay relative to the checkout (`%SRCROOT%`), as GitHub expects. */
function artifactUri(file: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const relative = file.replace(/\\/g, '/').replace(/^\.\//, '');
  return { uri: encodeURI(relative), uriBaseId: '%SRCROOT%' };
}

/**
 * The artifact a live-scanned account's results point at. GitHub code scanning rejects results without a physical
 * location, and a live account has no file: this generated, documented name (see docs/reports.md) stands for it.
 * It is listed in `run.artifacts` with a description saying so.
 */
export function liveAccountArtifact(accountId: string): string {
  return `supportguard/accounts/${encodeURIComponent(accountId)}.json`;
}

/**
 * Every result gets a physical location with a start line (GitHub's rule): the IaC file and line when known,
 * otherwise the export or snapshot file the account was read from, otherwise the generated per-account artifact.
 */
function locations(f: Finding, sourceFiles: Record<string, string>): Location[] {
  const logicalLocations = [{ fullyQualifiedName: f.resourceArn, kind: 'resource' }];
  const file = f.location?.file ?? sourceFiles[f.accountId];
  const artifactLocation = file !== undefined ? artifactUri(file) : { uri: liveAccountArtifact(f.accountId) };
  const region: { startLine: number; startColumn?: number } = { startLine: f.location?.line ?? 1 };
  if (f.location?.line !== undefined && f.location.column !== undefined) region.startColumn = f.location.column;
  return [{ physicalLocation: { artifactLocation, region }, logicalLocations }];
}

/**
 * Stable across runs (not the message, whose role lists change) yet distinct per IaC resource address and attribute
 * (three unknown `ManagedPolicyArns[n]` of one role are three results). Results still alike get an occurrence
 * number, so no two results of a run share a fingerprint.
 */
function fingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const address = typeof f.details?.address === 'string' ? f.details.address : '';
    const attribute = typeof f.details?.attribute === 'string' ? [f.details.attribute] : [];
    const parts = [f.checkId, f.accountId, f.resourceArn, f.messageId, f.location?.file ?? '', address, ...attribute];
    const base = createHash('sha256').update(parts.join('\u0000')).digest('hex');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : createHash('sha256').update(`${base}\u0000${n}`).digest('hex');
  });
}

function result(f: Finding, check: Check | undefined, ruleIndex: number, fingerprint: string, sourceFiles: Record<string, string>): Result {
  // SARIF: a result whose kind is not "fail" must have level "none". ERROR = not judged → "review".
  const kind = f.status === 'FAIL' ? 'fail' : f.status === 'ERROR' ? 'review' : 'informational';
  const level = kind === 'fail' ? LEVEL[f.severity] : 'none';
  const r: Result = {
    ruleId: f.checkId,
    kind,
    message: { text: f.status === 'FAIL' && f.remediation ? `${f.message} Fix: ${f.remediation}` : f.message },
    locations: locations(f, sourceFiles),
    partialFingerprints: { 'supportguard/v1': fingerprint },
    properties: { status: f.status, severity: f.severity, accountId: f.accountId, resourceArn: f.resourceArn, messageId: f.messageId },
  };
  // The level only where it differs from the rule's default (a check may rate one finding higher or lower).
  if (!check || level !== ruleLevel(check)) r.level = level;
  // GitHub code scanning and SARIF viewers hide results with an accepted external suppression: the accepted exception
  // of supportguard.yml, with who owns it until when.
  if (f.suppression) {
    r.suppressions = [{ kind: 'external', status: 'accepted', justification: `${f.suppression.reason} (owner ${f.suppression.owner}, expires ${f.suppression.expires})` }];
    r.properties = { ...r.properties, suppressed: true, suppressionOwner: f.suppression.owner, suppressionExpires: f.suppression.expires };
  }
  if (ruleIndex >= 0) r.ruleIndex = ruleIndex;
  return r;
}

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule per check that ran (from its
 * metadata), one result per FAIL, ERROR and INFO finding. PASS findings are not results. Every result has a
 * physical location (IaC file and line, else the account's export file, else a generated per-account artifact)
 * and the resource ARN as its logical location.
 */
export function renderSarif({ result: audit, checks, generatedAt }: ReportInput): string {
  const ruleIds = checks.map((c) => c.id);
  const sourceFiles = audit.sourceFiles ?? {};
  const reported = audit.findings.filter((f) => f.status !== 'PASS');
  const prints = fingerprints(reported);
  const results = reported.map((f, i) => {
    const ruleIndex = ruleIds.indexOf(f.checkId);
    return result(f, checks[ruleIndex], ruleIndex, prints[i]!, sourceFiles);
  });
  const generated = [...new Set(reported.filter((f) => !f.location && sourceFiles[f.accountId] === undefined).map((f) => f.accountId))];
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: VERSION, semanticVersion: VERSION, rules: checks.map(rule) } },
        invocations: [{ executionSuccessful: !audit.findings.some((f) => f.status === 'ERROR'), endTimeUtc: generatedAt }],
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder supportguard was run from (the repository checkout in CI).' } } },
        ...(generated.length
          ? {
              artifacts: generated.map((id) => ({
                location: { uri: liveAccountArtifact(id) },
                description: { text: `Generated name for AWS account ${id} as scanned live; not a file in the repository.` },
              })),
            }
          : {}),
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

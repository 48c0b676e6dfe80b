import { formatReference } from '../frameworks/references.js';
import type { Finding } from '../findings/model.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { byAccount, escapeMarkup } from './common.js';
import type { ReportInput } from './types.js';

const esc = escapeMarkup;

/**
 * The XSD Jenkins reads (junit-10.xsd) allows `time` on every level and GitLab sums testcase times. supportguard does
 * not time its checks (they are pure functions over a collected snapshot; no collection time belongs to one), so 0.
 */
const TIME = '0';

function testcase(f: Finding): string {
  const name = `${f.accountId}${f.accountName ? ` (${f.accountName})` : ''} ${f.resourceArn}`;
  const open = `    <testcase classname="${esc(`${TOOL_NAME}.${f.checkId}`)}" name="${esc(name)}" time="${TIME}">`;
  const refs = f.references.map(formatReference).join('; ');
  const body = `${f.message}\n\nSeverity: ${f.severity}\nMessage id: ${f.messageId}\nReferences: ${refs}${f.remediation ? `\nFix: ${f.remediation}` : ''}`;
  // An accepted exception is a skipped case with its reason, not a failure (nor a pass).
  if (f.suppression) return `${open}\n      <skipped message="${esc(`SUPPRESSED ${f.status}: ${f.suppression.reason} (owner ${f.suppression.owner}, expires ${f.suppression.expires})`)}"/>\n      <system-out>${esc(body)}</system-out>\n    </testcase>`;
  switch (f.status) {
    case 'FAIL':
      return `${open}\n      <failure type="${esc(f.severity)}" message="${esc(f.message)}">${esc(body)}</failure>\n    </testcase>`;
    case 'ERROR':
      // An account that could not be judged is an <error>, not a <failure>: CI dashboards tell "broken" from "bad".
      return `${open}\n      <error type="${esc(f.messageId)}" message="${esc(f.message)}">${esc(body)}</error>\n    </testcase>`;
    default:
      return `${open}\n      <system-out>${esc(`${f.status}: ${body}`)}</system-out>\n    </testcase>`;
  }
}

/**
 * JUnit XML (the Jenkins/GitLab/Azure flavour): one <testsuite> per account, one <testcase> per finding.
 * FAIL → <failure>, ERROR → <error>, PASS/INFO → a passing case; checks not run for lack of data → <skipped>.
 * Valid against Jenkins' junit-10.xsd: `skipped` is counted per <testsuite> only (the XSD has no such attribute on
 * <testsuites>), and `time` is on every element that may carry it.
 */
export function renderJunit({ result, generatedAt }: ReportInput): string {
  const suites: string[] = [];
  let total = 0;
  let failures = 0;
  let errors = 0;
  const findingsOf = byAccount(result.findings);
  const skippedOf = byAccount(result.skipped);
  for (const account of result.accounts) {
    const findings = findingsOf.get(account.accountId) ?? [];
    const skipped = skippedOf.get(account.accountId) ?? [];
    const fails = findings.filter((f) => f.status === 'FAIL' && !f.suppression).length;
    const suppressed = findings.filter((f) => f.suppression).length;
    const errs = findings.filter((f) => f.status === 'ERROR').length;
    const tests = findings.length + skipped.length;
    const skippedCount = skipped.length + suppressed;
    total += tests;
    failures += fails;
    errors += errs;
    const name = `${account.accountId}${account.accountName ? ` (${account.accountName})` : ''}`;
    const cases = findings.map(testcase);
    for (const s of skipped) {
      cases.push(
        `    <testcase classname="${esc(`${TOOL_NAME}.${s.checkId}`)}" name="${esc(account.accountId)}" time="${TIME}">\n      <skipped message="${esc(s.reason !== undefined ? `not run: ${s.reason}` : `not run: ${s.missing.join(' or ')} data was not collected`)}"/>\n    </testcase>`,
      );
    }
    suites.push(
      `  <testsuite name="${esc(name)}" tests="${tests}" failures="${fails}" errors="${errs}" skipped="${skippedCount}" time="${TIME}" timestamp="${esc(generatedAt)}">\n${cases.join('\n')}${cases.length ? '\n' : ''}  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${esc(`${TOOL_NAME} ${VERSION}`)}" tests="${total}" failures="${failures}" errors="${errors}" time="${TIME}">\n` +
    suites.join('\n') +
    (suites.length ? '\n' : '') +
    `</testsuites>\n`
  );
}

import { accountResourceArn, type Finding, type Status, type SuppressionReport } from '../findings/model.js';
import type { AccountSnapshot, CollectError } from '../snapshot/model.js';
import { resolvePolicy, type OrganizationPolicy } from '../org-policy/policy.js';
import { ouPathOf } from '../snapshot/ou-path.js';
import type { Check, CheckContext, CheckOutcome, DataKey } from './types.js';

/** Fills `{{name}}` placeholders; a placeholder without a value is a bug in the check, so it throws. */
export function formatMessage(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    if (!(key in params)) throw new Error(`missing message parameter "${key}"`);
    return String(params[key]);
  });
}

/** The result of running checks over accounts. */
export interface AuditResult {
  findings: Finding[];
  /** Per account, the verdict of the primary check (cis-support-role): PASS, FAIL or ERROR. */
  accounts: AccountVerdict[];
  /**
   * Checks that did not run on an account: their data was not collected (e.g. no --deep; `missing` names it), or
   * the input cannot answer them (`reason`, e.g. infrastructure as code has no usage history; `missing` is empty).
   */
  skipped: { accountId: string; checkId: string; missing: DataKey[]; reason?: string }[];
  /**
   * Per account id, the file it was read from (an export, a saved snapshot, an IaC file), for offline sources.
   * SARIF gives results without a source line this file as their physical location. Not part of the JSON report.
   */
  sourceFiles?: Record<string, string>;
  /** What the suppressions of supportguard.yml did (set only when the config has suppressions). */
  suppressions?: SuppressionReport;
  /**
   * Findings a report was asked not to show (`--severity`, `--status`, `--quiet`; see src/report/select.ts), counted so
   * that summaries still count every finding and a filtered report says how many it leaves out. Absent: nothing left out.
   */
  filtered?: FilteredOut;
}

/** The findings left out of `findings` by a display filter. */
export interface FilteredOut {
  total: number;
  /** By status underneath (a suppressed FAIL counts as FAIL here and in `suppressed`). */
  byStatus: Record<Status, number>;
  suppressed: number;
  /** The flags that left them out, as the user gave them (`--severity high`). */
  by: string[];
}

export interface AccountVerdict {
  accountId: string;
  accountName?: string;
  status: Exclude<Status, 'INFO'>;
  message: string;
  /**
   * 'selected-checks' when the CIS check was left out (`--check`): the verdict then sums up the checks that ran
   * and is not a CIS result (no CIS pass rate is computed from it).
   */
  basis?: 'selected-checks';
  /**
   * True when the verdict is FAIL and every FAIL behind it is suppressed by supportguard.yml: the account still does not
   * pass (the status stays FAIL, the CIS pass rate counts it as failing), but reports show SUPPRESSED and the exit code
   * does not count it.
   */
  suppressed?: boolean;
  /** The account's OU path, root first (ids), when the snapshot shows it (see `ouPathOf`): reports group by it. */
  ouPath?: string[];
}

function primaryVerdict(accountId: string, primary: Finding[]): AccountVerdict {
  const status = primary.some((f) => f.status === 'ERROR') ? 'ERROR' : primary.some((f) => f.status === 'FAIL') ? 'FAIL' : primary.some((f) => f.status === 'PASS') ? 'PASS' : 'ERROR';
  return { accountId, status, message: primary.map((f) => f.message).join(' ') || `Not judged: ${PRIMARY_CHECK_ID} did not run.` };
}

/** Without the CIS check: FAIL when a check failed, ERROR when one could not judge, otherwise PASS. */
function selectedVerdict(accountId: string, findings: Finding[]): AccountVerdict {
  const count = (s: Status) => findings.filter((f) => f.status === s).length;
  const status = count('FAIL') ? 'FAIL' : count('ERROR') ? 'ERROR' : 'PASS';
  return { accountId, status, basis: 'selected-checks', message: `${PRIMARY_CHECK_ID} not run; selected checks: ${count('PASS')} PASS, ${count('FAIL')} FAIL, ${count('ERROR')} ERROR, ${count('INFO')} INFO.` };
}

type Availability = { kind: 'ready' } | { kind: 'missing'; keys: DataKey[] } | { kind: 'failed'; key: DataKey; error: CollectError };

function availability(check: Check, account: AccountSnapshot): Availability {
  const { allOf = [], anyOf = [] } = check.requires;
  for (const key of allOf) {
    const part = account[key];
    if (part === undefined) return { kind: 'missing', keys: [key] };
    if (part.status === 'failed') return { kind: 'failed', key, error: part.error };
  }
  if (anyOf.length > 0) {
    const present = anyOf.filter((k) => account[k] !== undefined);
    if (present.length === 0) return { kind: 'missing', keys: anyOf };
    const usable = present.find((k) => account[k]?.status === 'ok');
    if (!usable) {
      const key = present[0]!;
      return { kind: 'failed', key, error: (account[key] as { error: CollectError }).error };
    }
  }
  return { kind: 'ready' };
}

/** Role tags by role ARN, built once per snapshot's IAM data (a large account has thousands of roles). */
const tagsByRole = new WeakMap<object, Map<string, Record<string, string>>>();

function roleTags(account: AccountSnapshot, arn: string): Record<string, string> | undefined {
  if (account.iam?.status !== 'ok') return undefined;
  const iam = account.iam.data;
  let byArn = tagsByRole.get(iam);
  if (!byArn) {
    byArn = new Map(iam.roles.filter((r) => Object.keys(r.tags).length > 0).map((r) => [r.arn, r.tags]));
    tagsByRole.set(iam, byArn);
  }
  return byArn.get(arn);
}

function finding(check: Check, account: AccountSnapshot, o: CheckOutcome, message: string, remediation: string): Finding {
  const f: Finding = {
    checkId: check.id,
    title: check.title,
    status: o.status,
    severity: o.status === 'INFO' ? 'info' : (o.severity ?? check.severity),
    accountId: account.accountId,
    partition: account.partition,
    resourceArn: o.resourceArn ?? accountResourceArn(account.partition, account.accountId),
    resourceType: o.resourceType ?? (o.resourceArn ? 'AwsIamRole' : 'AwsAccount'),
    messageId: o.messageId,
    message,
    remediation,
    references: check.references,
  };
  if (account.accountName) f.accountName = account.accountName;
  if (o.details) f.details = o.details;
  // IaC snapshots say where each resource is defined (the account ARN maps to the file itself).
  const location = account.sourceLocations?.[f.resourceArn];
  if (location) f.location = { ...location };
  const tags = roleTags(account, f.resourceArn);
  if (tags) f.resourceTags = { ...tags };
  return f;
}

function errorFinding(check: Check, account: AccountSnapshot, messageId: string, message: string): Finding {
  return finding(check, account, { status: 'ERROR', messageId }, message, '');
}

/** Runs one check on one account. Never throws: a failing check or missing data becomes an ERROR finding. */
export function runCheck(
  check: Check,
  account: AccountSnapshot,
  /** Data whose failure a required check already reports as ERROR for this account (see runChecks). */
  alreadyReported: ReadonlySet<DataKey> = new Set(),
  context: CheckContext = {},
): { findings: Finding[]; skippedFor?: DataKey[]; notRunBecause?: string } {
  if (account.accountError) {
    // One ERROR per unreadable account, from the checks every account must get (the CIS verdict); the optional
    // quality checks stay silent rather than repeat the same ERROR eight times in every report.
    if (check.requires.whenNotCollected === 'skip') return { findings: [] };
    return { findings: [errorFinding(check, account, 'account-unreadable', `Account could not be read: ${account.accountError.message}`)] };
  }
  const avail = availability(check, account);
  if (avail.kind === 'missing') {
    if (check.requires.whenNotCollected === 'skip') return { findings: [], skippedFor: avail.keys };
    return { findings: [errorFinding(check, account, 'data-not-collected', `Not judged: ${avail.keys.join(' or ')} data was not collected for this account.`)] };
  }
  if (avail.kind === 'failed') {
    // IAM denied: the CIS check already says so; eight optional checks repeating it would only bury it.
    if (check.requires.whenNotCollected === 'skip' && alreadyReported.has(avail.key)) return { findings: [] };
    const op = avail.error.operation ? ` (${avail.error.operation})` : '';
    return { findings: [errorFinding(check, account, 'data-unavailable', `Not judged: ${avail.key} could not be read${op}: ${avail.error.code}: ${avail.error.message}`)] };
  }
  try {
    const notRunBecause = check.notRunBecause?.(account, context);
    if (notRunBecause !== undefined) return { findings: [], notRunBecause };
    const outcomes = check.evaluate(account, context);
    return {
      findings: outcomes.map((o) => {
        const template = check.messages[o.messageId];
        if (template === undefined) throw new Error(`unknown message id "${o.messageId}"`);
        const message = formatMessage(template, o.params);
        const remediation = o.status === 'FAIL' ? formatMessage(check.remediation, o.params) : '';
        return finding(check, account, o, message, remediation);
      }),
    };
  } catch (e) {
    // cdk-nag's rule: a check that throws is reported, not allowed to take the scan down or to pass.
    return { findings: [errorFinding(check, account, 'check-failed', `Check ${check.id} failed on this account: ${(e as Error).message}`)] };
  }
}

/** The check whose result is an account's verdict. */
export const PRIMARY_CHECK_ID = 'cis-support-role';

/** Options of runChecks. */
export interface RunOptions {
  /**
   * The organization's support-role policy (approved responders, known third parties, tagging, naming); resolved
   * per account by its id and OU path and given to every check. Without it checks judge as they always did.
   */
  policy?: OrganizationPolicy;
}

/** Runs checks over every account. Every account gets a verdict: PASS, FAIL or ERROR. */
export function runChecks(checks: readonly Check[], accounts: readonly AccountSnapshot[], options: RunOptions = {}): AuditResult {
  const result: AuditResult = { findings: [], accounts: [], skipped: [] };
  const primaryRuns = checks.some((c) => c.id === PRIMARY_CHECK_ID);
  for (const account of accounts) {
    const alreadyReported = new Set<DataKey>();
    for (const check of checks) {
      if (check.requires.whenNotCollected !== 'error') continue;
      const avail = availability(check, account);
      if (avail.kind === 'failed') alreadyReported.add(avail.key);
    }
    const context: CheckContext = options.policy ? { policy: resolvePolicy(options.policy, account) } : {};
    for (const check of checks) {
      const { findings, skippedFor, notRunBecause } = runCheck(check, account, alreadyReported, context);
      result.findings.push(...findings);
      if (skippedFor) result.skipped.push({ accountId: account.accountId, checkId: check.id, missing: skippedFor });
      if (notRunBecause !== undefined) result.skipped.push({ accountId: account.accountId, checkId: check.id, missing: [], reason: notRunBecause });
    }
    const mine = result.findings.filter((f) => f.accountId === account.accountId);
    const verdict: AccountVerdict = primaryRuns ? primaryVerdict(account.accountId, mine.filter((f) => f.checkId === PRIMARY_CHECK_ID)) : selectedVerdict(account.accountId, mine);
    if (account.accountName) verdict.accountName = account.accountName;
    const ouPath = ouPathOf(account);
    if (ouPath) verdict.ouPath = ouPath;
    result.accounts.push(verdict);
    if (account.source.kind !== 'live' && account.source.path) (result.sourceFiles ??= {})[account.accountId] = account.source.path;
  }
  return result;
}

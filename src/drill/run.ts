import type { AwsCredentialIdentity } from '@smithy/types';
import pLimit from 'p-limit';
import { assumeRoleSession, mfaSessionCredentials, type MfaToken } from '../aws/assume.js';
import { createClients, type AwsClients, type AwsConfig } from '../aws/clients.js';
import { createTestCase, DENY_PROBES, describeOpenCases, describeSeverityLevels, resolveCase, roleArnOf, supportClient, type DenyProbe } from '../aws/drill.js';
import { callerIdentity, type CallerIdentity } from '../aws/identity.js';
import { collectSupportPolicyUsage } from '../collect/account.js';
import { DEFAULT_CONCURRENCY } from '../collect/defaults.js';
import { classifyError, describeCollectError } from '../collect/errors.js';
import { listOrganizationAccounts, type SkippedAccount } from '../collect/org.js';
import { RuntimeError, UsageError } from '../errors.js';
import { parseArn } from '../snapshot/arn.js';
import type { AccountDrill, DrillResult, DrillTimings, ProbeResult, SupportCall, TestCaseResult } from './model.js';
import { judgeAccount, judgeCall } from './verdict.js';

/** The role name an org drill assumes in every account when --role-name is not given: the one `fix` and `emit` create. */
export const DEFAULT_DRILL_ROLE_NAME = 'aws-support';

/** AssumeRole's minimum: a drill needs minutes, not the default hour of a leaked session. */
export const DEFAULT_DRILL_DURATION = 900;

/** AWS Support's own service-linked role: in every account, has AWSSupportAccess-like rights, and nobody can assume it. */
const SERVICE_LINKED_SUPPORT_ROLE = 'AWSServiceRoleForSupport';

/** What `supportguard drill` needs. */
export interface DrillOptions {
  /** The caller's configuration (credentials precedence resolved by the CLI). */
  aws: AwsConfig;
  /** Drill every ACTIVE account of the organization from the caller's (central responder) identity. */
  org?: boolean;
  /** Single-account mode: the role to drill; without it, the one role of the caller's account with AWSSupportAccess. */
  roleArn?: string;
  /** Org mode: the role assumed in each account (default `aws-support`). */
  roleName?: string;
  /** Org mode: only these accounts. */
  accounts?: string[];
  mfa?: MfaToken;
  externalId?: string;
  durationSeconds?: number;
  /** Open (and at once resolve) a case with AWS's test subject. Without it, nothing is created. */
  testCase?: boolean;
  concurrency?: number;
  sessionName?: string;
  /** Milliseconds, monotonic; injected by tests. */
  clock?: () => number;
  /** The deny probes (default DENY_PROBES). */
  probes?: readonly DenyProbe[];
  /** Called as each account finishes (progress). */
  onAccount?: (drill: AccountDrill, done: number, total: number) => void;
}

interface Target {
  accountId: string;
  accountName?: string;
  roleArn: string;
}

const elapsed = (clock: () => number, since: number) => Math.max(0, Math.round(clock() - since));

/** The body of the test case: says what it is, so a support engineer who does open it knows at once. */
const TEST_CASE_BODY =
  'TEST CASE--Please ignore. Opened by `supportguard drill --test-case` to prove that the incident-response support role can open a case; it is resolved at once.';

/** One account: enter the role, ask Support, optionally open and resolve the test case, probe what must be denied. */
async function drillAccount(target: Target, caller: AwsClients<'sts'>, o: DrillOptions & { partition: CallerIdentity['partition']; credentialsMs: number; discoverMs?: number; sessionName: string; mfaOnAssume?: MfaToken }): Promise<AccountDrill> {
  const clock = o.clock ?? (() => performance.now());
  const timings: DrillTimings = { credentialsMs: o.credentialsMs };
  if (o.discoverMs !== undefined) timings.discoverMs = o.discoverMs;
  const base = { accountId: target.accountId, accountName: target.accountName, roleArn: target.roleArn, timings, testCaseAsked: !!o.testCase, support: [] as SupportCall[], probes: [] as ProbeResult[] };

  let credentials: AwsCredentialIdentity;
  let sessionArn: string;
  let t = clock();
  try {
    const session = await assumeRoleSession(caller.sts, {
      roleArn: target.roleArn,
      sessionName: o.sessionName,
      externalId: o.externalId,
      durationSeconds: o.durationSeconds ?? DEFAULT_DRILL_DURATION,
      mfa: o.mfaOnAssume,
    });
    credentials = session.credentials;
    sessionArn = session.assumedRoleArn;
  } catch (e) {
    return judgeAccount({ ...base, assumeError: describeCollectError(classifyError(e, 'sts:AssumeRole')) });
  }
  timings.assumeRoleMs = elapsed(clock, t);

  const support = supportClient(o.aws, o.partition, credentials);
  try {
    const calls: SupportCall[] = [];
    const sessionReady = clock();
    const ask = async (action: SupportCall['action'], run: () => Promise<string>) => {
      t = clock();
      let call: SupportCall;
      try {
        call = { action, outcome: 'ok', detail: await run(), ms: 0 };
      } catch (e) {
        call = { action, ...judgeCall(e, action), ms: 0 };
      }
      call.ms = elapsed(clock, t);
      if (timings.firstSupportAnswerMs === undefined && (call.outcome === 'ok' || call.outcome === 'subscription-required')) timings.firstSupportAnswerMs = elapsed(clock, sessionReady);
      calls.push(call);
    };
    await ask('support:DescribeSeverityLevels', async () => `severity levels ${(await describeSeverityLevels(support)).join(', ') || '(none)'}`);
    await ask('support:DescribeCases', async () => `${await describeOpenCases(support)} open case(s)`);

    let testCase: TestCaseResult | undefined;
    if (o.testCase) {
      if (calls.some((c) => c.outcome === 'subscription-required')) testCase = { outcome: 'skipped', detail: 'not created: the account\'s plan has no Support API' };
      else {
        t = clock();
        let caseId: string | undefined;
        try {
          caseId = await createTestCase(support, TEST_CASE_BODY);
          timings.caseCreatedMs = elapsed(clock, t);
        } catch (e) {
          const j = judgeCall(e, 'support:CreateCase');
          testCase = j.outcome === 'subscription-required' ? { outcome: 'skipped', detail: j.detail } : { outcome: j.outcome === 'denied' ? 'denied' : 'error', detail: j.detail };
        }
        if (caseId) {
          try {
            const final = await resolveCase(support, caseId);
            testCase =
              final === 'resolved'
                ? { outcome: 'created-and-resolved', caseId, detail: `case ${caseId} created and resolved` }
                : { outcome: 'created-not-resolved', caseId, detail: `case ${caseId} created; ResolveCase left it ${final ?? 'in an unknown state'}: resolve it in the Support Center` };
          } catch (e) {
            testCase = { outcome: 'created-not-resolved', caseId, detail: `case ${caseId} created but not resolved (${describeCollectError(classifyError(e, 'support:ResolveCase'))}): resolve it in the Support Center` };
          }
        }
      }
    }

    const probes = await Promise.all(
      (o.probes ?? DENY_PROBES).map(async (p): Promise<ProbeResult> => {
        try {
          await p.call(o.aws, credentials);
          return { action: p.action, outcome: 'ok', detail: 'allowed' };
        } catch (e) {
          return { action: p.action, ...judgeCall(e, p.action) };
        }
      }),
    );
    return judgeAccount({ ...base, sessionArn, support: calls, probes, testCase });
  } finally {
    support.destroy();
  }
}

/** The single role of the caller's account with AWSSupportAccess as a permissions policy (not the service-linked one). */
async function discoverRole(clients: AwsClients<'iam'>, caller: CallerIdentity): Promise<string> {
  const usage = await collectSupportPolicyUsage(clients.iam, caller.partition);
  if (usage.status === 'failed') throw new RuntimeError(`cannot find the support role in ${caller.accountId} (${describeCollectError(usage.error)}); pass --role-arn`);
  const roles = usage.data.roles.map((r) => r.name).filter((n) => n !== SERVICE_LINKED_SUPPORT_ROLE);
  if (roles.length === 0) throw new RuntimeError(`no role in ${caller.accountId} has ${usage.data.policyArn} attached (AWSServiceRoleForSupport does not count): create one with \`supportguard fix\`, or pass --role-arn`);
  if (roles.length > 1) throw new UsageError(`${roles.length} roles in ${caller.accountId} have AWSSupportAccess (${roles.sort().join(', ')}): choose one with --role-arn`);
  try {
    return await roleArnOf(clients.iam, roles[0]!);
  } catch (e) {
    throw new RuntimeError(`cannot read role ${roles[0]} (${describeCollectError(classifyError(e, 'iam:GetRole'))}); pass --role-arn`);
  }
}

/** The accounts an org drill enters, and the ones it names as not entered. */
async function orgTargets(clients: AwsClients<'organizations'>, caller: CallerIdentity, o: DrillOptions): Promise<{ targets: Target[]; skipped: SkippedAccount[]; unknown: string[]; warnings: string[] }> {
  const listing = await listOrganizationAccounts(clients.organizations);
  {
    const wanted = o.accounts ? new Set(o.accounts) : undefined;
    const roleName = o.roleName ?? DEFAULT_DRILL_ROLE_NAME;
    const targets = listing.active
      .filter((a) => !wanted || wanted.has(a.accountId))
      .map((a): Target => ({ accountId: a.accountId, ...(a.name ? { accountName: a.name } : {}), roleArn: `arn:${caller.partition}:iam::${a.accountId}:role/${roleName}` }));
    const known = new Set([...listing.active, ...listing.skipped].map((a) => a.accountId));
    return { targets, skipped: listing.skipped.filter((s) => !wanted || wanted.has(s.accountId)), unknown: (o.accounts ?? []).filter((id) => !known.has(id)), warnings: listing.warnings };
  }
}

/**
 * `supportguard drill`: does what a responder does in an incident, with the support role, and times it. Throws
 * RuntimeError/UsageError for what stops the whole drill (no usable caller credentials, no role to drill, an
 * organization that cannot be listed); everything that concerns one account ends in that account's verdict.
 */
export async function runDrill(o: DrillOptions): Promise<DrillResult> {
  const clock = o.clock ?? (() => performance.now());
  const startedAt = new Date().toISOString();
  const start = clock();
  const callerClients = await createClients(o.aws, undefined, ['sts', 'iam', 'organizations']);
  let caller: CallerIdentity;
  // The clients AssumeRole is called with: the caller's, or (org drill with MFA) those of the MFA session.
  let assumer: AwsClients<'sts'> = callerClients;
  try {
    try {
      caller = await callerIdentity(callerClients.sts);
    } catch (e) {
      throw new RuntimeError(`cannot use the caller's credentials (${describeCollectError(classifyError(e, 'sts:GetCallerIdentity'))})`);
    }
    // One MFA code opens one session: an org drill first trades it for MFA-carrying session credentials.
    if (o.org && o.mfa) {
      try {
        const mfaCredentials = await mfaSessionCredentials(callerClients.sts, o.mfa, o.durationSeconds ?? DEFAULT_DRILL_DURATION);
        assumer = await createClients(o.aws, mfaCredentials, ['sts']);
      } catch (e) {
        throw new RuntimeError(`cannot open an MFA session (${describeCollectError(classifyError(e, 'sts:GetSessionToken'))})`);
      }
    }
    const credentialsMs = elapsed(clock, start);

    let targets: Target[];
    let skipped: SkippedAccount[] = [];
    let unknown: string[] = [];
    let warnings: string[] = [];
    let discoverMs: number | undefined;
    if (o.org) ({ targets, skipped, unknown, warnings } = await orgTargets(callerClients, caller, o));
    else {
      let roleArn = o.roleArn;
      if (!roleArn) {
        const t = clock();
        roleArn = await discoverRole(callerClients, caller);
        discoverMs = elapsed(clock, t);
      }
      targets = [{ accountId: parseArn(roleArn)?.accountId ?? caller.accountId, roleArn }];
    }

    const sessionName = o.sessionName ?? `supportguard-drill-${Date.now()}`;
    const limit = pLimit(o.concurrency ?? DEFAULT_CONCURRENCY);
    let done = 0;
    const total = targets.length + unknown.length;
    const accounts = await Promise.all(
      targets.map((target) =>
        limit(async () => {
          const drill = await drillAccount(target, assumer, { ...o, partition: caller.partition, credentialsMs, discoverMs, sessionName, mfaOnAssume: o.org ? undefined : o.mfa });
          o.onAccount?.(drill, ++done, total);
          return drill;
        }),
      ),
    );
    // An id the organization does not list cannot be entered: an ERROR of its own, never dropped.
    for (const accountId of unknown) {
      accounts.push({ ...judgeAccount({ accountId, roleArn: `arn:${caller.partition}:iam::${accountId}:role/${o.roleName ?? DEFAULT_DRILL_ROLE_NAME}`, support: [], probes: [], timings: { credentialsMs }, testCaseAsked: !!o.testCase, assumeError: 'not an account of this organization' }) });
    }
    accounts.sort((a, b) => a.accountId.localeCompare(b.accountId));
    const summary = { total: accounts.length, PASS: 0, FAIL: 0, ERROR: 0 };
    for (const a of accounts) summary[a.verdict]++;
    return { startedAt, mode: o.org ? 'org' : 'account', caller, testCase: !!o.testCase, accounts, skipped, warnings, summary };
  } finally {
    if (assumer !== callerClients) assumer.destroy();
    callerClients.destroy();
  }
}

import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SupportClient } from '@aws-sdk/client-support';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, DeserializeMiddleware, FinalizeRequestMiddleware, InitializeMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { assumeRoleCredentials } from '../aws/assume.js';
import { clientOptions, sharedHttpHandler, supportRegion, type AwsConfig, type HttpOptions } from '../aws/clients.js';
import { RuntimeError, UsageError } from '../errors.js';
import { partitionOf } from '../snapshot/arn.js';
import type { AccountSnapshot, KnownAccounts, Partition, SnapshotSet } from '../snapshot/model.js';
import { AdaptiveConcurrency, type ConcurrencyStats } from './adaptive.js';
import { collectAccount, type AccountApis } from './account.js';
import { DEFAULT_CONCURRENCY, DEFAULT_MEMBER_ROLE, DEFAULT_SCAN_CONCURRENCY, INITIAL_SCAN_CONCURRENCY } from './defaults.js';
import { classifyError, describeCollectError, errorCode } from './errors.js';
import { listOrganizationAccounts, ScpReader, scpsForSingleAccount, type OrgAccount, type SkippedAccount } from './org.js';

/** What to scan and how. */
export interface ScanOptions {
  aws: AwsConfig;
  /** Scan every ACTIVE account of the organization instead of the caller's account only. */
  org?: boolean;
  /** Role assumed in member accounts (default OrganizationAccountAccessRole; Control Tower: AWSControlTowerExecution). */
  memberRoleName?: string;
  externalId?: string;
  /** Full collection for the quality checks; otherwise the minimal API path for the CIS verdict. */
  deep?: boolean;
  /**
   * Most accounts read at the same time (default DEFAULT_SCAN_CONCURRENCY, 64). The scan starts at
   * INITIAL_SCAN_CONCURRENCY (8) and adapts: it grows while AWS answers and halves on Throttling (src/collect/adaptive.ts).
   */
  concurrency?: number;
  /** --org only: scan only these account ids. */
  accounts?: string[];
  /** --org only: leave these account ids out. */
  excludeAccounts?: string[];
  /** Called as each account finishes (progress). */
  onAccount?: (snapshot: AccountSnapshot, done: number, total: number) => void;
}

/** Who is scanning. */
export interface CallerIdentity {
  accountId: string;
  arn: string;
  partition: Partition;
}

/** API usage of a scan, for the bench and for users sizing throttling limits. */
export interface ScanStats {
  /** SDK commands sent (one per API call, whatever the retries). */
  apiCalls: number;
  /** HTTP attempts, retries included. */
  httpRequests: number;
  /** HTTP attempts answered Throttling (each retried by the SDK with backoff while attempts remain). */
  throttled?: number;
  /** What the adaptive concurrency did. */
  concurrency?: ConcurrencyStats;
}

export interface ScanResult {
  /** One snapshot per scanned account, sorted by account id; an account that could not be entered has `accountError`. */
  set: SnapshotSet;
  /** Accounts listed but not scanned (not ACTIVE), with why. */
  skipped: SkippedAccount[];
  /** Repaired oddities of the organization's answers (an account listed twice), for stderr. */
  warnings: string[];
  caller: CallerIdentity;
  stats: ScanStats;
}

export { DEFAULT_CONCURRENCY, DEFAULT_MEMBER_ROLE, DEFAULT_SCAN_CONCURRENCY, INITIAL_SCAN_CONCURRENCY };

/** The part of an SDK client the counters need; every v3 client has it. */
interface WithMiddleware {
  middlewareStack: Pick<MiddlewareStack<object, MetadataBearer>, 'add'>;
}

/** Hears how AWS answered each HTTP attempt: the adaptive concurrency grows on answers and backs off on Throttling. */
interface AnswerListener {
  succeeded(): void;
  throttled(): void;
}

/**
 * Counts commands and HTTP attempts on a client, and tells `listener` how AWS answered each attempt.
 *
 * Retries live in finalizeRequest, so deserialize runs once per attempt: the request counter sits there. It sees the raw
 * HTTP answer, before the SDK's deserializer turns a 400 into a Throttling error, so the answer listener sits at the end
 * of finalizeRequest instead: inside the retry loop (once per attempt), outside the deserializer (errors already parsed).
 */
function counted<T extends WithMiddleware>(client: T, stats: ScanStats, listener?: AnswerListener): T {
  const countCalls: InitializeMiddleware<object, MetadataBearer> = (next) => (args) => {
    stats.apiCalls++;
    return next(args);
  };
  const countRequests: DeserializeMiddleware<object, MetadataBearer> = (next) => (args) => {
    stats.httpRequests++;
    return next(args);
  };
  const hearAnswers: FinalizeRequestMiddleware<object, MetadataBearer> = (next) => async (args) => {
    try {
      const out = await next(args);
      listener?.succeeded();
      return out;
    } catch (e) {
      if (errorCode(e) === 'Throttling') {
        stats.throttled = (stats.throttled ?? 0) + 1;
        listener?.throttled();
      }
      throw e;
    }
  };
  client.middlewareStack.add(countCalls, { step: 'initialize', name: 'supportguardCountCalls' });
  client.middlewareStack.add(countRequests, { step: 'deserialize', name: 'supportguardCountRequests' });
  client.middlewareStack.add(hearAnswers, { step: 'finalizeRequest', priority: 'low', name: 'supportguardHearAnswers' });
  return client;
}

/** Clients acting in one account, built on first use so the fast path creates only IAM. */
class AccountSession implements AccountApis {
  private readonly made: { destroy(): void }[] = [];
  private cache: { -readonly [K in Exclude<keyof AccountApis, 'eventBridgeIn' | 'cloudWatchLogsIn' | 'cloudWatchIn'>]?: AccountApis[K] } = {};
  private readonly otherRegions = new Map<string, EventBridgeClient>();
  private readonly regional = new Map<string, CloudWatchLogsClient | CloudWatchClient>();
  constructor(
    private readonly config: AwsConfig,
    private readonly partition: Partition,
    private readonly stats: ScanStats,
    private readonly credentials?: AwsCredentialIdentity,
    private readonly listener?: AnswerListener,
    private readonly http?: HttpOptions,
  ) {}
  private make<T extends WithMiddleware & { destroy(): void }>(c: T): T {
    this.made.push(c);
    // IAM's (and every member service's) request rate is per account: fewer accounts at once would not spare a
    // throttled account anything, so its Throttling is left to the SDK's retries and only its answers are heard.
    return counted(c, this.stats, this.listener ? { succeeded: () => this.listener!.succeeded(), throttled: () => {} } : undefined);
  }
  get iam() {
    return (this.cache.iam ??= this.make(new IAMClient(clientOptions(this.config, this.credentials, this.http))));
  }
  get cloudTrail() {
    return (this.cache.cloudTrail ??= this.make(new CloudTrailClient(clientOptions(this.config, this.credentials, this.http))));
  }
  get eventBridge() {
    return (this.cache.eventBridge ??= this.make(new EventBridgeClient(clientOptions(this.config, this.credentials, this.http))));
  }
  eventBridgeIn(region: string) {
    let client = this.otherRegions.get(region);
    if (!client) {
      client = this.make(new EventBridgeClient(clientOptions({ ...this.config, region }, this.credentials, this.http)));
      this.otherRegions.set(region, client);
    }
    return client;
  }
  cloudWatchLogsIn(region: string): CloudWatchLogsClient {
    return this.inRegion(`logs/${region}`, () => new CloudWatchLogsClient(clientOptions({ ...this.config, region }, this.credentials, this.http))) as CloudWatchLogsClient;
  }
  cloudWatchIn(region: string): CloudWatchClient {
    return this.inRegion(`monitoring/${region}`, () => new CloudWatchClient(clientOptions({ ...this.config, region }, this.credentials, this.http))) as CloudWatchClient;
  }
  private inRegion(key: string, build: () => CloudWatchLogsClient | CloudWatchClient) {
    let client = this.regional.get(key);
    if (!client) {
      client = this.make(build());
      this.regional.set(key, client);
    }
    return client;
  }
  get support() {
    // The Support API has one endpoint per partition, not per region.
    return (this.cache.support ??= this.make(new SupportClient(clientOptions({ ...this.config, region: supportRegion(this.partition) }, this.credentials, this.http))));
  }
  destroy() {
    for (const c of this.made) c.destroy();
  }
}

function validateIds(ids: string[] | undefined, flag: string): string[] | undefined {
  if (!ids) return undefined;
  const bad = ids.filter((id) => !/^\d{12}$/.test(id));
  if (bad.length) throw new UsageError(`${flag}: not a 12-digit account id: ${bad.join(', ')}`);
  return ids;
}

/**
 * Scans the caller's account, or with `org` every ACTIVE account of the organization.
 *
 * Every account chosen ends with a snapshot: a member whose role cannot be assumed gets `accountError`
 * (the engine makes it ERROR for every check) and the scan goes on. Only failures that make the whole
 * run meaningless throw (RuntimeError): no usable credentials, or the organization cannot be listed.
 */
export async function scan(o: ScanOptions): Promise<ScanResult> {
  const concurrency = o.concurrency ?? DEFAULT_SCAN_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`concurrency must be a whole number ≥ 1 (got ${concurrency})`);
  const only = validateIds(o.accounts, '--accounts');
  const exclude = new Set(validateIds(o.excludeAccounts, '--exclude-accounts') ?? []);
  if (!o.org && (only || exclude.size)) throw new UsageError('--accounts and --exclude-accounts select accounts of an organization: add --org');
  const roleName = o.memberRoleName ?? DEFAULT_MEMBER_ROLE;

  const stats: ScanStats = { apiCalls: 0, httpRequests: 0 };
  // One credential provider for every client of the caller: each client would otherwise resolve the chain itself,
  // and an SSO login or a credential_process that asks for an MFA code would run once per client.
  const aws: AwsConfig = o.aws.credentials ? o.aws : { ...o.aws, credentials: fromNodeProviderChain(o.aws.profile ? { profile: o.aws.profile } : {}) };
  const concurrencyLimit = new AdaptiveConcurrency(concurrency, INITIAL_SCAN_CONCURRENCY);
  // One STS client enters every member account: it needs a socket per account in flight (the SDK's default is 50).
  const sockets = { maxSockets: concurrency + 4 };
  const sts = counted(new STSClient(clientOptions(aws, undefined, sockets)), stats, concurrencyLimit);
  // On the fast path the member accounts' IAM clients share one connection pool: a pool per account cost a TCP connect
  // and close per account. Not on --deep: there several clients of an account share it, and against moto some deep
  // request then waited for the 60 s request timeout (not understood yet), so each account keeps its own pool.
  const memberHttp = sharedHttpHandler(aws, concurrency * 2 + 4);
  const orgClient = counted(new OrganizationsClient(clientOptions(aws)), stats, concurrencyLimit);
  try {
    let caller: CallerIdentity;
    try {
      const who = await sts.send(new GetCallerIdentityCommand({}));
      if (!who.Account || !who.Arn) throw new Error('GetCallerIdentity returned no account');
      caller = { accountId: who.Account, arn: who.Arn, partition: partitionOf(who.Arn) ?? 'aws' };
    } catch (e) {
      if (e instanceof RuntimeError) throw e;
      const which = o.aws.profile ? ` of profile "${o.aws.profile}"` : '';
      throw new RuntimeError(`cannot use the AWS credentials${which}: ${describeCollectError(classifyError(e, 'sts:GetCallerIdentity'))}`);
    }

    let skipped: SkippedAccount[] = [];
    const warnings: string[] = [];
    const set: SnapshotSet = { accounts: [] };
    let scps: ScpReader | undefined;
    // In an org scan every account learns which accounts are its organization's, so the trust checks tell
    // a sibling account from a third party, and the SCP checks know the management account is never restricted.
    let known: KnownAccounts | undefined;
    const missing: OrgAccount[] = [];
    const singleScps = !o.org && o.deep ? await scpsForSingleAccount(orgClient, caller.accountId) : undefined;

    let total = 0;
    let done = 0;
    const finish = (snapshot: AccountSnapshot) => {
      done++;
      o.onAccount?.(snapshot, done, total);
      return snapshot;
    };

    const readAccount = async (t: OrgAccount): Promise<AccountSnapshot> => {
      let credentials: AwsCredentialIdentity | undefined;
      const base: AccountSnapshot = {
        schemaVersion: 1,
        accountId: t.accountId,
        partition: caller.partition,
        source: { kind: 'live', collectedAt: new Date().toISOString(), region: o.aws.region },
      };
      if (t.name) base.accountName = t.name;
      // The caller's own account (the management account in an org scan) is read with the caller's
      // credentials: it has no OrganizationAccountAccessRole.
      if (t.accountId !== caller.accountId) {
        try {
          credentials = await assumeRoleCredentials(sts, {
            accountId: t.accountId,
            partition: caller.partition,
            roleName,
            externalId: o.externalId,
            sessionName: 'supportguard-scan',
          });
        } catch (e) {
          const err = classifyError(e, 'sts:AssumeRole');
          const roleArn = `arn:${caller.partition}:iam::${t.accountId}:role/${roleName}`;
          return finish({ ...base, accountError: { ...err, message: `cannot assume ${roleArn}: ${err.code}: ${err.message}` } });
        }
      }
      const session = new AccountSession(aws, caller.partition, stats, credentials, concurrencyLimit, o.deep ? undefined : { handler: memberHttp });
      try {
        const snapshot = await collectAccount(session, {
          accountId: t.accountId,
          accountName: t.name,
          partition: caller.partition,
          region: o.aws.region,
          deep: !!o.deep,
          serviceControlPolicies: scps ? () => scps!.forAccount(t.accountId) : singleScps ? () => Promise.resolve(singleScps) : undefined,
        });
        return finish(snapshot);
      } catch (e) {
        // collectAccount records AWS failures per part; anything reaching here is unexpected, and still an ERROR line.
        return finish({ ...base, accountError: { code: 'InternalError', message: (e as Error).message ?? String(e) } });
      } finally {
        session.destroy();
      }
    };

    const running: Promise<AccountSnapshot | undefined>[] = [];
    const start = (t: OrgAccount) => {
      total++;
      running.push(concurrencyLimit.run(() => readAccount(t)));
    };
    if (o.org) {
      const wanted = (id: string) => (!only || only.includes(id)) && !exclude.has(id);
      let listing;
      try {
        // Accounts are read as their page arrives: listing 10,000 accounts takes 500 sequential calls.
        listing = await listOrganizationAccounts(orgClient, (fresh, info) => {
          if (o.deep && !scps) scps = new ScpReader(orgClient, info.managementAccountId);
          // By id within a page: an organization of one page is read (and its progress shown) in id order, as before.
          for (const t of [...fresh].sort((x, y) => x.accountId.localeCompare(y.accountId))) if (wanted(t.accountId)) start(t);
        });
      } catch (e) {
        // Without the whole list no verdict set is complete: stop starting accounts, let the started ones end, fail.
        concurrencyLimit.close();
        await Promise.allSettled(running);
        throw e;
      }
      warnings.push(...listing.warnings);
      set.organization = {};
      if (listing.organizationId) set.organization.id = listing.organizationId;
      if (listing.managementAccountId) set.organization.managementAccountId = listing.managementAccountId;
      skipped = listing.skipped.filter((a) => wanted(a.accountId));
      // An id asked for by --accounts that the organization does not list still gets a line in the report.
      const listed = new Set([...listing.active, ...listing.skipped].map((a) => a.accountId));
      for (const id of only ?? []) if (!exclude.has(id) && !listed.has(id)) missing.push({ accountId: id });
      known = { accountIds: [...listed].sort() };
      if (listing.organizationId) known.organizationId = listing.organizationId;
      if (listing.managementAccountId) known.managementAccountId = listing.managementAccountId;
    } else {
      start({ accountId: caller.accountId });
    }
    total += missing.length;
    for (const m of missing) {
      set.accounts.push(
        finish({
          schemaVersion: 1,
          accountId: m.accountId,
          partition: caller.partition,
          source: { kind: 'live', collectedAt: new Date().toISOString(), region: o.aws.region },
          accountError: { code: 'NotInOrganization', operation: 'organizations:ListAccounts', message: `account ${m.accountId} (from --accounts) is not in the organization` },
        }),
      );
    }
    const scanned = (await Promise.all(running)).filter((s): s is AccountSnapshot => s !== undefined);
    // The list is known only now that every page is in: each snapshot gets it at the end.
    if (known) for (const snapshot of scanned) snapshot.knownAccounts = known;
    set.accounts.push(...scanned);
    set.accounts.sort((a, b) => a.accountId.localeCompare(b.accountId));
    stats.concurrency = { ...concurrencyLimit.stats };
    return { set, skipped, warnings, caller, stats };
  } finally {
    sts.destroy();
    orgClient.destroy();
    memberHttp.close();
  }
}

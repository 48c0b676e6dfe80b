import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { RuntimeError } from '../errors.js';
import { decodePolicyDocument } from '../snapshot/policy-document.js';
import { failed, ok, type Collected, type ServiceControlPolicy } from '../snapshot/model.js';
import { classifyError, describeCollectError } from './errors.js';

/** An account of the organization that will be scanned. */
export interface OrgAccount {
  accountId: string;
  name?: string;
}

/** An account listed by Organizations but not scanned, and why: reported, never silently dropped. */
export interface SkippedAccount {
  accountId: string;
  name?: string;
  /** SUSPENDED, PENDING_CLOSURE, CLOSED, or the deprecated Status values (SUSPENDED, PENDING_CLOSURE). */
  state: string;
  reason: string;
}

/** The organization as the scan sees it. */
export interface OrganizationListing {
  organizationId?: string;
  managementAccountId?: string;
  /** ACTIVE accounts, sorted by id. */
  active: OrgAccount[];
  skipped: SkippedAccount[];
  /** What the listing got wrong but could be repaired (an account listed twice): said on stderr, never silent. */
  warnings: string[];
}

/**
 * The account's lifecycle state. Organizations added `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED)
 * and deprecated `Status`; older responses (and some emulators) carry only `Status`.
 */
export function accountState(a: Pick<Account, 'State' | 'Status'>): string {
  return (a.State as string | undefined) ?? (a.Status as string | undefined) ?? 'UNKNOWN';
}

/** What is known of the organization before its first account is listed. */
export interface OrganizationInfo {
  organizationId?: string;
  managementAccountId?: string;
}

/** ListAccounts takes MaxResults 1–20 (the service model's range): 10,000 accounts are 500 pages, read one after another. */
export const LIST_ACCOUNTS_PAGE_SIZE = 20;

/**
 * Lists every account of the organization (all pages) and splits ACTIVE from the rest.
 * Any failure here is a failure of the whole run: without the list, "every account has a verdict" cannot hold.
 *
 * `onActive` hears of each ACTIVE account once, as soon as its page arrives, so a scan can start on it while the
 * next pages are listed: 10,000 accounts are 500 sequential pages (50 s at 100 ms a call), as long as the scan itself.
 * The listing still fails as a whole afterwards if a later page is broken.
 */
export async function listOrganizationAccounts(
  org: OrganizationsClient,
  onActive?: (accounts: OrgAccount[], info: OrganizationInfo) => void,
): Promise<OrganizationListing> {
  let organizationId: string | undefined;
  let managementAccountId: string | undefined;
  try {
    const d = await org.send(new DescribeOrganizationCommand({}));
    organizationId = d.Organization?.Id;
    managementAccountId = d.Organization?.MasterAccountId;
  } catch (e) {
    if ((e as { name?: string }).name === 'AWSOrganizationsNotInUseException') {
      throw new RuntimeError('--org: this account is not in an AWS Organization (run without --org to scan it alone)');
    }
    throw new RuntimeError(`--org: cannot describe the organization (${describeCollectError(classifyError(e, 'organizations:DescribeOrganization'))})`);
  }
  const info: OrganizationInfo = {};
  if (organizationId) info.organizationId = organizationId;
  if (managementAccountId) info.managementAccountId = managementAccountId;
  const listing: OrganizationListing = { ...info, active: [], skipped: [], warnings: [] };
  const seen = new Map<string, string>();
  let listed = 0;
  /** Adds one page's accounts; returns the ACTIVE ones not seen before. */
  const addPage = (accounts: Account[]): OrgAccount[] => {
    const fresh: OrgAccount[] = [];
    for (const a of accounts) {
      listed++;
      const id = a.Id!;
      const state = accountState(a);
      const before = seen.get(id);
      if (before !== undefined) {
        // Overlapping pages: one line per account, and a word about it. Two different states cannot both be true.
        if (before !== state) throw new RuntimeError(`--org: organizations:ListAccounts lists account ${id} twice, as ${before} and as ${state}; the account list cannot be trusted`);
        listing.warnings.push(`organizations:ListAccounts listed account ${id} more than once; it is scanned once`);
        continue;
      }
      seen.set(id, state);
      if (state === 'ACTIVE') fresh.push(a.Name ? { accountId: id, name: a.Name } : { accountId: id });
      else listing.skipped.push({ accountId: id, ...(a.Name ? { name: a.Name } : {}), state, reason: `account is ${state}, not ACTIVE: it cannot be entered` });
    }
    listing.active.push(...fresh);
    return fresh;
  };
  const tokens = new Set<string>();
  let NextToken: string | undefined;
  let pageNo = 0;
  try {
    do {
      const page = await org.send(new ListAccountsCommand({ NextToken, MaxResults: LIST_ACCOUNTS_PAGE_SIZE }));
      pageNo++;
      // An answer without an Accounts list (an empty 200, `{}`, a proxy's HTML page) is not "no accounts": AWS always
      // sends the list, empty or not. Reading it as empty would drop every account it should have held, silently.
      if (!Array.isArray(page.Accounts)) {
        throw new RuntimeError(`--org: organizations:ListAccounts page ${pageNo} is not a ListAccounts answer (no Accounts list); the account list cannot be proved complete`);
      }
      for (const a of page.Accounts) {
        if (typeof a?.Id !== 'string' || !/^\d{12}$/.test(a.Id)) {
          throw new RuntimeError(`--org: organizations:ListAccounts page ${pageNo} lists an account without a valid 12-digit Id; the account list cannot be proved complete`);
        }
      }
      const fresh = addPage(page.Accounts);
      if (fresh.length > 0) onActive?.(fresh, info);
      NextToken = page.NextToken;
      if (NextToken && tokens.has(NextToken)) throw new RuntimeError('--org: organizations:ListAccounts repeated a NextToken; the account list cannot be completed');
      if (NextToken) tokens.add(NextToken);
    } while (NextToken);
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    throw new RuntimeError(`--org: cannot list the organization's accounts (${describeCollectError(classifyError(e, 'organizations:ListAccounts'))})`);
  }
  // Every organization has at least its management account: zero is a broken answer, not an empty organization.
  if (listed === 0) throw new RuntimeError('--org: organizations:ListAccounts listed no account at all (an organization always holds its management account); the account list cannot be trusted');
  listing.active.sort((x, y) => x.accountId.localeCompare(y.accountId));
  listing.skipped.sort((x, y) => x.accountId.localeCompare(y.accountId));
  return listing;
}

/**
 * Reads the SCPs that apply to each account: those attached to the account itself, to each OU above it,
 * and to the root. Parents, per-target listings and policy documents are cached across accounts, since
 * a hundred accounts usually share a handful of OUs and policies.
 */
export class ScpReader {
  private readonly parents = new Map<string, Promise<{ id: string; type: string } | undefined>>();
  private readonly attached = new Map<string, Promise<{ id: string; name: string; arn?: string; awsManaged?: boolean }[]>>();
  private readonly documents = new Map<string, Promise<ServiceControlPolicy['document']>>();

  constructor(
    private readonly org: OrganizationsClient,
    /** SCPs never apply to the management account, whatever is attached above it. */
    private readonly managementAccountId?: string,
  ) {}

  private parentOf(childId: string) {
    let p = this.parents.get(childId);
    if (!p) {
      p = this.org.send(new ListParentsCommand({ ChildId: childId })).then((r) => {
        const parent = r.Parents?.[0];
        return parent?.Id ? { id: parent.Id, type: parent.Type ?? '' } : undefined;
      });
      this.parents.set(childId, p);
    }
    return p;
  }

  private policiesOn(targetId: string) {
    let p = this.attached.get(targetId);
    if (!p) {
      p = (async () => {
        const out: { id: string; name: string; arn?: string; awsManaged?: boolean }[] = [];
        let NextToken: string | undefined;
        do {
          const page = await this.org.send(new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: 'SERVICE_CONTROL_POLICY', NextToken }));
          for (const s of page.Policies ?? []) if (s.Id) out.push({ id: s.Id, name: s.Name ?? s.Id, arn: s.Arn, awsManaged: s.AwsManaged });
          NextToken = page.NextToken;
        } while (NextToken);
        return out;
      })();
      this.attached.set(targetId, p);
    }
    return p;
  }

  private documentOf(policyId: string) {
    let p = this.documents.get(policyId);
    if (!p) {
      p = this.org.send(new DescribePolicyCommand({ PolicyId: policyId })).then((r) => decodePolicyDocument(r.Policy?.Content ?? '{}', `SCP ${policyId}`));
      this.documents.set(policyId, p);
    }
    return p;
  }

  /** The SCPs that apply to one account, each with the targets on its path it is attached to. Never throws. */
  async forAccount(accountId: string): Promise<Collected<ServiceControlPolicy[]>> {
    if (accountId === this.managementAccountId) return ok([]);
    let operation = 'organizations:ListParents';
    try {
      const path = [accountId];
      for (let child = accountId; ; ) {
        const parent = await this.parentOf(child);
        if (!parent) break;
        path.push(parent.id);
        if (parent.type === 'ROOT' || path.length > 10) break;
        child = parent.id;
      }
      operation = 'organizations:ListPoliciesForTarget';
      const byId = new Map<string, ServiceControlPolicy>();
      for (const target of path) {
        for (const p of await this.policiesOn(target)) {
          const existing = byId.get(p.id);
          if (existing) {
            existing.targets.push(target);
            continue;
          }
          operation = 'organizations:DescribePolicy';
          const scp: ServiceControlPolicy = { id: p.id, name: p.name, document: await this.documentOf(p.id), targets: [target] };
          if (p.arn) scp.arn = p.arn;
          if (p.awsManaged !== undefined) scp.awsManaged = p.awsManaged;
          byId.set(p.id, scp);
          operation = 'organizations:ListPoliciesForTarget';
        }
      }
      return ok([...byId.values()]);
    } catch (e) {
      return failed(classifyError(e, operation));
    }
  }
}

/**
 * SCPs for a single-account scan (no --org), when they can be read from where we stand: outside any
 * organization none apply; the management account is never restricted by SCPs; a member account usually
 * may not call Organizations, and then the part stays "not collected" (undefined) rather than an error.
 */
export async function scpsForSingleAccount(org: OrganizationsClient, accountId: string): Promise<Collected<ServiceControlPolicy[]> | undefined> {
  let managementAccountId: string | undefined;
  try {
    managementAccountId = (await org.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId;
  } catch (e) {
    if ((e as { name?: string }).name === 'AWSOrganizationsNotInUseException') return ok([]);
    const err = classifyError(e, 'organizations:DescribeOrganization');
    return err.code === 'AccessDenied' ? undefined : failed(err);
  }
  if (managementAccountId === accountId) return ok([]);
  const scps = await new ScpReader(org, managementAccountId).forAccount(accountId);
  return scps.status === 'failed' && scps.error.code === 'AccessDenied' ? undefined : scps;
}

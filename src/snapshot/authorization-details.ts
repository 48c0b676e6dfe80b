import { InputError } from '../errors.js';
import { accountIdOf, isAwsManagedPolicyArn, partitionOf } from './arn.js';
import { decodePolicyDocument, isDecodedPolicyDocument } from './policy-document.js';
import {
  failed,
  ok,
  type AccountSnapshot,
  type AttachedPolicyRef,
  type IamData,
  type IamGroup,
  type IamRole,
  type IamUser,
  type InlinePolicy,
  type ManagedPolicy,
  type Partition,
  type SnapshotSource,
} from './model.js';

/** True when a parsed JSON value looks like `get-account-authorization-details` output. */
export function isAuthorizationDetails(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return ['RoleDetailList', 'UserDetailList', 'GroupDetailList', 'Policies'].some((k) => k in v);
}

type Json = Record<string, unknown>;

function list(parent: Json, key: string, where: string): Json[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InputError(`${where ? `${where}: ` : ''}${key} must be a list`);
  // Validated in place, not copied with map(): the lists of a large export hold tens of thousands of entries.
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new InputError(`${where ? `${where}: ` : ''}${key}[${i}] must be an object`);
  }
  return value as Json[];
}

function str(obj: Json, key: string, where: string, required = true): string {
  const value = obj[key];
  if (typeof value === 'string') return value;
  if (value === undefined && !required) return '';
  throw new InputError(`${where}: ${key} must be a string`);
}

/** Dates come back as ISO strings from the CLI and as Date objects from SDK v3. */
function date(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' && value !== '' ? value : undefined;
}

// The three helpers below run for every role and user of the export: error locations (`role x.Tags[3]`) are built
// only when an error is thrown, not once per entry.

function attached(obj: Json, where: string): AttachedPolicyRef[] {
  const items = list(obj, 'AttachedManagedPolicies', where);
  const out: AttachedPolicyRef[] = new Array<AttachedPolicyRef>(items.length);
  for (let i = 0; i < items.length; i++) {
    const p = items[i]!;
    const name = p.PolicyName;
    const arn = p.PolicyArn;
    out[i] = {
      name: typeof name === 'string' ? name : str(p, 'PolicyName', `${where}.AttachedManagedPolicies[${i}]`, false),
      arn: typeof arn === 'string' ? arn : str(p, 'PolicyArn', `${where}.AttachedManagedPolicies[${i}]`),
    };
  }
  return out;
}

function inline(obj: Json, key: string, where: string): InlinePolicy[] {
  const items = list(obj, key, where);
  const out: InlinePolicy[] = new Array<InlinePolicy>(items.length);
  for (let i = 0; i < items.length; i++) {
    const p = items[i]!;
    const name = p.PolicyName;
    const doc = p.PolicyDocument;
    if (typeof name === 'string' && isDecodedPolicyDocument(doc)) {
      out[i] = { name, document: doc };
    } else {
      const at = `${where}.${key}[${i}]`;
      out[i] = { name: str(p, 'PolicyName', at), document: decodePolicyDocument(doc, at) };
    }
  }
  return out;
}

function tags(obj: Json, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  const items = list(obj, 'Tags', where);
  for (let i = 0; i < items.length; i++) {
    const t = items[i]!;
    const key = t.Key;
    out[typeof key === 'string' ? key : str(t, 'Key', `${where}.Tags[${i}]`)] = typeof t.Value === 'string' ? t.Value : '';
  }
  return out;
}

function boundary(obj: Json): string | undefined {
  const b = obj.PermissionsBoundary as Json | undefined;
  return b && typeof b.PermissionsBoundaryArn === 'string' ? b.PermissionsBoundaryArn : undefined;
}

function parseRole(r: Json, i: number): IamRole {
  const name = typeof r.RoleName === 'string' ? r.RoleName : str(r, 'RoleName', `RoleDetailList[${i}]`);
  const at = `role ${name}`;
  const lastUsedRaw = r.RoleLastUsed as Json | undefined;
  const trustPolicy = r.AssumeRolePolicyDocument;
  const role: IamRole = {
    name,
    arn: str(r, 'Arn', at),
    id: str(r, 'RoleId', at, false),
    path: str(r, 'Path', at, false) || '/',
    createDate: date(r.CreateDate),
    trustPolicy: trustPolicy === undefined ? null : isDecodedPolicyDocument(trustPolicy) ? trustPolicy : decodePolicyDocument(trustPolicy, `${at} trust policy`),
    attachedManagedPolicies: attached(r, at),
    inlinePolicies: inline(r, 'RolePolicyList', at),
    permissionsBoundaryArn: boundary(r),
    tags: tags(r, at),
  };
  // RoleLastUsed is `{}` for a role never used, absent when the source does not report it.
  if (lastUsedRaw && typeof lastUsedRaw === 'object') {
    role.lastUsed = { date: date(lastUsedRaw.LastUsedDate), region: typeof lastUsedRaw.Region === 'string' ? lastUsedRaw.Region : undefined };
  }
  if (typeof r.MaxSessionDuration === 'number') role.maxSessionDurationSeconds = r.MaxSessionDuration;
  if (typeof r.Description === 'string') role.description = r.Description;
  return role;
}

function parseUser(u: Json, i: number): IamUser {
  const name = typeof u.UserName === 'string' ? u.UserName : str(u, 'UserName', `UserDetailList[${i}]`);
  const at = `user ${name}`;
  const groups = u.GroupList;
  if (groups !== undefined && !(Array.isArray(groups) && groups.every((g) => typeof g === 'string'))) {
    throw new InputError(`${at}: GroupList must be a list of group names`);
  }
  return {
    name,
    arn: str(u, 'Arn', at),
    id: str(u, 'UserId', at, false),
    path: str(u, 'Path', at, false) || '/',
    createDate: date(u.CreateDate),
    attachedManagedPolicies: attached(u, at),
    inlinePolicies: inline(u, 'UserPolicyList', at),
    groups: (groups as string[] | undefined) ?? [],
    permissionsBoundaryArn: boundary(u),
    tags: tags(u, at),
  };
}

function parseGroup(g: Json, i: number): IamGroup {
  const name = typeof g.GroupName === 'string' ? g.GroupName : str(g, 'GroupName', `GroupDetailList[${i}]`);
  const at = `group ${name}`;
  return {
    name,
    arn: str(g, 'Arn', at),
    id: str(g, 'GroupId', at, false),
    path: str(g, 'Path', at, false) || '/',
    attachedManagedPolicies: attached(g, at),
    inlinePolicies: inline(g, 'GroupPolicyList', at),
  };
}

function parsePolicy(p: Json, i: number): ManagedPolicy {
  const arn = typeof p.Arn === 'string' ? p.Arn : str(p, 'Arn', `Policies[${i}]`);
  const at = `policy ${arn}`;
  const defaultVersionId = typeof p.DefaultVersionId === 'string' ? p.DefaultVersionId : undefined;
  const versions = list(p, 'PolicyVersionList', at);
  const current = versions.find((v) => v.IsDefaultVersion === true) ?? versions.find((v) => v.VersionId === defaultVersionId);
  // moto lists some AWS-managed policies without PolicyName; the name is the ARN's last segment anyway.
  return {
    name: str(p, 'PolicyName', at, false) || arn.slice(arn.lastIndexOf('/') + 1),
    arn,
    id: typeof p.PolicyId === 'string' ? p.PolicyId : undefined,
    path: str(p, 'Path', at, false) || '/',
    awsManaged: isAwsManagedPolicyArn(arn),
    defaultVersionId,
    document: current ? decodePolicyDocument(current.Document, `${at} default version`) : undefined,
    attachmentCount: typeof p.AttachmentCount === 'number' ? p.AttachmentCount : undefined,
    permissionsBoundaryUsageCount: typeof p.PermissionsBoundaryUsageCount === 'number' ? p.PermissionsBoundaryUsageCount : undefined,
  };
}

/** Normalises authorization details (CLI JSON or SDK response pages merged) into IamData. */
export function parseAuthorizationDetails(raw: Json): IamData {
  return parseCollecting(raw, new AccountIds());
}

/**
 * parseAuthorizationDetails that also collects the account ids of the ARNs (AWS-managed policies excluded) as
 * each entity is built: the ARN is at hand then, where a second walk over 15,000 entities would fetch it again.
 */
function parseCollecting(raw: Json, ids: AccountIds, consume = false): IamData {
  const each = <T extends { arn: string }>(items: Json[], parse: (item: Json, i: number) => T, count: (e: T) => boolean = () => true): T[] => {
    const out = new Array<T>(items.length);
    for (let i = 0; i < items.length; i++) {
      const e = parse(items[i]!, i);
      if (count(e)) ids.add(e.arn);
      out[i] = e;
      // The loader owns a text it parsed itself: letting each raw entry go once it is normalised means the
      // young-generation collections during normalising no longer copy the whole parsed export around.
      if (consume) (items as unknown[])[i] = undefined;
    }
    return out;
  };
  return {
    roles: each(list(raw, 'RoleDetailList', ''), parseRole),
    users: each(list(raw, 'UserDetailList', ''), parseUser),
    groups: each(list(raw, 'GroupDetailList', ''), parseGroup),
    policies: each(list(raw, 'Policies', ''), parsePolicy, (p) => !p.awsManaged),
  };
}

/** `arn:aws:iam::123456789012:` of `arn:aws:iam::123456789012:role/x`: the ARN up to its fifth colon. */
function throughAccountField(arn: string): string {
  let end = -1;
  for (let colons = 0; colons < 5; colons++) end = arn.indexOf(':', end + 1);
  return arn.slice(0, end + 1);
}

/** The account ids that appear in ARNs. */
class AccountIds {
  readonly ids = new Set<string>();
  // ARNs that start like the previous one (`arn:aws:iam::123456789012:`, up to the account field's closing colon)
  // have the same account id: nearly every ARN of an export does, so it is parsed once, not 15,000 times.
  private prefix: string | undefined;

  add(arn: string): void {
    if (this.prefix !== undefined && arn.startsWith(this.prefix)) return;
    const id = accountIdOf(arn);
    if (!id) return;
    this.ids.add(id);
    this.prefix = throughAccountField(arn);
  }
}

function partitionIn(iam: IamData): Partition | undefined {
  for (const entities of [iam.roles, iam.users, iam.groups, iam.policies] as { arn: string }[][]) {
    for (const e of entities) {
      const p = partitionOf(e.arn);
      if (p) return p;
    }
  }
  return undefined;
}

/**
 * Builds an account snapshot from `aws iam get-account-authorization-details` output.
 * The account id comes from the ARNs inside; `fallbackAccountId` (e.g. from the file name) is used
 * only when the file has no ARN to read it from.
 */
export function snapshotFromAuthorizationDetails(
  raw: Json,
  source: SnapshotSource,
  opts: { fallbackAccountId?: string; accountName?: string; /** `raw` was parsed for this call only: its lists may be emptied as they are read. */ consume?: boolean } = {},
): AccountSnapshot {
  const where = source.path ?? 'input';
  let iam: IamData;
  const accountIds = new AccountIds();
  try {
    iam = parseCollecting(raw, accountIds, opts.consume === true);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${where}: ${e.message}`);
    throw e;
  }
  const ids = accountIds.ids;
  if (ids.size > 1) {
    throw new InputError(`${where}: mixes accounts ${[...ids].sort().join(', ')}; give one file per account`);
  }
  const accountId = [...ids][0] ?? opts.fallbackAccountId;
  if (!accountId) {
    throw new InputError(`${where}: no ARN tells which account this is; name the file <12-digit-account-id>.json`);
  }
  const snapshot: AccountSnapshot = {
    schemaVersion: 1,
    accountId,
    partition: partitionIn(iam) ?? 'aws',
    source,
    iam: ok(iam),
  };
  if (opts.accountName) snapshot.accountName = opts.accountName;
  // A single page of a paginated call (`--max-items`, or a raw API page) is not the whole account:
  // judging it could name a FAIL that the next page would have turned into a PASS. The raw API says IsTruncated
  // (with a Marker); the AWS CLI's `--max-items N` writes only a NextToken to resume from, and no IsTruncated.
  const truncated = raw.IsTruncated === true || raw.IsTruncated === 'true';
  const nextToken = typeof raw.NextToken === 'string' && raw.NextToken !== '' ? raw.NextToken : undefined;
  // `--filter` without Role, or another command's output (`aws iam list-policies --only-attached` is {Policies: […]}),
  // lacks the role list: judged as it stands it would be an account without roles, a certain FAIL that may be false.
  if (raw.RoleDetailList === undefined || raw.RoleDetailList === null) {
    snapshot.iam = failed({
      code: 'Incomplete',
      operation: 'iam:GetAccountAuthorizationDetails',
      message: `${where} has no RoleDetailList (an export made with --filter that leaves out Role, or another command's output such as aws iam list-policies), so it cannot show which roles have AWSSupportAccess; export it with aws iam get-account-authorization-details, without --filter`,
    });
    return snapshot;
  }
  if (truncated || nextToken !== undefined) {
    snapshot.iam = failed({
      code: 'Truncated',
      operation: 'iam:GetAccountAuthorizationDetails',
      message: truncated
        ? `${where} is one page of a truncated response (IsTruncated=true); export it again without --max-items`
        : `${where} was cut by --max-items (it ends with a NextToken to resume from); export it again without --max-items`,
    });
  }
  return snapshot;
}

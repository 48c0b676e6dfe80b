/**
 * The account snapshot: plain, JSON-serialisable data about one AWS account.
 *
 * Every source (an `aws iam get-account-authorization-details` file, the live collector,
 * a Terraform plan, a CloudFormation template) produces this shape, and every check reads
 * only this shape. Each collected part is either data or a recorded failure, so an account
 * whose IAM could not be read turns into an ERROR finding instead of a silent gap.
 */

/** AWS partitions. The iso partitions have their own ARN prefixes too. */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f' | 'aws-eusc';

export const PARTITIONS: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** Why a part of a snapshot could not be collected. */
export interface CollectError {
  /** A stable code: `AccessDenied`, `Throttling`, `AssumeRoleFailed`, `InvalidInput`, an AWS error name… */
  code: string;
  /** One human line, safe to print. */
  message: string;
  /** The API operation or step that failed, e.g. `iam:GetAccountAuthorizationDetails`. */
  operation?: string;
}

/** A collected part of a snapshot: the data, or why it is missing. `undefined` (absent) means "not collected". */
export type Collected<T> = { status: 'ok'; data: T } | { status: 'failed'; error: CollectError };

/** An IAM policy document after decoding (never the URL-encoded string). */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[] | PolicyStatement;
}

export type StringOrList = string | string[];

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny' | string;
  Action?: StringOrList;
  NotAction?: StringOrList;
  Resource?: StringOrList;
  NotResource?: StringOrList;
  Principal?: '*' | Record<string, StringOrList>;
  NotPrincipal?: '*' | Record<string, StringOrList>;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface AttachedPolicyRef {
  name: string;
  arn: string;
}

export interface InlinePolicy {
  name: string;
  document: PolicyDocument;
}

export interface IamRole {
  name: string;
  arn: string;
  /** Unique id (AROA…). Trust policies show it when a trusted principal was deleted. */
  id: string;
  path: string;
  createDate?: string;
  /** The trust policy (AssumeRolePolicyDocument); null when the source did not include it. */
  trustPolicy: PolicyDocument | null;
  attachedManagedPolicies: AttachedPolicyRef[];
  inlinePolicies: InlinePolicy[];
  /** Permissions boundary policy ARN: it limits, it never grants. */
  permissionsBoundaryArn?: string;
  tags: Record<string, string>;
  /** RoleLastUsed. `undefined` when the source does not say; `{}` when AWS says "never used". */
  lastUsed?: { date?: string; region?: string };
  maxSessionDurationSeconds?: number;
  description?: string;
}

export interface IamUser {
  name: string;
  arn: string;
  id: string;
  path: string;
  createDate?: string;
  attachedManagedPolicies: AttachedPolicyRef[];
  inlinePolicies: InlinePolicy[];
  groups: string[];
  permissionsBoundaryArn?: string;
  tags: Record<string, string>;
}

export interface IamGroup {
  name: string;
  arn: string;
  id: string;
  path: string;
  attachedManagedPolicies: AttachedPolicyRef[];
  inlinePolicies: InlinePolicy[];
}

export interface ManagedPolicy {
  name: string;
  arn: string;
  id?: string;
  path: string;
  /** True for `arn:<partition>:iam::aws:policy/...`: owned and versioned by AWS. */
  awsManaged: boolean;
  defaultVersionId?: string;
  /** The default version's document, when known. */
  document?: PolicyDocument;
  attachmentCount?: number;
  permissionsBoundaryUsageCount?: number;
}

/** Everything IAM: what `GetAccountAuthorizationDetails` returns, normalised. */
export interface IamData {
  roles: IamRole[];
  users: IamUser[];
  groups: IamGroup[];
  /** Managed policies (customer-managed, plus AWS-managed ones that are in use, as AWS returns them). */
  policies: ManagedPolicy[];
}

export interface EntityRef {
  name: string;
  id?: string;
}

/**
 * The fast path: who uses one policy, from `ListEntitiesForPolicy` (every page followed).
 * Enough for the CIS verdict, not for the quality checks.
 */
export interface PolicyUsage {
  policyArn: string;
  /** Entities that have the policy attached as a permissions policy. */
  roles: EntityRef[];
  users: EntityRef[];
  groups: EntityRef[];
  /** Roles that use the policy only as their permissions boundary (when collected). */
  boundaryRoles?: EntityRef[];
}

export interface CloudTrailTrail {
  name: string;
  arn?: string;
  homeRegion?: string;
  isMultiRegion: boolean;
  isOrganizationTrail?: boolean;
  isLogging?: boolean;
  /** Whether management events (where AssumeRole, DetachRolePolicy and DeleteRole land) are recorded. */
  logsManagementEvents?: boolean;
  /** The CloudWatch Logs log group the trail delivers to (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*`), if any. */
  cloudWatchLogsLogGroupArn?: string;
}

/** A CloudWatch Logs metric filter: a pattern, and the metric it counts matches in. */
export interface MetricFilter {
  name: string;
  /** The filter pattern exactly as CloudWatch Logs returns it. */
  pattern: string;
  metrics: { name: string; namespace: string }[];
}

/** A CloudWatch metric alarm, as far as "does it tell someone" goes. */
export interface MetricAlarm {
  name: string;
  arn?: string;
  /** The metrics it watches: its own MetricName/Namespace, or each metric of a metric-math alarm. */
  metrics: { name: string; namespace: string }[];
  actionsEnabled: boolean;
  /** Actions run on ALARM (SNS topics, automation). */
  alarmActions: string[];
}

/**
 * A log group a trail delivers to, with the metric filters on it and the alarms on their metrics (in the log
 * group's region). `metricFilters`/`alarms` are absent when the log group is in another account: an organization
 * trail seen from a member account delivers to the management account, whose log groups the member cannot read.
 */
export interface TrailLogGroup {
  /** The ARN the trail names. */
  arn: string;
  name: string;
  region: string;
  accountId: string;
  /** Names of the trails that deliver to it. */
  trails: string[];
  metricFilters?: Collected<MetricFilter[]>;
  alarms?: Collected<MetricAlarm[]>;
}

export interface EventBridgeRule {
  name: string;
  arn?: string;
  region?: string;
  state: 'ENABLED' | 'DISABLED' | string;
  eventPattern?: unknown;
  targets?: string[];
}

export interface ServiceControlPolicy {
  id: string;
  name: string;
  arn?: string;
  document: PolicyDocument;
  /** Targets (account ids, OU ids, root id) the SCP is attached to. */
  targets: string[];
  awsManaged?: boolean;
}

/** Where this snapshot came from. */
export interface SnapshotSource {
  kind: 'authorization-details' | 'live' | 'terraform' | 'cloudformation' | 'snapshot';
  /** File path for offline sources. */
  path?: string;
  collectedAt?: string;
  region?: string;
}

export interface AccountSnapshot {
  schemaVersion: 1;
  accountId: string;
  accountName?: string;
  partition: Partition;
  source: SnapshotSource;
  /** Full IAM data (GetAccountAuthorizationDetails or an IaC reader). */
  iam?: Collected<IamData>;
  /** Fast-path policy usage of AWSSupportAccess (ListEntitiesForPolicy). */
  supportPolicyUsage?: Collected<PolicyUsage>;
  cloudTrail?: Collected<CloudTrailTrail[]>;
  eventBridge?: Collected<EventBridgeRule[]>;
  /** The trails' CloudWatch Logs log groups, their metric filters and the alarms on them (--deep). */
  cloudWatch?: Collected<TrailLogGroup[]>;
  /** SCPs that apply to this account (through the OU path), from Organizations. */
  serviceControlPolicies?: Collected<ServiceControlPolicy[]>;
  supportPlan?: Collected<{ level: 'basic-or-developer' | 'business' | 'enterprise' | 'unknown'; detail?: string }>;
  /** The whole account could not be read (e.g. the member role could not be assumed). */
  accountError?: CollectError;
  /**
   * Which other accounts are "ours" (same AWS Organization), so trust in them is not treated as foreign.
   * Filled by an Organization scan or a saved snapshot; absent means only this account is known.
   */
  knownAccounts?: KnownAccounts;
  /** IaC sources: where each resource (by ARN; the account ARN for the file itself) is defined, for finding locations. */
  sourceLocations?: Record<string, SourceLocationRef>;
  /** IaC sources: what a plan removes and which values stay unknown until apply. */
  iac?: IacChanges;
}

/** A place in a source file (same shape as a finding's `location`). */
export interface SourceLocationRef {
  file: string;
  line?: number;
  column?: number;
}

/** A support-role loss a Terraform plan would apply. */
export interface IacRemoval {
  kind: 'removes-support-role' | 'replaces-support-role' | 'detaches-support-policy';
  /** Role name and (synthesised) ARN. */
  roleName: string;
  roleArn: string;
  /** The resource address whose change causes it, e.g. `module.iam.aws_iam_role_policy_attachment.support`. */
  address: string;
  /** Terraform change actions, e.g. `delete` or `delete,create`. */
  actions: string;
  policyArn: string;
  location?: SourceLocationRef;
}

/** A value that matters to a check but is known only when the change is applied (or deployed). */
export interface IacUnresolved {
  /** Resource address or CloudFormation logical id. */
  address: string;
  /** The attribute, e.g. `policy_arn`, `ManagedPolicyArns[1]`. */
  attribute: string;
  reason: string;
  location?: SourceLocationRef;
}

/** Change information from an IaC source. */
export interface IacChanges {
  /** True when the source describes a change (a Terraform plan with resource_changes), not only a desired state. */
  isPlan: boolean;
  removals: IacRemoval[];
  unresolved: IacUnresolved[];
}

/** The accounts of the organization an account belongs to, as far as the scan knows them. */
export interface KnownAccounts {
  organizationId?: string;
  accountIds: string[];
  /** The organization's management account: SCPs never restrict it, whatever is attached. */
  managementAccountId?: string;
}

/**
 * The account id given to infrastructure as code that does not say where it deploys (no --account-id, no
 * account in the plan). Checks that need to know the account (is a trusted account ours?) must not guess.
 */
export const UNKNOWN_ACCOUNT_ID = '000000000000';

/** Many accounts, e.g. an Organization scan or a folder of files. */
export interface SnapshotSet {
  accounts: AccountSnapshot[];
  /** Organization context when scanned with --org. */
  organization?: { id?: string; managementAccountId?: string };
}

/** Wraps data as a successful collection. */
export function ok<T>(data: T): Collected<T> {
  return { status: 'ok', data };
}

/** Records a failed collection. */
export function failed<T>(error: CollectError): Collected<T> {
  return { status: 'failed', error };
}

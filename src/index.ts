/**
 * supportguard as a library. Everything the CLI does is available here by name.
 */
export * from './snapshot/model.js';
export * from './snapshot/arn.js';
export { decodePolicyDocument, statementsOf, asList } from './snapshot/policy-document.js';
export { loadSnapshots, snapshotsFromJson, toSnapshotFile, SNAPSHOT_KIND, type SnapshotFile } from './snapshot/load.js';
export { parseAuthorizationDetails, snapshotFromAuthorizationDetails, isAuthorizationDetails } from './snapshot/authorization-details.js';
export * from './findings/model.js';
export type { Check, CheckOutcome, DataKey, DataRequirement } from './checks/types.js';
export { runChecks, runCheck, formatMessage, PRIMARY_CHECK_ID, type AuditResult, type AccountVerdict, type RunOptions } from './checks/engine.js';
export type { CheckContext } from './checks/types.js';
export { resolvePolicy, organizationPathOf, approvalOf, permissionSetOf, type OrganizationPolicy, type ResolvedPolicy } from './org-policy/index.js';
export { buildReview, previousScan, renderReview, REVIEW_FORMATS, type Review, type ReviewRole, type ReviewPrincipal, type ReviewFormat } from './review/index.js';
export { accessChangesOverTime, describeAccessChange, roleAccessFromResult, type AccessChange } from './history/access.js';
export { CHECKS, checkById } from './checks/registry.js';
export { supportRoles } from './checks/cis-support-role/index.js';
export { SUPPORT_ROLE_REFERENCES, formatReference } from './frameworks/references.js';
export { RENDERERS, RENDERER_PARTS, summarize, type ReportInput, type Renderer, type PartsRenderer, type Summary } from './report/index.js';
export {
  scan,
  collectAccount,
  collectSupportPolicyUsage,
  listOrganizationAccounts,
  ScpReader,
  classifyError,
  DEFAULT_MEMBER_ROLE,
  DEFAULT_CONCURRENCY,
  DEFAULT_SCAN_CONCURRENCY,
  INITIAL_SCAN_CONCURRENCY,
  AdaptiveConcurrency,
  type ConcurrencyStats,
  type ScanOptions,
  type ScanResult,
  type ScanStats,
  type SkippedAccount,
} from './collect/index.js';
export { resolveAwsConfig, createClients, type AwsConfig } from './aws/clients.js';
export { SupportguardError, UsageError, InputError, RuntimeError } from './errors.js';
export { iacSnapshot, readIacPaths, readIacText, buildIacSnapshot, locateIacFindings, PLACEHOLDER_ACCOUNT_ID, MAX_IAC_FILE_BYTES, type IacOptions, type BuildOptions, type IacDraft } from './iac/index.js';
export { iacSupportRoleChange } from './checks/iac-support-role-change/index.js';
export { renderSarif } from './report/sarif.js';
export { renderJson, renderJsonParts } from './report/json.js';
export { VERSION } from './version.js';
export { renderJunit } from './report/junit.js';
export { renderCsv, csvCell, CSV_COLUMNS } from './report/csv.js';
export { renderOcsf, renderOcsfParts, toOcsf, OCSF_SCHEMA_VERSION, type OcsfDetectionFinding, type OcsfComplianceFinding, type OcsfFinding } from './report/ocsf.js';
export { renderAsff, renderAsffParts, toAsff, defaultProductArn, ASFF_LIMITS, type AsffFinding } from './report/asff.js';
export { renderHtml, HTML_REPORT_CSP } from './report/html.js';
export { readJsonReport } from './report/read-json.js';
export { importToSecurityHub, SECURITY_HUB_BATCH_LIMIT, type SecurityHubImportResult } from './aws/securityhub.js';
export * from './history/index.js';
export { readCloudTrailLogs, parseCloudTrailFile, type CloudTrailRecord } from './history/cloudtrail.js';
export { computeKpis, renderKpiTable, ADMIN_NAME_PATTERN, SUPPORT_CASE_EVENTS, type KpiReport, type ActorKind } from './history/kpi.js';
export { ASSUME_ROLE_EVENTS, type AssumeRoleEvent } from './history/kpi.js';
export { lookupKpiEvents, KPI_EVENT_NAMES } from './collect/cloudtrail-events.js';
export {
  runDrill,
  judgeAccount,
  judgeCall,
  timeToEngage,
  renderDrillTable,
  renderDrillJson,
  drillHistoryRecord,
  DEFAULT_DRILL_ROLE_NAME,
  DEFAULT_DRILL_DURATION,
  SUBSCRIPTION_NOTE,
  type DrillOptions,
  type DrillResult,
  type AccountDrill,
  type CallOutcome,
  type DrillTimings,
  type ProbeResult,
  type SupportCall,
  type TestCaseResult,
} from './drill/index.js';
export { DENY_PROBES, TEST_CASE_SUBJECT, type DenyProbe } from './aws/drill.js';
export { buildDashboardData, type DashboardData } from './dashboard/data.js';
export { dashboardLoader, type DashboardSources } from './dashboard/load.js';
export { startDashboard, DASHBOARD_CSP, type DashboardServer } from './dashboard/server.js';
export * from './remediate/spec.js';
export { buildTrustPolicy, trustGroups, compareTrust, samlAudience, type TrustGroup, type TrustComparison } from './remediate/trust-policy.js';
export { planFix, renderFixPlanText, type FixPlan, type FixPlanOptions, type PlannedAction, type ExistingRole } from './remediate/plan.js';
export { readRole, applyFixPlan, describeFixOutcome, type FixOutcome } from './remediate/apply.js';
export { planBackout, findBackoutCandidates, applyBackoutPlan, renderBackoutPlanText, type BackoutPlan, type BackoutEntry, type BackoutCandidate, type BackoutOutcome, type BackoutOptions } from './remediate/backout.js';
export { planAccounts, applyAccounts, accountsFromReport, accountState, type AccountFix, type EnterAccount } from './remediate/org.js';
export { EMITTERS, emit, type EmitOptions, type Emitted, type Emitter } from './remediate/renderers/index.js';
export { renderTerraform } from './remediate/renderers/terraform.js';
export { renderCloudFormation } from './remediate/renderers/cloudformation.js';
export { renderStackSet, MANAGEMENT_ACCOUNT_NOTE } from './remediate/renderers/stackset.js';
export { renderScp, PROTECTED_ACTIONS, SCP_MAX_CHARS } from './remediate/renderers/scp.js';
export { renderEventBridge, eventPattern } from './remediate/renderers/eventbridge.js';
export { renderRunbook, switchRoleUrl } from './remediate/renderers/runbook.js';
export { parseCfnYaml, CFN_YAML_TAGS } from './remediate/renderers/cfn-yaml.js';
export { RequestContext } from './policy/context.js';
export { evaluatePolicies, evaluateIdentity, statementApplies, principalMatches, type Decision, type PolicyRequest, type RequestPrincipal, type PolicyKind } from './policy/evaluate.js';
export { conditionsHold, testCondition, parseOperator, PolicyEvaluationError, type ConditionOptions } from './policy/conditions.js';
export { matchesWildcard, matchesAction, matchesResource } from './policy/wildcard.js';
export { classifyPrincipal, principalsOf, describePrincipal, type PrincipalRef, type AccountScope, type AccountRelation } from './policy/principals.js';
export { principalsWhoCanAssume, assumeRoleDecision, describeAssumer, type Assumer, type AssumeAnalysis, type AssumeRoleInput, type AssumeRoleDecision } from './policy/assume.js';
export { expandAllowedActions } from './policy/expand.js';
export { actionCatalogue, ACCESS_LEVEL_ORDER, type AccessLevel, type CatalogueAction, type ActionCatalogue } from './policy/catalogue.js';
export { matchesEventPattern, EventPatternError } from './policy/event-pattern.js';
export { shippedManagedPolicy } from './policy/managed-policies.js';

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
export { runChecks, runCheck, formatMessage, PRIMARY_CHECK_ID, type AuditResult, type AccountVerdict } from './checks/engine.js';
export { CHECKS, checkById } from './checks/registry.js';
export { supportRoles } from './checks/cis-support-role/index.js';
export { SUPPORT_ROLE_REFERENCES, formatReference } from './frameworks/references.js';
export { RENDERERS, summarize, type ReportInput, type Renderer, type Summary } from './report/index.js';
export { SupportguardError, UsageError, InputError, RuntimeError } from './errors.js';
export { VERSION } from './version.js';
export { renderJunit } from './report/junit.js';
export { renderCsv, csvCell, CSV_COLUMNS } from './report/csv.js';
export { renderOcsf, toOcsf, OCSF_SCHEMA_VERSION, type OcsfDetectionFinding } from './report/ocsf.js';
export { renderAsff, toAsff, defaultProductArn, ASFF_LIMITS, type AsffFinding } from './report/asff.js';
export { renderHtml, HTML_REPORT_CSP } from './report/html.js';
export { readJsonReport } from './report/read-json.js';
export { importToSecurityHub, SECURITY_HUB_BATCH_LIMIT, type SecurityHubImportResult } from './aws/securityhub.js';
export * from './history/index.js';
export { readCloudTrailLogs, parseCloudTrailFile, type CloudTrailRecord } from './history/cloudtrail.js';
export { computeKpis, renderKpiTable, ADMIN_NAME_PATTERN, SUPPORT_CASE_EVENTS, type KpiReport, type ActorKind } from './history/kpi.js';
export { lookupKpiEvents, KPI_EVENT_NAMES } from './collect/cloudtrail-events.js';
export { buildDashboardData, type DashboardData } from './dashboard/data.js';
export { dashboardLoader, type DashboardSources } from './dashboard/load.js';
export { startDashboard, DASHBOARD_CSP, type DashboardServer } from './dashboard/server.js';

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
export {
  scan,
  collectAccount,
  collectSupportPolicyUsage,
  listOrganizationAccounts,
  ScpReader,
  classifyError,
  DEFAULT_MEMBER_ROLE,
  DEFAULT_CONCURRENCY,
  type ScanOptions,
  type ScanResult,
  type ScanStats,
  type SkippedAccount,
} from './collect/index.js';
export { resolveAwsConfig, createClients, type AwsConfig } from './aws/clients.js';
export { SupportguardError, UsageError, InputError, RuntimeError } from './errors.js';
export { VERSION } from './version.js';

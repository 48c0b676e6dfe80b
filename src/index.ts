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
export { iacSnapshot, readIacPaths, readIacText, buildIacSnapshot, locateIacFindings, PLACEHOLDER_ACCOUNT_ID, MAX_IAC_FILE_BYTES, type IacOptions, type BuildOptions, type IacDraft } from './iac/index.js';
export { iacSupportRoleChange } from './checks/iac-support-role-change/index.js';
export { renderSarif } from './report/sarif.js';
export { VERSION } from './version.js';

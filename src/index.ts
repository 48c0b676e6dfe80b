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

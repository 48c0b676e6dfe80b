/** Live collection from AWS: the only part of the library (with src/aws) that talks to the SDK. */
export { scan, DEFAULT_CONCURRENCY, DEFAULT_MEMBER_ROLE, DEFAULT_SCAN_CONCURRENCY, INITIAL_SCAN_CONCURRENCY, type ScanOptions, type ScanResult, type ScanStats, type CallerIdentity } from './scan.js';
export { collectAccount, collectSupportPolicyUsage, collectIam, collectCloudTrail, collectCloudWatch, collectEventBridge, collectSupportPlan, type AccountApis, type AccountCollectOptions } from './account.js';
export { listOrganizationAccounts, accountState, ScpReader, scpsForSingleAccount, type OrgAccount, type SkippedAccount, type OrganizationListing } from './org.js';
export { classifyError, errorCode, describeCollectError, type CollectErrorCode } from './errors.js';
export { AdaptiveConcurrency, type ConcurrencyStats } from './adaptive.js';

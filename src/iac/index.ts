/** IaC gate: Terraform plan JSON and CloudFormation templates read into the account snapshot every check reads. */
export { iacSnapshot, readIacPaths, readIacText, MAX_IAC_FILE_BYTES, type IacOptions } from './read.js';
export { buildIacSnapshot, PLACEHOLDER_ACCOUNT_ID, type BuildOptions } from './build.js';
export { locateIacFindings } from './locate.js';
export type { IacDraft } from './draft.js';

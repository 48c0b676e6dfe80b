import type { AccountSnapshot } from '../snapshot/model.js';

// The memo lives next to `supportRoles` so the CIS check shares it with the quality checks (no import cycle).
export { judgedSupportRoles } from './cis-support-role/index.js';

/**
 * True when the snapshot was read from infrastructure as code (a Terraform plan, a CloudFormation template).
 * Code holds the role but not the people who assume it, nor any usage history: checks about who can
 * actually assume the role, or when it was last used, have nothing to judge there and stay silent
 * rather than report an "unusable" role whose users simply live outside the template.
 */
export function describesCode(account: AccountSnapshot): boolean {
  return account.source.kind === 'terraform' || account.source.kind === 'cloudformation';
}

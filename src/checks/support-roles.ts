import type { AccountSnapshot, IamData, IamRole } from '../snapshot/model.js';
import { supportRoles } from './cis-support-role/index.js';

const memo = new WeakMap<IamData, IamRole[]>();

/**
 * The support roles every quality check judges — `supportRoles` from the CIS check, memoised per IAM data:
 * eight checks ask for them, and scanning 10,000 roles' attachments eight times showed up in the benchmark.
 */
export function judgedSupportRoles(iam: IamData): IamRole[] {
  let roles = memo.get(iam);
  if (!roles) {
    roles = supportRoles(iam);
    memo.set(iam, roles);
  }
  return roles;
}

/**
 * True when the snapshot was read from infrastructure as code (a Terraform plan, a CloudFormation template).
 * Code holds the role but not the people who assume it, nor any usage history: checks about who can
 * actually assume the role, or when it was last used, have nothing to judge there and stay silent
 * rather than report an "unusable" role whose users simply live outside the template.
 */
export function describesCode(account: AccountSnapshot): boolean {
  return account.source.kind === 'terraform' || account.source.kind === 'cloudformation';
}

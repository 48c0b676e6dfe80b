import type { IamData, IamRole } from '../snapshot/model.js';
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

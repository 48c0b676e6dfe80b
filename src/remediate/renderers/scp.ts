import { UsageError } from '../../errors.js';
import type { RemediationSpec } from '../spec.js';
import type { Emitted } from './types.js';

/** Organizations' limit on an SCP document, in characters. */
export const SCP_MAX_CHARS = 5120;

/** Every IAM action that could delete the role, change who can assume it, or change what it grants. */
export const PROTECTED_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
];

/**
 * An SCP denying changes to the support role in every account it applies to, except for the
 * exempt principals (the pipeline or break-glass admin). Pretty-printed; refused when over 5120 characters.
 */
export function renderScp(spec: RemediationSpec, o: { scpExemptPrincipals?: string[] }): Emitted {
  const exempt = [...new Set(o.scpExemptPrincipals ?? [])].sort();
  for (const p of exempt) {
    if (!/^arn:[\w-]+:(iam|sts)::(\d{12}|\*):[\w+=,.@/*?-]+$/.test(p)) {
      throw new UsageError(`--scp-exempt-principal "${p}": expected an IAM principal ARN pattern, e.g. arn:${spec.partition}:iam::*:role/pipeline-*`);
    }
  }
  const statement: Record<string, unknown> = {
    Sid: 'ProtectSupportRole',
    Effect: 'Deny',
    Action: PROTECTED_ACTIONS,
    Resource: `arn:${spec.partition}:iam::*:role${spec.path}${spec.roleName}`,
  };
  if (exempt.length > 0) statement.Condition = { ArnNotLike: { 'aws:PrincipalArn': exempt.length === 1 ? exempt[0] : exempt } };
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2) + '\n';
  if (text.length > SCP_MAX_CHARS) {
    throw new UsageError(`the SCP is ${text.length} characters, over the ${SCP_MAX_CHARS} Organizations allows; use fewer or wildcard --scp-exempt-principal patterns`);
  }
  const notes = [
    'SCPs never apply to the management account: protect the role there with IAM permissions and the EventBridge alert',
    `CloudFormation StackSets change the role as arn:${spec.partition}:iam::*:role/stacksets-exec-*; exempt it if a StackSet manages the role`,
  ];
  if (exempt.length === 0) notes.unshift('no --scp-exempt-principal: nobody in member accounts can change or delete the role until the SCP is detached');
  return { text, notes };
}

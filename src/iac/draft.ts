import { isAwsSupportAccessArn } from '../snapshot/arn.js';
import type { IacRemoval, IacUnresolved, Partition, PolicyDocument, SourceLocationRef } from '../snapshot/model.js';

/**
 * What one IaC file declares, before the files of a unit are joined into one account snapshot.
 *
 * Terraform and CloudFormation both attach policies through separate resources that name a role
 * (by name, or by a reference resolved at apply), possibly in another file; the readers record
 * those links as they are and `buildIacSnapshot` joins them once every file is read.
 */

/**
 * A policy ARN as the code gives it: a literal; the ARN of a customer-managed policy declared in the code
 * (known only at apply, but its name and path are known); or a reason it is known only at apply.
 */
export type PolicyArnValue = { arn: string } | { policyKey: string } | { unknown: string };

/** How an attachment names the role, user or group it attaches to. */
export interface PrincipalRef {
  /** The declaring resource (Terraform address or CloudFormation logical id), when the code refers to it. */
  key?: string;
  /** The name, when known. A role named only by name may live outside the code. */
  name?: string;
}

export type PrincipalKind = 'role' | 'user' | 'group';

export interface PrincipalDraft {
  kind: PrincipalKind;
  /** Terraform address or CloudFormation logical id. */
  key: string;
  name: string;
  path: string;
  /** Known ARN (Terraform prior state); otherwise synthesised from account, path and name. */
  arn?: string;
  trustPolicy?: PolicyDocument | null;
  managedPolicyArns: PolicyArnValue[];
  /**
   * `aws_iam_role.managed_policy_arns` is exclusive: when set, Terraform detaches every other policy.
   * CloudFormation's ManagedPolicyArns is not (attachments made elsewhere survive).
   */
  managedPolicyArnsExclusive: boolean;
  inlinePolicies: { name: string; document: PolicyDocument }[];
  permissionsBoundaryArn?: string;
  tags: Record<string, string>;
  description?: string;
  maxSessionDurationSeconds?: number;
  location: SourceLocationRef;
}

/** One policy attached to one principal by a separate resource. */
export interface AttachmentDraft {
  key: string;
  attribute: string;
  kind: PrincipalKind;
  principal: PrincipalRef;
  policyArn: PolicyArnValue;
  location: SourceLocationRef;
}

/**
 * Exclusive attachment resources: Terraform removes, at apply, every attachment they do not list.
 * `role-policies` (aws_iam_role_policy_attachments_exclusive): the role has exactly these policies.
 * `policy-entities` (aws_iam_policy_attachment): the policy is attached to exactly these entities, account-wide.
 */
export type ExclusiveDraft =
  | { kind: 'role-policies'; key: string; role: PrincipalRef; policyArns: PolicyArnValue[]; location: SourceLocationRef }
  | { kind: 'policy-entities'; key: string; policyArn: PolicyArnValue; roles: PrincipalRef[]; users: PrincipalRef[]; groups: PrincipalRef[]; location: SourceLocationRef };

/** A customer-managed policy declared in the code. */
export interface PolicyDraft {
  key: string;
  name: string;
  path: string;
  arn?: string;
  document?: PolicyDocument;
  location: SourceLocationRef;
}

/** An inline policy declared as its own resource (aws_iam_role_policy, AWS::IAM::Policy, AWS::IAM::RolePolicy). */
export interface InlineDraft {
  key: string;
  kind: PrincipalKind;
  principal: PrincipalRef;
  name: string;
  document: PolicyDocument;
}

/** Everything one file contributes. */
export interface IacDraft {
  file: string;
  kind: 'terraform' | 'cloudformation';
  /** An account id the file itself states (ARNs of resources it manages, aws_caller_identity). */
  accountId?: string;
  /** A partition the file itself states (data.aws_partition read at plan time, ARNs in prior state). */
  partition?: Partition;
  principals: PrincipalDraft[];
  attachments: AttachmentDraft[];
  exclusives: ExclusiveDraft[];
  policies: PolicyDraft[];
  inlines: InlineDraft[];
  /** Terraform plans: support-role losses found in resource_changes. */
  removals: IacRemoval[];
  unresolved: IacUnresolved[];
  isPlan: boolean;
}

/** An empty draft for a file. */
export function emptyDraft(file: string, kind: IacDraft['kind']): IacDraft {
  return { file, kind, principals: [], attachments: [], exclusives: [], policies: [], inlines: [], removals: [], unresolved: [], isPlan: false };
}

/** Options every reader takes. */
export interface IacReadOptions {
  /** The partition that `data.aws_partition` and `${AWS::Partition}` stand for when the file does not say. */
  partition: Partition;
  /** The account id that `${AWS::AccountId}` stands for, when given. */
  accountId?: string;
}

/**
 * Could this policy ARN value be AWSSupportAccess? An unknown one could; a customer-managed policy of the code
 * (`policyKey`) or another known ARN cannot, so what it is attached to does not decide the CIS control.
 */
export function mayBeSupportAccess(v: PolicyArnValue): boolean {
  if ('arn' in v) return isAwsSupportAccessArn(v.arn);
  return !('policyKey' in v);
}

import { GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateCaseCommand, DescribeCasesCommand, DescribeSeverityLevelsCommand, ResolveCaseCommand, SupportClient } from '@aws-sdk/client-support';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Partition } from '../snapshot/model.js';
import { clientOptions, supportRegion, type AwsConfig } from './clients.js';

/**
 * The AWS calls of `supportguard drill`, made with the support role's session. The SDK stays here (src/aws);
 * src/drill decides what each answer means.
 */

/** AWS Support's documented subject for a case opened only to test case creation; such cases are closed unread. */
export const TEST_CASE_SUBJECT = 'TEST CASE--Please ignore';

/** The Support API of the partition (one endpoint a partition), with the role's credentials. */
export function supportClient(config: AwsConfig, partition: Partition, credentials: AwsCredentialIdentity): SupportClient {
  return new SupportClient(clientOptions({ ...config, region: supportRegion(partition) }, credentials));
}

/** support:DescribeSeverityLevels: the codes the account's plan offers (`low` … `critical`). */
export async function describeSeverityLevels(support: SupportClient): Promise<string[]> {
  const res = await support.send(new DescribeSeverityLevelsCommand({ language: 'en' }));
  return (res.severityLevels ?? []).map((l) => l.code ?? '?');
}

/** support:DescribeCases (open cases, first page only: the drill proves access, it does not list cases). */
export async function describeOpenCases(support: SupportClient): Promise<number> {
  const res = await support.send(new DescribeCasesCommand({ includeResolvedCases: false, maxResults: 10 }));
  return res.cases?.length ?? 0;
}

/**
 * support:CreateCase with AWS's documented test subject, as AWS Support's own instructions for testing case
 * creation describe it (a technical case: general-info / using-aws, severity low, as the AWS CLI's create-case example),
 * and returns the case id.
 */
export async function createTestCase(support: SupportClient, body: string): Promise<string> {
  const res = await support.send(
    new CreateCaseCommand({
      subject: TEST_CASE_SUBJECT,
      communicationBody: body,
      serviceCode: 'general-info',
      categoryCode: 'using-aws',
      severityCode: 'low',
      issueType: 'technical',
      language: 'en',
    }),
  );
  if (!res.caseId) throw new Error('CreateCase returned no caseId');
  return res.caseId;
}

/** support:ResolveCase; returns the final status AWS reports (`resolved`). */
export async function resolveCase(support: SupportClient, caseId: string): Promise<string | undefined> {
  return (await support.send(new ResolveCaseCommand({ caseId }))).finalCaseStatus;
}

/** The role's ARN (with its path) from its name: ListEntitiesForPolicy gives names only. */
export async function roleArnOf(iam: IAMClient, roleName: string): Promise<string> {
  const arn = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.Arn;
  if (!arn) throw new Error(`iam:GetRole ${roleName} returned no ARN`);
  return arn;
}

/** A read-only call outside AWS Support that a support role must not be allowed to make. */
export interface DenyProbe {
  /** The IAM action, as printed and recorded: `s3:ListBuckets`. */
  action: string;
  /** Makes the call once with the role's credentials; resolves when AWS allowed it, throws the SDK error otherwise. */
  call(config: AwsConfig, credentials: AwsCredentialIdentity): Promise<void>;
}

/** Runs `send` on a client built for the call and always destroys it (no sockets left open between probes). */
async function once<C extends { destroy(): void }>(client: C, send: (c: C) => Promise<unknown>): Promise<void> {
  try {
    await send(client);
  } finally {
    client.destroy();
  }
}

/**
 * The fixed probe list: one read-only list/describe call each in IAM, S3, EC2 and Organizations, the services an
 * intruder with a stolen support session would look at first. None changes anything; each asks for one item.
 * S3 and EC2 clients are loaded only here, so the CLI does not pay for them on start-up.
 */
export const DENY_PROBES: readonly DenyProbe[] = [
  {
    action: 'iam:ListRoles',
    call: (config, credentials) => once(new IAMClient(clientOptions(config, credentials)), (c) => c.send(new ListRolesCommand({ MaxItems: 1 }))),
  },
  {
    action: 's3:ListBuckets',
    call: async (config, credentials) => {
      const { S3Client, ListBucketsCommand } = await import('@aws-sdk/client-s3');
      // Path-style: an endpoint override (an emulator, a VPC endpoint) has no per-bucket host names.
      await once(new S3Client({ ...clientOptions(config, credentials), forcePathStyle: true }), (c) => c.send(new ListBucketsCommand({ MaxBuckets: 1 })));
    },
  },
  {
    action: 'ec2:DescribeRegions',
    call: async (config, credentials) => {
      const { EC2Client, DescribeRegionsCommand } = await import('@aws-sdk/client-ec2');
      await once(new EC2Client(clientOptions(config, credentials)), (c) => c.send(new DescribeRegionsCommand({})));
    },
  },
  {
    action: 'organizations:ListAccounts',
    call: (config, credentials) => once(new OrganizationsClient(clientOptions(config, credentials)), (c) => c.send(new ListAccountsCommand({ MaxResults: 1 }))),
  },
];

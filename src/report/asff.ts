import { createHash } from 'node:crypto';
import type { Finding, Severity, Status } from '../findings/model.js';
import { TOOL_NAME } from '../version.js';
import { defaultRegion, findingKey, onePerResource, truncate } from './common.js';
import type { ReportInput } from './types.js';

/** Security Hub's field limits (AWS Security Finding Format). */
export const ASFF_LIMITS = { id: 512, generatorId: 512, title: 256, description: 1024, recommendationText: 512, relatedRequirements: 32 } as const;

/** The ASFF finding type of CIS benchmark results (as Security Hub's own CIS standard uses). */
export const ASFF_TYPE_CIS = 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark';
/** The type of the quality checks: they serve the control but are not it, so they must not count as CIS results. */
export const ASFF_TYPE_BEST_PRACTICES = 'Software and Configuration Checks/AWS Security Best Practices';

/** Security Hub's resource for an account is `AWS::::Account:<id>`, not the root user's ARN. */
function asffResource(f: Finding, region: string): AsffFinding['Resources'][number] {
  if (f.resourceType === 'AwsAccount') return { Type: 'AwsAccount', Id: `AWS::::Account:${f.accountId}`, Partition: f.partition, Region: region };
  return { Type: f.resourceType, Id: f.resourceArn, Partition: f.partition, Region: region };
}

/** One finding in the AWS Security Finding Format, as BatchImportFindings takes it. */
export interface AsffFinding {
  SchemaVersion: '2018-10-08';
  Id: string;
  ProductArn: string;
  ProductName: string;
  CompanyName: string;
  GeneratorId: string;
  AwsAccountId: string;
  Region: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  Severity: { Label: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'; Original: string };
  Title: string;
  Description: string;
  Remediation?: { Recommendation: { Text: string; Url?: string } };
  Resources: { Type: string; Id: string; Partition: string; Region: string }[];
  Compliance: { Status: 'PASSED' | 'FAILED' | 'WARNING' | 'NOT_AVAILABLE'; RelatedRequirements: string[] };
  RecordState: 'ACTIVE';
  Workflow: { Status: 'NEW' | 'RESOLVED' };
  ProductFields: Record<string, string>;
}

const LABEL: Record<Severity, AsffFinding['Severity']['Label']> = {
  info: 'INFORMATIONAL',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  critical: 'CRITICAL',
};

/** ERROR is "could not be judged": Security Hub's NOT_AVAILABLE, never FAILED or PASSED. */
const COMPLIANCE: Record<Status, AsffFinding['Compliance']['Status']> = {
  PASS: 'PASSED',
  FAIL: 'FAILED',
  ERROR: 'NOT_AVAILABLE',
  INFO: 'WARNING',
};

/** The "default" product every account may import into: `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`. */
export function defaultProductArn(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/** Security Hub's RelatedRequirements style: `CIS AWS Foundations Benchmark v5.0.0/1.16`. */
function requirement(r: Finding['references'][number]): string {
  return `${r.framework} v${r.version}/${r.control}`;
}

/**
 * A stable finding Id, so a re-import updates the finding instead of adding one. Ids longer than
 * Security Hub's 512 characters (long role paths) keep their readable start and end with a hash.
 */
function findingId(f: Finding): string {
  const id = `${TOOL_NAME}/${findingKey(f)}`;
  if (id.length <= ASFF_LIMITS.id) return id;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 32);
  return `${id.slice(0, ASFF_LIMITS.id - hash.length - 1)}/${hash}`;
}

/** Converts findings to ASFF. `region` is where they are imported (IAM is global; Security Hub is regional). */
export function toAsff(findings: readonly Finding[], o: { generatedAt: string; region?: string }): AsffFinding[] {
  return onePerResource(findings).map((f) => {
    const region = o.region ?? defaultRegion(f.partition);
    const asff: AsffFinding = {
      SchemaVersion: '2018-10-08',
      Id: findingId(f),
      ProductArn: defaultProductArn(f.partition, region, f.accountId),
      ProductName: TOOL_NAME,
      CompanyName: TOOL_NAME,
      GeneratorId: truncate(`${TOOL_NAME}-${f.checkId}`, ASFF_LIMITS.generatorId),
      AwsAccountId: f.accountId,
      Region: region,
      Types: [f.references.some((r) => r.framework.startsWith('CIS')) ? ASFF_TYPE_CIS : ASFF_TYPE_BEST_PRACTICES],
      CreatedAt: o.generatedAt,
      UpdatedAt: o.generatedAt,
      // Security Hub's own controls report a passed control as INFORMATIONAL.
      Severity: { Label: f.status === 'PASS' ? 'INFORMATIONAL' : LABEL[f.severity], Original: f.severity },
      Title: truncate(f.title, ASFF_LIMITS.title),
      Description: truncate(f.message, ASFF_LIMITS.description),
      Resources: [asffResource(f, region)],
      Compliance: { Status: COMPLIANCE[f.status], RelatedRequirements: f.references.slice(0, ASFF_LIMITS.relatedRequirements).map(requirement) },
      RecordState: 'ACTIVE',
      Workflow: { Status: f.status === 'PASS' ? 'RESOLVED' : 'NEW' },
      ProductFields: { 'supportguard/CheckId': f.checkId, 'supportguard/MessageId': f.messageId, 'supportguard/Status': f.status },
    };
    if (f.remediation) asff.Remediation = { Recommendation: { Text: truncate(f.remediation, ASFF_LIMITS.recommendationText) } };
    return asff;
  });
}

/** ASFF findings as a JSON array (what `aws securityhub batch-import-findings --findings file://…` takes, 100 at a time). */
export function renderAsff({ result, generatedAt, region }: ReportInput): string {
  return JSON.stringify(toAsff(result.findings, { generatedAt, region }), null, 2) + '\n';
}

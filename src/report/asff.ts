import { createHash } from 'node:crypto';
import type { Finding, Severity, Status } from '../findings/model.js';
import { TOOL_NAME } from '../version.js';
import { defaultRegion, findingKey, joinParts, onePerResource, truncate } from './common.js';
import type { ReportInput } from './types.js';

/** Security Hub's field limits (AWS Security Finding Format). */
export const ASFF_LIMITS = {
  id: 512,
  generatorId: 512,
  title: 256,
  description: 1024,
  recommendationText: 512,
  relatedRequirements: 32,
  /** Resources[].Tags: AWS tag limits (IAM allows 50 tags a role, keys of 128 and values of 256 characters). */
  tags: 50,
  tagKey: 128,
  tagValue: 256,
} as const;

/**
 * Where Security Hub documents the control (IAM.18, the same as the CIS one): the Recommendation URL of every
 * finding that maps to it. The quality checks have no AWS page of their own, so they carry none.
 */
export const IAM_18_URL = 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-18';

/** The ASFF finding type of CIS benchmark results (as Security Hub's own CIS standard uses). */
export const ASFF_TYPE_CIS = 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark';
/** The type of the quality checks: they serve the control but are not it, so they must not count as CIS results. */
export const ASFF_TYPE_BEST_PRACTICES = 'Software and Configuration Checks/AWS Security Best Practices';

/** Security Hub's resource for an account is `AWS::::Account:<id>`, not the root user's ARN. */
function asffResource(f: Finding, region: string): AsffFinding['Resources'][number] {
  if (f.resourceType === 'AwsAccount') return { Type: 'AwsAccount', Id: `AWS::::Account:${f.accountId}`, Partition: f.partition, Region: region };
  const resource: AsffFinding['Resources'][number] = { Type: f.resourceType, Id: f.resourceArn, Partition: f.partition, Region: region };
  const tags = Object.entries(f.resourceTags ?? {}).filter(([k]) => k.length > 0).slice(0, ASFF_LIMITS.tags);
  if (tags.length) resource.Tags = Object.fromEntries(tags.map(([k, v]) => [truncate(k, ASFF_LIMITS.tagKey), truncate(v, ASFF_LIMITS.tagValue)]));
  return resource;
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
  /** When supportguard saw it: the time of this run (supportguard keeps no memory of earlier runs per finding). */
  FirstObservedAt: string;
  LastObservedAt: string;
  CreatedAt: string;
  UpdatedAt: string;
  Severity: { Label: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'; Original: string };
  Title: string;
  Description: string;
  Remediation?: { Recommendation: { Text: string; Url?: string } };
  Resources: { Type: string; Id: string; Partition: string; Region: string; Tags?: Record<string, string> }[];
  Compliance: { Status: 'PASSED' | 'FAILED' | 'WARNING' | 'NOT_AVAILABLE'; RelatedRequirements: string[]; AssociatedStandards?: { StandardsId: string }[] };
  RecordState: 'ACTIVE';
  Workflow: { Status: 'NEW' | 'RESOLVED' | 'SUPPRESSED' };
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

/**
 * Security Hub's RelatedRequirements style, as its own controls print them: `CIS AWS Foundations Benchmark
 * v5.0.0/1.16`, `NIST.800-171.r2 3.1.2`, `PCI DSS v4.0.1/12.10.3`. A Security Hub control id (IAM.18) is not a
 * requirement: it goes to ProductFields instead (undefined here).
 */
export function relatedRequirement(r: Finding['references'][number]): string | undefined {
  if (r.framework === 'AWS Security Hub') return undefined;
  if (r.framework === 'NIST SP 800-171') return `NIST.800-171.${r.version} ${r.control}`;
  return `${r.framework} v${r.version}/${r.control}`;
}

/** The Security Hub standards (StandardsId, as in Compliance.AssociatedStandards of its own findings) a reference belongs to. */
const STANDARDS_ID: Record<string, string> = {
  'CIS AWS Foundations Benchmark 1.2.0': 'ruleset/cis-aws-foundations-benchmark/v/1.2.0',
  'CIS AWS Foundations Benchmark 1.4.0': 'standards/cis-aws-foundations-benchmark/v/1.4.0',
  'CIS AWS Foundations Benchmark 3.0.0': 'standards/cis-aws-foundations-benchmark/v/3.0.0',
  'CIS AWS Foundations Benchmark 5.0.0': 'standards/cis-aws-foundations-benchmark/v/5.0.0',
  'NIST SP 800-171 r2': 'standards/nist-800-171/v/2.0.0',
  'PCI DSS 4.0.1': 'standards/pci-dss/v/4.0.1',
};

/** Only the standards Security Hub offers: CIS 1.1.0 or 7.0.0 have no StandardsId, and a made-up one would match no filter. */
function associatedStandards(f: Finding): { StandardsId: string }[] {
  const ids = f.references.map((r) => STANDARDS_ID[`${r.framework} ${r.version}`]).filter((id): id is string => id !== undefined);
  return [...new Set(ids)].map((StandardsId) => ({ StandardsId }));
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
export function toAsff(findings: readonly Finding[], o: AsffOptions): AsffFinding[] {
  return onePerResource(findings).map((f) => asffOf(f, o));
}

type AsffOptions = { generatedAt: string; region?: string };

/** The ASFF finding of one finding (after onePerResource). */
function asffOf(f: Finding, o: AsffOptions): AsffFinding {
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
    FirstObservedAt: o.generatedAt,
    LastObservedAt: o.generatedAt,
    CreatedAt: o.generatedAt,
    UpdatedAt: o.generatedAt,
    // Security Hub's own controls report a passed control as INFORMATIONAL.
    Severity: { Label: f.status === 'PASS' ? 'INFORMATIONAL' : LABEL[f.severity], Original: f.severity },
    Title: truncate(f.title, ASFF_LIMITS.title),
    Description: truncate(f.message, ASFF_LIMITS.description),
    Resources: [asffResource(f, region)],
    Compliance: {
      Status: COMPLIANCE[f.status],
      RelatedRequirements: f.references
        .map(relatedRequirement)
        .filter((r): r is string => r !== undefined)
        .slice(0, ASFF_LIMITS.relatedRequirements),
    },
    RecordState: 'ACTIVE',
    // SUPPRESSED is Security Hub's own state for an accepted finding (it stops alerting, stays on record).
    Workflow: { Status: f.suppression ? 'SUPPRESSED' : f.status === 'PASS' ? 'RESOLVED' : 'NEW' },
    ProductFields: { 'supportguard/CheckId': f.checkId, 'supportguard/MessageId': f.messageId, 'supportguard/Status': f.status },
  };
  const standards = associatedStandards(f);
  if (standards.length) asff.Compliance.AssociatedStandards = standards;
  const controls = f.references.filter((r) => r.framework === 'AWS Security Hub').map((r) => r.control);
  if (controls.length) asff.ProductFields['supportguard/SecurityHubControls'] = controls.join(',');
  const url = controls.includes('IAM.18') ? IAM_18_URL : undefined;
  if (f.remediation) asff.Remediation = { Recommendation: { Text: truncate(f.remediation, ASFF_LIMITS.recommendationText), ...(url ? { Url: url } : {}) } };
  return asff;
}

/**
 * ASFF findings as a JSON array in parts, one a finding, each converted and serialised when the next part is asked for
 * (see `renderAsff`): at the indentation it has in the whole array, so the parts join to the bytes of
 * `JSON.stringify(toAsff(…), null, 2)`.
 */
export function* renderAsffParts({ result, generatedAt, region }: ReportInput): Generator<string, void, undefined> {
  let first = true;
  for (const f of onePerResource(result.findings)) {
    // An element of a one-element array is serialised at the indentation it has in the whole array: "[\n" and "\n]" cut off.
    yield `${first ? '[\n' : ',\n'}${JSON.stringify([asffOf(f, { generatedAt, region })], null, 2).slice(2, -2)}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}

/** ASFF findings as a JSON array (what `aws securityhub batch-import-findings --findings file://…` takes, 100 at a time). */
export function renderAsff(input: ReportInput): string {
  return joinParts(renderAsffParts(input), 'ASFF', 'renderAsffParts');
}

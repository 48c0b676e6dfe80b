import { formatReference } from '../frameworks/references.js';
import type { Finding, Severity } from '../findings/model.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { defaultRegion, findingKey, onePerResource } from './common.js';
import type { ReportInput } from './types.js';

/** The OCSF schema version these findings follow (the one Prowler 5 emits). */
export const OCSF_SCHEMA_VERSION = '1.4.0';

const SEVERITY_ID: Record<Severity, { id: number; name: string }> = {
  info: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

/**
 * OCSF finding status. Prowler marks every unmuted finding New (status_id 1), PASS included, and carries
 * the verdict in status_code; we do the same so tools that ingest Prowler's OCSF read ours unchanged.
 */
const STATUS_NEW = { id: 1, name: 'New' } as const;

/** One OCSF Detection Finding (class 2004), with the fields Prowler fills. */
export interface OcsfDetectionFinding {
  message: string;
  metadata: {
    event_code: string;
    product: { name: string; uid: string; vendor_name: string; version: string };
    profiles: string[];
    version: string;
  };
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  status_code: string;
  status_detail: string;
  activity_id: 1;
  activity_name: 'Create';
  type_uid: 200401;
  type_name: 'Detection Finding: Create';
  category_uid: 2;
  category_name: 'Findings';
  class_uid: 2004;
  class_name: 'Detection Finding';
  time: number;
  time_dt: string;
  finding_info: { uid: string; title: string; desc: string; types: string[]; created_time: number; created_time_dt: string; name: string; product_uid: string };
  resources: {
    uid: string;
    name: string;
    type: string;
    region: string;
    cloud_partition: string;
    group: { name: string };
    labels: string[];
    data: { details: string; metadata: Record<string, unknown> };
  }[];
  cloud: { account: { uid: string; name?: string; type_id: 10; type: 'AWS Account' }; provider: 'AWS'; region: string };
  remediation: { desc: string; references: string[] };
  risk_details: string;
  unmapped: { compliance: Record<string, string[]>; message_id: string };
}

function resourceName(arn: string): string {
  const i = arn.lastIndexOf('/');
  return i >= 0 ? arn.slice(i + 1) : arn;
}

/** `{ "CIS-5.0": ["1.16"], … }`, the shape of Prowler's `unmapped.compliance`. */
function compliance(f: Finding): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of f.references) {
    const key = r.framework.startsWith('CIS') ? `CIS-${r.version.replace(/\.0$/, '')}` : `${r.framework}-${r.version}`;
    (out[key] ??= []).push(r.control);
  }
  return out;
}

/** Converts findings to OCSF Detection Findings. */
export function toOcsf(findings: readonly Finding[], o: { generatedAt: string; checks?: ReportInput['checks']; region?: string }): OcsfDetectionFinding[] {
  const time = Math.floor(Date.parse(o.generatedAt) / 1000);
  return onePerResource(findings).map((f) => {
    const region = o.region ?? defaultRegion(f.partition);
    const check = o.checks?.find((c) => c.id === f.checkId);
    const severity = SEVERITY_ID[f.severity];
    const status = STATUS_NEW;
    const account: OcsfDetectionFinding['cloud']['account'] = { uid: f.accountId, type_id: 10, type: 'AWS Account' };
    if (f.accountName) account.name = f.accountName;
    return {
      message: f.message,
      metadata: {
        event_code: f.checkId,
        product: { name: TOOL_NAME, uid: TOOL_NAME, vendor_name: TOOL_NAME, version: VERSION },
        profiles: ['cloud', 'datetime'],
        version: OCSF_SCHEMA_VERSION,
      },
      severity_id: severity.id,
      severity: severity.name,
      status_id: status.id,
      status: status.name,
      // Prowler puts its own verdict here (PASS/FAIL/MANUAL); ours adds ERROR and INFO.
      status_code: f.status,
      status_detail: f.message,
      activity_id: 1,
      activity_name: 'Create',
      type_uid: 200401,
      type_name: 'Detection Finding: Create',
      category_uid: 2,
      category_name: 'Findings',
      class_uid: 2004,
      class_name: 'Detection Finding',
      time,
      time_dt: o.generatedAt,
      finding_info: {
        uid: `${TOOL_NAME}-${findingKey(f)}`,
        title: f.title,
        desc: check?.description ?? f.title,
        types: ['Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark'],
        created_time: time,
        created_time_dt: o.generatedAt,
        name: resourceName(f.resourceArn),
        product_uid: TOOL_NAME,
      },
      resources: [
        {
          uid: f.resourceArn,
          name: resourceName(f.resourceArn),
          type: f.resourceType,
          region,
          cloud_partition: f.partition,
          group: { name: 'iam' },
          labels: [],
          data: { details: f.message, metadata: f.details ?? {} },
        },
      ],
      cloud: { account, provider: 'AWS', region },
      remediation: { desc: f.remediation, references: [`docs/checks/${f.checkId}.md`, ...f.references.map(formatReference)] },
      risk_details: check?.severityReason ?? '',
      unmapped: { compliance: compliance(f), message_id: f.messageId },
    };
  });
}

/** OCSF 1.4 Detection Findings (class 2004) as a JSON array, the way Prowler's `json-ocsf` output is laid out. */
export function renderOcsf({ result, generatedAt, checks, region }: ReportInput): string {
  return JSON.stringify(toOcsf(result.findings, { generatedAt, checks, region }), null, 2) + '\n';
}

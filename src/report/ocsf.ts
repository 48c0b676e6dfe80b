import { formatReference } from '../frameworks/references.js';
import { PRIMARY_CHECK_ID } from '../checks/engine.js';
import type { Check } from '../checks/types.js';
import type { Finding, FrameworkReference, Severity } from '../findings/model.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { defaultRegion, findingKey, joinParts, onePerResource } from './common.js';
import type { ReportInput } from './types.js';
import { checkDocsPath } from './docs.js';

/** The OCSF schema version these findings follow (the one Prowler 5 emits). */
export const OCSF_SCHEMA_VERSION = '1.4.0';

const SEVERITY_ID: Record<Severity, { id: number; name: string }> = {
  info: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

type Lifecycle = { activity_id: 1 | 3; activity_name: 'Create' | 'Close'; status_id: 1 | 3 | 4; status: 'New' | 'Suppressed' | 'Resolved' };
// status_id 3 "Suppressed" (OCSF 1.4.0 finding.status_id): reviewed and accepted, here by supportguard.yml.
const SUPPRESSED: Lifecycle = { activity_id: 1, activity_name: 'Create', status_id: 3, status: 'Suppressed' };
const RESOLVED: Lifecycle = { activity_id: 3, activity_name: 'Close', status_id: 4, status: 'Resolved' };
const NEW: Lifecycle = { activity_id: 1, activity_name: 'Create', status_id: 1, status: 'New' };

/**
 * Where a finding stands in OCSF's finding life cycle. A FAIL is a new detection (activity Create, status New,
 * is_alert); a PASS is not: it closes whatever an earlier FAIL of the same finding uid opened (activity Close,
 * status Resolved), as ASFF's Workflow RESOLVED does. ERROR and INFO are new and need a look, but are no alert.
 * Prowler marks every finding New; ours differ on purpose, and `status_code` still carries the verdict.
 */
function lifecycle(status: Finding['status'], suppressed = false): Lifecycle {
  if (suppressed) return SUPPRESSED;
  return status === 'PASS' ? RESOLVED : NEW;
}

/** OCSF compliance.status_id: 1 Pass, 2 Warning, 3 Fail; an ERROR could not be judged: 0 Unknown. */
const COMPLIANCE_STATUS: Record<Finding['status'], { status_id: 0 | 1 | 2 | 3; status: 'Unknown' | 'Pass' | 'Warning' | 'Fail' }> = {
  PASS: { status_id: 1, status: 'Pass' },
  FAIL: { status_id: 3, status: 'Fail' },
  ERROR: { status_id: 0, status: 'Unknown' },
  INFO: { status_id: 2, status: 'Warning' },
};

/** What Detection (2004) and Compliance (2003) Findings share: base event, finding_info, resources, cloud. */
interface OcsfFindingBase {
  message: string;
  metadata: {
    event_code: string;
    product: { name: string; uid: string; vendor_name: string; version: string };
    profiles: string[];
    version: string;
  };
  severity_id: number;
  severity: string;
  status_id: 1 | 3 | 4;
  status: 'New' | 'Suppressed' | 'Resolved';
  status_code: string;
  status_detail: string;
  activity_id: 1 | 3;
  activity_name: 'Create' | 'Close';
  category_uid: 2;
  category_name: 'Findings';
  time: number;
  time_dt: string;
  finding_info: { uid: string; title: string; desc: string; types: string[]; created_time: number; created_time_dt: string; product_uid: string };
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
  /** Not OCSF attributes: Prowler's compliance map, our message id, and Prowler's `finding_info.name` (the resource name), which OCSF 1.4.0 does not define. */
  unmapped: { compliance: Record<string, string[]>; message_id: string; finding_info: { name: string }; suppression?: { index: number; reason: string; owner: string; expires: string } };
}

/** One OCSF Detection Finding (class 2004), with the fields Prowler fills that the class defines. */
export interface OcsfDetectionFinding extends OcsfFindingBase {
  class_uid: 2004;
  class_name: 'Detection Finding';
  /** 200401 (Create) or 200403 (Close). */
  type_uid: number;
  type_name: string;
  is_alert: boolean;
  risk_details: string;
}

/** The CIS verdict of an account as an OCSF Compliance Finding (class 2003), beside its Detection Finding. */
export interface OcsfComplianceFinding extends OcsfFindingBase {
  class_uid: 2003;
  class_name: 'Compliance Finding';
  /** 200301 (Create) or 200303 (Close). */
  type_uid: number;
  type_name: string;
  compliance: { standards: string[]; requirements: string[]; control: string; status_id: 0 | 1 | 2 | 3; status: string; status_detail: string };
}

export type OcsfFinding = OcsfDetectionFinding | OcsfComplianceFinding;

function resourceName(arn: string): string {
  const i = arn.lastIndexOf('/');
  return i >= 0 ? arn.slice(i + 1) : arn;
}

/** `{ "CIS-5.0": ["1.16"], … }`, the shape of Prowler's `unmapped.compliance`. */
function compliance(references: readonly FrameworkReference[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of references) {
    const key = r.framework.startsWith('CIS') ? `CIS-${r.version.replace(/\.0$/, '')}` : `${r.framework}-${r.version}`;
    (out[key] ??= []).push(r.control);
  }
  return out;
}

/** The checks whose result is the CIS verdict itself, also emitted as Compliance Findings. */
const CIS_VERDICT_CHECKS: ReadonlySet<string> = new Set([PRIMARY_CHECK_ID]);

const PRODUCT: OcsfFindingBase['metadata']['product'] = { name: TOOL_NAME, uid: TOOL_NAME, vendor_name: TOOL_NAME, version: VERSION };
const PROFILES = ['cloud', 'datetime'];
const FINDING_TYPES = ['Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark'];

/**
 * What every event of one check (and one list of framework references) has in common, worked out once a call:
 * building them again for each finding (a search of the check list, the compliance map, the formatted references),
 * with events spread from smaller objects, took longer than serialising them (0.8-1.0 s against 0.3 s for 24,000
 * events; 0.14 s now). The events share these objects: treat them as read-only.
 */
interface CheckFacts {
  metadata: OcsfFindingBase['metadata'];
  desc: string | undefined;
  riskDetails: string;
  remediationReferences: string[];
  compliance: Record<string, string[]>;
  cisStandards: string[];
  cisRequirements: string[];
}

type OcsfOptions = { generatedAt: string; checks?: ReportInput['checks']; region?: string };

/** One conversion: the options, the time in seconds, and the facts of each check met so far. */
class OcsfContext {
  readonly time: number;
  private readonly checks: Map<string, Check>;
  /** By check id, then by references list: the findings of a check share their check's list, so one entry serves them all. */
  private readonly facts = new Map<string, WeakMap<readonly FrameworkReference[], CheckFacts>>();

  constructor(readonly o: OcsfOptions) {
    this.time = Math.floor(Date.parse(o.generatedAt) / 1000);
    this.checks = new Map((o.checks ?? []).map((c) => [c.id, c]));
  }

  factsOf(f: Finding): CheckFacts {
    let byReferences = this.facts.get(f.checkId);
    if (!byReferences) this.facts.set(f.checkId, (byReferences = new WeakMap()));
    let facts = byReferences.get(f.references);
    if (!facts) {
      const check = this.checks.get(f.checkId);
      const cis = f.references.filter((r) => r.framework.startsWith('CIS'));
      facts = {
        metadata: { event_code: f.checkId, product: PRODUCT, profiles: PROFILES, version: OCSF_SCHEMA_VERSION },
        desc: check?.description,
        riskDetails: check?.severityReason ?? '',
        remediationReferences: [checkDocsPath(f.checkId), ...f.references.map(formatReference)],
        compliance: compliance(f.references),
        cisStandards: cis.map((r) => `${r.framework} v${r.version}`),
        cisRequirements: cis.map((r) => `${r.framework} v${r.version} ${r.control}`),
      };
      byReferences.set(f.references, facts);
    }
    return facts;
  }
}

/**
 * The base event of a finding, with `uid` as its finding uid. Written out field by field rather than spread from
 * smaller objects: the key order is the output's (and each event gets the same hidden class, which serialises faster).
 */
function base(f: Finding, facts: CheckFacts, ctx: OcsfContext, uid: string): OcsfFindingBase {
  const { time, o } = ctx;
  const region = o.region ?? defaultRegion(f.partition);
  const severity = SEVERITY_ID[f.severity];
  const life = lifecycle(f.status, !!f.suppression);
  const account: OcsfFindingBase['cloud']['account'] = { uid: f.accountId, type_id: 10, type: 'AWS Account' };
  if (f.accountName) account.name = f.accountName;
  const name = resourceName(f.resourceArn);
  return {
    message: f.message,
    metadata: facts.metadata,
    severity_id: severity.id,
    severity: severity.name,
    activity_id: life.activity_id,
    activity_name: life.activity_name,
    status_id: life.status_id,
    status: life.status,
    // Prowler puts its own verdict here (PASS/FAIL/MANUAL); ours adds ERROR and INFO.
    status_code: f.status,
    status_detail: f.message,
    category_uid: 2,
    category_name: 'Findings',
    time,
    time_dt: o.generatedAt,
    finding_info: { uid, title: f.title, desc: facts.desc ?? f.title, types: FINDING_TYPES, created_time: time, created_time_dt: o.generatedAt, product_uid: TOOL_NAME },
    resources: [
      {
        uid: f.resourceArn,
        name,
        type: f.resourceType,
        region,
        cloud_partition: f.partition,
        group: { name: 'iam' },
        labels: [],
        data: { details: f.message, metadata: f.details ?? {} },
      },
    ],
    cloud: { account, provider: 'AWS', region },
    remediation: { desc: f.remediation, references: facts.remediationReferences },
    unmapped: f.suppression
      ? { compliance: facts.compliance, message_id: f.messageId, finding_info: { name }, suppression: { ...f.suppression } }
      : { compliance: facts.compliance, message_id: f.messageId, finding_info: { name } },
  };
}

/** The Detection Finding (2004) of a finding: `type_uid` is class_uid × 100 + activity_id, `type_name` "<class>: <activity>". */
function detection(f: Finding, facts: CheckFacts, ctx: OcsfContext, key: string): OcsfDetectionFinding {
  const d = base(f, facts, ctx, `${TOOL_NAME}-${key}`) as OcsfDetectionFinding;
  d.class_uid = 2004;
  d.class_name = 'Detection Finding';
  d.type_uid = 200400 + d.activity_id;
  d.type_name = `Detection Finding: ${d.activity_name}`;
  d.is_alert = f.status === 'FAIL' && !f.suppression;
  d.risk_details = facts.riskDetails;
  return d;
}

function complianceFinding(f: Finding, facts: CheckFacts, ctx: OcsfContext, key: string): OcsfComplianceFinding {
  // Its own uid: the Detection Finding of the same resource is a different event.
  const c = base(f, facts, ctx, `${TOOL_NAME}-compliance-${key}`) as OcsfComplianceFinding;
  c.class_uid = 2003;
  c.class_name = 'Compliance Finding';
  c.type_uid = 200300 + c.activity_id;
  c.type_name = `Compliance Finding: ${c.activity_name}`;
  c.compliance = { standards: facts.cisStandards, requirements: facts.cisRequirements, control: f.title, ...COMPLIANCE_STATUS[f.status], status_detail: f.message };
  return c;
}

/** The OCSF events of one finding: its Detection Finding and, for the CIS verdict, its Compliance Finding. */
function eventsOf(f: Finding, ctx: OcsfContext): OcsfFinding[] {
  const facts = ctx.factsOf(f);
  const key = findingKey(f);
  const d = detection(f, facts, ctx, key);
  return CIS_VERDICT_CHECKS.has(f.checkId) ? [d, complianceFinding(f, facts, ctx, key)] : [d];
}

/**
 * Converts findings to OCSF: one Detection Finding (2004) per finding and resource, as Prowler emits; the CIS
 * verdict of each account (cis-support-role) also as a Compliance Finding (2003) with `compliance.status_id`.
 * Events of one call share the sub-objects that are the same for every finding of a check (metadata, references,
 * compliance maps): treat the result as read-only, or copy before changing one.
 */
export function toOcsf(findings: readonly Finding[], o: OcsfOptions): OcsfFinding[] {
  const ctx = new OcsfContext(o);
  return onePerResource(findings).flatMap((f) => eventsOf(f, ctx));
}

/**
 * OCSF 1.4.0 findings as a JSON array with one compact event per line (`[\n{…},\n{…}\n]\n`, `[]\n` for none): still
 * one JSON document, what OCSF consumers, jq and Security Lake ingestion read, and greppable and diffable by line.
 * Given in parts, one an event, each built and serialised only when the caller asks for the next: the CLI writes them
 * to the file as they come, so a large organisation's report is never one string (V8 holds at most ~2^29 characters,
 * ~512 MiB) nor a heap full of them (10,000 accounts with every check: 321 MiB of events).
 */
export function* renderOcsfParts({ result, generatedAt, checks, region }: ReportInput): Generator<string, void, undefined> {
  const ctx = new OcsfContext({ generatedAt, checks, region });
  let first = true;
  for (const f of onePerResource(result.findings)) {
    for (const event of eventsOf(f, ctx)) {
      yield `${first ? '[\n' : ',\n'}${JSON.stringify(event)}`;
      first = false;
    }
  }
  yield first ? '[]\n' : '\n]\n';
}

/** OCSF 1.4.0 findings as one string: `renderOcsfParts` joined (see there for the layout, and for reports too large for one string). */
export function renderOcsf(input: ReportInput): string {
  return joinParts(renderOcsfParts(input), 'OCSF', 'renderOcsfParts');
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors.js';
import { buildRemediationSpec, type RemediationSpec } from '../spec.js';
import { buildTrustPolicy } from '../trust-policy.js';
import { parseCfnYaml } from './cfn-yaml.js';
import { cloudTrailEvent, WATCHED_EVENTS } from '../../checks/support-role-monitoring/index.js';
import { cloudTrailLogRecord } from '../../checks/support-role-monitoring/cloudwatch-path.js';
import { matchMetricFilter } from '../../policy/metric-filter.js';
import { metricFilterPattern } from './cloudwatch.js';
import { eventPattern } from './eventbridge.js';
import { EMITTERS, emit } from './index.js';
import { PROTECTED_ACTIONS } from './scp.js';

// Parsed templates are walked freely in assertions; a wrong path fails the assertion anyway.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Template = Record<string, any>;

const GOLDEN_DIR = join(import.meta.dirname, '../../../test/fixtures/remediate');
const A = '111122223333';

/** The spec every golden file is rendered from: each kind of principal, a path, an external id. */
const SPEC: RemediationSpec = buildRemediationSpec({
  accountId: A,
  path: '/security/',
  owner: 'platform-security',
  externalId: 'partner-7f3a',
  trust: [
    `arn:aws:iam::${A}:role/Admin`,
    `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Support_0a1b2c3d`,
    `arn:aws:iam::${A}:saml-provider/Okta`,
    'arn:aws:iam::444455556666:role/PartnerSupport',
  ],
});
const GOV = buildRemediationSpec({ accountId: A, partition: 'aws-us-gov', trust: [`arn:aws-us-gov:iam::${A}:user/alice`] });

/** Compares with the golden file; `UPDATE_GOLDEN=1` rewrites it instead (review the diff). */
function golden(name: string, text: string): void {
  const file = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 and review it`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

/** Resolves `{Ref: Param}` against the template's parameter defaults, as CloudFormation would. */
function resolveRefs(value: unknown, params: Record<string, { Type: string; Default?: string }>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, params));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.Ref === 'string' && params[o.Ref]) {
      const p = params[o.Ref]!;
      return p.Type === 'CommaDelimitedList' ? p.Default!.split(',') : p.Default;
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolveRefs(v, params)]));
  }
  return value;
}

/** Principal lists as lists, so a one-element list and a string compare equal. */
function listify(doc: unknown): unknown {
  return JSON.parse(JSON.stringify(doc), (k, v) => (k === 'AWS' || k === 'Federated') && typeof v === 'string' ? [v] : v);
}

describe('golden files (UPDATE_GOLDEN=1 regenerates)', () => {
  it.each([
    ['terraform', 'main.tf', SPEC, {}],
    ['cloudformation', 'support-role.yaml', SPEC, {}],
    ['stackset', 'support-role-stackset.yaml', SPEC, {}],
    ['scp', 'scp.json', SPEC, { scpExemptPrincipals: ['arn:aws:iam::*:role/pipeline-deployer', 'arn:aws:iam::*:role/stacksets-exec-*'] }],
    ['eventbridge', 'eventbridge.yaml', SPEC, {}],
    ['eventbridge', 'eventbridge-pattern.json', SPEC, { format: 'json' as const }],
    ['cloudwatch', 'cloudwatch.yaml', SPEC, { logGroupName: 'CloudTrail/management' }],
    ['cloudwatch', 'cloudwatch.tf', SPEC, { format: 'terraform' as const, logGroupName: 'CloudTrail/management' }],
    ['runbook', 'runbook.md', SPEC, {}],
    ['runbook', 'runbook-govcloud.md', GOV, {}],
  ])('%s → %s', (kind, file, spec, options) => {
    golden(file, emit(kind, spec, options).text);
  });

  it('every emitter has a golden file', () => {
    expect(Object.keys(EMITTERS).sort()).toEqual(['cloudformation', 'cloudwatch', 'eventbridge', 'runbook', 'scp', 'stackset', 'terraform']);
  });
});

describe('CloudFormation parsed back', () => {
  it('is an AWS::IAM::Role with the partition-neutral AWSSupportAccess ARN and exactly the spec\'s trust policy', () => {
    const t = parseCfnYaml(emit('cloudformation', SPEC).text) as Template;
    const role = t.Resources.SupportRole;
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties.ManagedPolicyArns).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AWSSupportAccess' }]);
    expect(role.Properties.RoleName).toBe('aws-support');
    expect(role.Properties.Path).toBe('/security/');
    expect(role.Properties.MaxSessionDuration).toBe(3600);
    expect(role.Properties.Tags).toEqual([
      { Key: 'owner', Value: 'platform-security' },
      { Key: 'purpose', Value: 'CIS AWS Foundations IAM support role - AWSSupportAccess' },
      { Key: 'managed-by', Value: 'cloudformation' },
      { Key: 'generated-by', Value: 'supportguard' },
    ]);
    // With the parameters at their defaults, the trust policy is exactly the one `fix` would create.
    expect(resolveRefs(role.Properties.AssumeRolePolicyDocument, t.Parameters)).toEqual(listify(buildTrustPolicy(SPEC)));
    expect(t.Outputs.SupportRoleArn.Value).toEqual({ 'Fn::GetAtt': ['SupportRole', 'Arn'] });
  });

  it('the StackSet is service-managed with auto-deployment and embeds the same role template', () => {
    const t = parseCfnYaml(emit('stackset', SPEC).text) as Template;
    const ss = t.Resources.SupportRoleStackSet;
    expect(ss.Type).toBe('AWS::CloudFormation::StackSet');
    expect(ss.Properties.PermissionModel).toBe('SERVICE_MANAGED');
    expect(ss.Properties.AutoDeployment).toEqual({ Enabled: true, RetainStacksOnAccountRemoval: false });
    expect(ss.Properties.Capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
    expect(ss.Properties.StackInstancesGroup[0].DeploymentTargets).toEqual({ OrganizationalUnitIds: { Ref: 'OrganizationalUnitIds' } });
    const inner = parseCfnYaml(ss.Properties.TemplateBody) as Template;
    const accountless = { ...SPEC, accountId: undefined } as RemediationSpec;
    expect(inner).toEqual(parseCfnYaml(emit('cloudformation', accountless).text));
    expect(emit('stackset', SPEC).notes[0]).toMatch(/^Service-managed StackSets never deploy to the Organization management account/);
  });

  it('the EventBridge rule carries the event pattern for AssumeRole and the IAM calls that weaken the role', () => {
    const t = parseCfnYaml(emit('eventbridge', SPEC).text) as Template;
    expect(t.Resources.SupportRoleActivityRule.Properties.EventPattern).toEqual(eventPattern(SPEC));
    expect(eventPattern(SPEC)).toEqual({
      source: ['aws.sts', 'aws.iam'],
      'detail-type': ['AWS API Call via CloudTrail'],
      $or: [
        { detail: { eventSource: ['sts.amazonaws.com'], eventName: ['AssumeRole', 'AssumeRoleWithSAML'], requestParameters: { roleArn: [`arn:aws:iam::${A}:role/security/aws-support`] } } },
        {
          detail: {
            eventSource: ['iam.amazonaws.com'],
            eventName: ['AttachRolePolicy', 'DeleteRole', 'DeleteRolePolicy', 'DetachRolePolicy', 'PutRolePolicy', 'UpdateAssumeRolePolicy'],
            requestParameters: { roleName: ['aws-support'] },
          },
        },
      ],
    });
  });

  it('cfn-lint accepts the role, StackSet, EventBridge and CloudWatch templates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-cfn-'));
    const files = ['cloudformation', 'stackset', 'eventbridge', 'cloudwatch'].map((k) => {
      const f = join(dir, `${k}.yaml`);
      writeFileSync(f, emit(k, SPEC).text);
      return f;
    });
    const r = spawnSync('cfn-lint', files, { encoding: 'utf8' });
    if (r.error) throw new Error(`cfn-lint is needed for this test: ${r.error.message}`);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('Terraform', () => {
  const tf = emit('terraform', SPEC).text;

  it('uses data.aws_partition for the policy ARN and one variable per trust statement', () => {
    expect(tf).toContain('data "aws_partition" "current" {}');
    expect(tf).toContain('policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSSupportAccess"');
    for (const v of ['trusted_principals_mfa', 'trusted_principals_mfa_external_id', 'trusted_principals_no_mfa', 'trusted_principals_saml', 'external_id']) {
      expect(tf).toContain(`variable "${v}" {`);
    }
  });

  it('is valid, canonically formatted HCL (terraform fmt -check)', () => {
    const r = spawnSync('terraform', ['fmt', '-check', '-'], { input: tf, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' } });
    if (r.error) throw new Error(`terraform is needed for this test: ${r.error.message}`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('escapes HCL template sequences in user text', () => {
    const spec = buildRemediationSpec({ trust: [`arn:aws:iam::${A}:role/Admin`], description: 'cost ${var.x} and %{ if }' });
    expect(emit('terraform', spec).text).toContain('description          = "cost $${var.x} and %%{ if }"');
  });
});

describe('SCP', () => {
  it('denies every change to the role in all accounts except for the exempt principals', () => {
    const scp = JSON.parse(emit('scp', SPEC, { scpExemptPrincipals: ['arn:aws:iam::*:role/pipeline'] }).text);
    expect(scp.Statement).toEqual([
      { Sid: 'ProtectSupportRole', Effect: 'Deny', Action: PROTECTED_ACTIONS, Resource: 'arn:aws:iam::*:role/security/aws-support', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/pipeline' } } },
    ]);
  });

  it('refuses an SCP over 5120 characters and a malformed exempt principal', () => {
    const many = Array.from({ length: 120 }, (_, i) => `arn:aws:iam::*:role/pipeline-number-${i}`);
    expect(() => emit('scp', SPEC, { scpExemptPrincipals: many })).toThrow(UsageError);
    expect(() => emit('scp', SPEC, { scpExemptPrincipals: many })).toThrow(/^the SCP is \d+ characters, over the 5120 Organizations allows; use fewer or wildcard --scp-exempt-principal patterns$/);
    expect(() => emit('scp', SPEC, { scpExemptPrincipals: ['pipeline'] })).toThrow('--scp-exempt-principal "pipeline": expected an IAM principal ARN pattern, e.g. arn:aws:iam::*:role/pipeline-*');
  });
});

describe('runbook', () => {
  it('gives the exact assume-role command with MFA and external id, and the console URL per partition', () => {
    const md = emit('runbook', SPEC).text;
    expect(md).toContain(
      [
        'set -- $(aws sts assume-role \\',
        `  --role-arn arn:aws:iam::${A}:role/security/aws-support \\`,
        '  --role-session-name "support-$(whoami)" \\',
        '  --serial-number "$MFA_DEVICE_ARN" --token-code "$MFA_CODE" \\',
        "  --external-id 'partner-7f3a' \\",
        "  --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)",
      ].join('\n'),
    );
    expect(md).toContain(`https://signin.aws.amazon.com/switchrole?roleName=security%2Faws-support&account=${A}&displayName=aws-support%40${A}`);
    const gov = emit('runbook', GOV).text;
    expect(gov).toContain(`https://signin.amazonaws-us-gov.com/switchrole?roleName=aws-support&account=${A}`);
    expect(gov).toContain('aws support create-case --region us-gov-west-1');
    const cn = buildRemediationSpec({ accountId: A, partition: 'aws-cn', trust: [`arn:aws-cn:iam::${A}:role/Admin`] });
    expect(emit('runbook', cn).text).toContain('https://signin.amazonaws.cn/switchrole?');
  });

  it('for a SAML-only trust prints the IdP sign-in and assume-role-with-saml, never assume-role or switch role', () => {
    // Given a role only a SAML provider may federate into (sts:AssumeRoleWithSAML)
    const samlOnly = buildRemediationSpec({ accountId: A, trust: [`arn:aws:iam::${A}:saml-provider/Okta`] });
    // When the runbook is rendered
    const md = emit('runbook', samlOnly).text;
    // Then it says how to get in through the IdP, and prints no path STS would refuse
    expect(md).toContain('## 1. Sign in through your identity provider (SAML)\n');
    expect(md).toContain(`2. On the AWS sign-in page (<https://signin.aws.amazon.com/saml>) choose the role \`arn:aws:iam::${A}:role/aws-support\`.`);
    expect(md).toContain(`  --principal-arn arn:aws:iam::${A}:saml-provider/Okta \\\n`);
    expect(md).not.toContain('aws sts assume-role \\');
    expect(md).not.toContain('switchrole');
    expect(md).not.toContain('MFA_DEVICE_ARN');
    expect(md).toContain('## 2. Open a case\n');
  });

  it('for an Identity Center permission set says: access portal first, then assume the role (no MFA serial)', () => {
    const ic = buildRemediationSpec({ accountId: A, trust: [`arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SupportResponders_0123abcd`] });
    const md = emit('runbook', ic).text;
    expect(md).toContain(`## 1. Sign in through IAM Identity Center\n\n1. Sign in to your AWS access portal and open account ${A} with the permission set **SupportResponders**.\n`);
    expect(md).toContain('## 2. Assume the role from the command line\n\nFor Identity Center sessions (`sts:AssumeRole`).\n');
    expect(md).not.toContain('--serial-number');
    expect(md).not.toContain('SAML');
  });

  it('needs the account', () => {
    expect(() => emit('runbook', { ...SPEC, accountId: undefined } as RemediationSpec)).toThrow('the runbook needs the account that holds the role: pass --account <12-digit id>');
  });
});

describe('CloudWatch metric filter and alarm', () => {
  const role = (name: string, path = '/security/') => ({ name, arn: `arn:aws:iam::${A}:role${path}${name}`, id: 'AROA1', path, trustPolicy: null, attachedManagedPolicies: [], inlinePolicies: [], tags: {} });
  const account = { schemaVersion: 1 as const, accountId: A, partition: 'aws' as const, source: { kind: 'live' as const } };
  const record = (event: (typeof WATCHED_EVENTS)[number], r = role(SPEC.roleName)) => cloudTrailLogRecord(cloudTrailEvent(event, r, account).detail as Record<string, unknown>);

  it('emits a pattern that supportguard\'s own matcher accepts for the role\'s AssumeRole, DetachRolePolicy and DeleteRole, and not for another role', () => {
    const pattern = metricFilterPattern(SPEC);
    for (const e of WATCHED_EVENTS) expect(matchMetricFilter(pattern, record(e)), e).toBe('match');
    for (const e of WATCHED_EVENTS) expect(matchMetricFilter(pattern, record(e, role('aws-support-other'))), e).toBe('no-match');
    // The same pattern is what the template and the Terraform carry.
    expect((parseCfnYaml(emit('cloudwatch', SPEC).text) as Template).Resources.SupportRoleActivityFilter.Properties.FilterPattern).toBe(pattern);
  });

  it('matches the role in any account when the account is not known', () => {
    const spec = buildRemediationSpec({ path: '/security/', trust: [`arn:aws:iam::${A}:role/Admin`] });
    expect(metricFilterPattern(spec)).toContain('"arn:aws:iam::*:role/security/aws-support"');
    expect(matchMetricFilter(metricFilterPattern(spec), record('AssumeRole', role(spec.roleName)))).toBe('match');
  });

  it('alarms with actions on at least one event, to the SNS topic given as a parameter', () => {
    const alarm = (parseCfnYaml(emit('cloudwatch', SPEC).text) as Template).Resources.SupportRoleActivityAlarm.Properties;
    expect(alarm).toMatchObject({ ActionsEnabled: true, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Statistic: 'Sum', AlarmActions: [{ Ref: 'AlertTopicArn' }] });
  });

  it('is valid, canonically formatted HCL (terraform fmt -check)', () => {
    const tf = emit('cloudwatch', SPEC, { format: 'terraform' }).text;
    const r = spawnSync('terraform', ['fmt', '-check', '-'], { input: tf, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' } });
    if (r.error) throw new Error(`terraform is needed for this test: ${r.error.message}`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

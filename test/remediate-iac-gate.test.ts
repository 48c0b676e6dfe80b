import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCfnYaml } from '../src/remediate/renderers/cfn-yaml.js';
import { cli } from './helpers/cli.js';

/**
 * What `supportguard emit` writes must pass the project's own IaC gate (`supportguard iac`):
 * the generator and the gate are written independently, so each checks the other.
 * Terraform is not here: the gate reads plan JSON, and a plan needs the AWS provider (from the machine's local plugin
 * folder): test/terraform.moto.test.ts plans the emitted HCL against moto and puts that plan through the gate.
 */
const TRUST = ['--trust', 'arn:aws:iam::123456789012:role/Admin', '--owner', 'secops'];

async function emitTo(kind: string, extra: string[] = []): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-gate-'));
  const file = join(dir, `${kind}.yaml`);
  const r = await cli(['emit', kind, ...TRUST, ...extra, '-o', file]);
  expect(r.code).toBe(0);
  return file;
}

function cisVerdict(jsonReport: string) {
  const report = JSON.parse(jsonReport);
  return report.findings.filter((f: { checkId: string }) => f.checkId === 'cis-support-role').map((f: { status: string; message: string }) => `${f.status} ${f.message}`);
}

describe('generated IaC passes the supportguard IaC gate', () => {
  it('emit cloudformation → supportguard iac → cis-support-role PASS naming the role, exit 0', async () => {
    // Given the CloudFormation template supportguard emits for the default support role
    const file = await emitTo('cloudformation');
    // When the IaC gate judges it
    const r = await cli(['iac', file, '-f', 'json', '--check', 'cis-support-role']);
    // Then the CIS control passes on the role the template defines
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(cisVerdict(r.stdout)).toEqual(['PASS 1 support role(s) with AWSSupportAccess: aws-support.']);
  });

  it('passes every applicable quality check of the gate too: trust, tags, least privilege, case capability (no FAIL at all)', async () => {
    const file = await emitTo('cloudformation');
    const r = await cli(['iac', file, '--account-id', '123456789012', '-f', 'json']);
    const findings = JSON.parse(r.stdout).findings as { status: string; checkId: string }[];
    expect(findings.filter((f) => f.status !== 'PASS')).toEqual([]);
    expect(findings.map((f) => f.checkId).sort()).toEqual(['cis-support-role', 'support-functional-equivalents', 'support-role-case-capability', 'support-role-least-privilege', 'support-role-tags', 'support-role-trust-policy']);
    expect(r.code).toBe(0);
  });

  it('passes the gate as action.yml runs it, with no flags at all: the unknown account is INFO, never a FAIL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-gate-'));
    const file = join(dir, 'alice.yaml');
    expect((await cli(['emit', 'cloudformation', '--trust', 'arn:aws:iam::111111111111:user/alice', '--owner', 'secops', '-o', file])).code).toBe(0);
    const r = await cli(['iac', file, '-f', 'json']);
    const findings = JSON.parse(r.stdout).findings as { status: string; checkId: string; messageId: string }[];
    expect(findings.filter((f) => f.status === 'FAIL' || f.status === 'ERROR')).toEqual([]);
    expect(findings.filter((f) => f.status === 'INFO').map((f) => `${f.checkId} ${f.messageId}`)).toEqual(['support-role-trust-policy account-unknown']);
    expect(r.code).toBe(0);
  });

  it('a third-party trust emitted with --external-id passes the trust check of the gate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-gate-'));
    const file = join(dir, 'third-party.yaml');
    expect((await cli(['emit', 'cloudformation', '--trust', 'arn:aws:iam::999988887777:role/Partner', '--external-id', 'partner-4711', '--owner', 'secops', '-o', file])).code).toBe(0);
    const r = await cli(['iac', file, '--account-id', '123456789012', '-f', 'json', '--check', 'support-role-trust-policy']);
    expect(JSON.parse(r.stdout).findings.map((f: { status: string }) => f.status)).toEqual(['PASS']);
  });

  it('emit cloudformation in aws-us-gov resolves ${AWS::Partition} to the GovCloud policy ARN', async () => {
    const file = await emitTo('cloudformation', ['--role-name', 'gov-support']);
    const r = await cli(['iac', file, '--partition', 'aws-us-gov', '-f', 'json', '--check', 'cis-support-role']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.findings[0].partition).toBe('aws-us-gov');
    expect(report.findings[0].details.supportRoles[0]).toMatch(/^arn:aws-us-gov:iam::\d{12}:role\/gov-support$/);
  });

  it('emit stackset → its embedded TemplateBody → supportguard iac → PASS', async () => {
    const file = await emitTo('stackset');
    const stackSet = parseCfnYaml(await readFile(file, 'utf8')) as { Resources: Record<string, { Type: string; Properties: { TemplateBody: string } }> };
    const body = Object.values(stackSet.Resources).find((r) => r.Type === 'AWS::CloudFormation::StackSet')!.Properties.TemplateBody;
    const inner = join(await mkdtemp(join(tmpdir(), 'sg-gate-')), 'member-role.yaml');
    await writeFile(inner, body);
    const r = await cli(['iac', inner, '-f', 'json', '--check', 'cis-support-role']);
    expect(r.code).toBe(0);
    expect(cisVerdict(r.stdout)).toEqual(['PASS 1 support role(s) with AWSSupportAccess: aws-support.']);
  });

  it('the gate is not fooled by the StackSet wrapper alone: it defines no role in this stack', async () => {
    const file = await emitTo('stackset');
    const r = await cli(['iac', file, '-f', 'json', '--check', 'cis-support-role']);
    expect(r.code).toBe(1);
    expect(cisVerdict(r.stdout)[0]).toMatch(/^FAIL /);
  });
});

import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/findings/model.js';
import { cli } from './helpers/cli.js';

const TF = 'test/fixtures/iac/terraform';
const CFN = 'test/fixtures/iac/cloudformation';
const HOSTILE = 'test/fixtures/iac/hostile';

/**
 * Runs `supportguard iac … --format json` and returns the findings by "STATUS checkId messageId".
 * These scenarios are about the support role's presence and loss, so they run those two checks unless a
 * test names its own; the quality checks on IaC have their own scenarios below.
 */
const PRESENCE_CHECKS = ['--check', 'cis-support-role', 'iac-support-role-change'];
async function iacJson(...args: string[]) {
  const run = await cli(['iac', ...args, ...(args.includes('--check') ? [] : PRESENCE_CHECKS), '--format', 'json']);
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as { accounts: { accountId: string; status: string; accountName?: string }[]; findings: Finding[] };
  const summary = report.findings.map((f) => `${f.status} ${f.checkId} ${f.messageId}`);
  return { ...run, report, summary };
}

const find = (findings: Finding[], checkId: string, messageId: string) => {
  const f = findings.find((x) => x.checkId === checkId && x.messageId === messageId);
  if (!f) throw new Error(`no ${checkId} ${messageId} in ${findings.map((x) => x.messageId).join(', ')}`);
  return f;
};

describe('supportguard iac: Terraform plans', () => {
  it('passes a plan that creates a role and attaches AWSSupportAccess to it, and names the account the plan states', async () => {
    // Given a plan creating aws_iam_role.support and an aws_iam_role_policy_attachment to it
    const { code, report, summary } = await iacJson(`${TF}/create-support-role.plan.json`);
    // Then the CIS check passes on the role, the change check passes, and the exit code is 0
    expect(summary).toEqual(['PASS cis-support-role pass', 'PASS iac-support-role-change pass']);
    expect(find(report.findings, 'cis-support-role', 'pass').message).toBe('1 support role(s) with AWSSupportAccess: aws-support.');
    // The account id comes from data.aws_caller_identity read at plan time
    expect(report.accounts).toEqual([{ accountId: '111122223333', status: 'PASS', message: '1 support role(s) with AWSSupportAccess: aws-support.', accountName: `${TF}/create-support-role.plan.json` }]);
    // The account-level PASS points at the support role's line in the plan (its planned_values entry)
    expect(find(report.findings, 'cis-support-role', 'pass').location).toEqual({ file: `${TF}/create-support-role.plan.json`, line: 8, column: 11 });
    expect(code).toBe(0);
  });

  it('follows a module role whose name is known only after apply through the configuration references', async () => {
    // Given module.support[0] with a name_prefix role and an attachment whose `role` is unknown at plan time
    const { code, report, summary } = await iacJson(`${TF}/module-name-prefix.plan.json`);
    // Then the attachment is joined to the role through `aws_iam_role.this.name` in the module's configuration
    expect(summary).toEqual(['PASS cis-support-role pass', 'PASS iac-support-role-change pass']);
    expect(find(report.findings, 'cis-support-role', 'pass').message).toBe('1 support role(s) with AWSSupportAccess: module.support[0].aws_iam_role.this.');
    expect(code).toBe(0);
  });

  it('fails a plan that deletes the support role, with the dedicated message, even though nothing is left "after"', async () => {
    const { code, report, summary } = await iacJson(`${TF}/delete-support-role.plan.json`);
    expect(summary).toEqual(['FAIL cis-support-role no-support-role', 'FAIL iac-support-role-change removes-support-role']);
    const removal = find(report.findings, 'iac-support-role-change', 'removes-support-role');
    expect(removal.message).toBe('The plan deletes role aws-support (aws_iam_role.support), which has arn:aws:iam::aws:policy/AWSSupportAccess attached.');
    expect(removal.resourceArn).toBe('arn:aws:iam::111122223333:role/aws-support');
    expect(removal.location).toEqual({ file: `${TF}/delete-support-role.plan.json`, line: 9, column: 7 });
    // No other role keeps the policy: the loss weighs as much as the control
    expect(removal.severity).toBe('medium');
    expect(code).toBe(1);
  });

  it('fails a plan that replaces the support role although the role exists again after apply', async () => {
    const { code, report, summary } = await iacJson(`${TF}/replace-support-role.plan.json`);
    expect(summary).toEqual(['PASS cis-support-role pass', 'FAIL iac-support-role-change replaces-support-role']);
    expect(find(report.findings, 'iac-support-role-change', 'replaces-support-role').message).toBe(
      'The plan replaces role aws-support (aws_iam_role.support, actions delete,create): it is destroyed and re-created with a new unique id, so policies that trusted the old role stop matching and responders have no support role in between.',
    );
    expect(code).toBe(1);
  });

  it('does not guess a policy_arn known only after apply into a PASS: FAIL for the CIS check, INFO naming the attachment', async () => {
    // Given data.aws_partition deferred to apply, so the attachment's policy_arn is unknown in the plan
    const { code, report, summary } = await iacJson(`${TF}/unknown-policy-arn.plan.json`);
    expect(summary).toEqual(['FAIL cis-support-role not-known-before-apply', 'INFO iac-support-role-change unknown-value', 'PASS iac-support-role-change pass']);
    expect(find(report.findings, 'cis-support-role', 'not-known-before-apply').message).toBe(
      'No IAM role is known to have arn:aws:iam::aws:policy/AWSSupportAccess before apply: aws_iam_role_policy_attachment.support policy_arn will only be known then, so the code cannot show the control is met.',
    );
    const info = find(report.findings, 'iac-support-role-change', 'unknown-value');
    expect(info.message).toBe(
      'aws_iam_role_policy_attachment.support policy_arn: known only after apply (from data.aws_partition.current.partition); data.aws_partition is read only at apply in this plan. supportguard did not count it toward a support role.',
    );
    expect(info.location?.file).toBe(`${TF}/unknown-policy-arn.plan.json`);
    expect(code).toBe(1);
  });

  it('applies exclusive attachments as Terraform does: a dropped role is a detach, an unlisted attachment is not counted', async () => {
    // Given aws_iam_policy_attachment (exclusive) for AWSSupportAccess now listing only "responders" (it listed
    // "legacy-support" too), and role "ops" that gets AWSSupportAccess from a separate attachment. The plan is
    // Terraform's own (scripts/generate-plan-fixtures.sh): the provider reads back every entity the policy is
    // attached to, so the prior state lists legacy-support, ops and responders, and the apply detaches both others.
    const { code, report, summary } = await iacJson(`${TF}/exclusive-attachments.plan.json`);
    expect(summary).toEqual([
      'PASS cis-support-role pass',
      'FAIL iac-support-role-change detaches-support-policy',
      'FAIL iac-support-role-change detaches-support-policy',
      'INFO iac-support-role-change unknown-value',
    ]);
    // "responders" is a role the code names but does not define: it still counts
    expect(find(report.findings, 'cis-support-role', 'pass').message).toBe('1 support role(s) with AWSSupportAccess: responders.');
    const detaches = report.findings.filter((f) => f.messageId === 'detaches-support-policy');
    expect(detaches.map((f) => f.message)).toEqual([
      'The plan detaches arn:aws:iam::aws:policy/AWSSupportAccess from role legacy-support (aws_iam_policy_attachment.support, actions update).',
      'The plan detaches arn:aws:iam::aws:policy/AWSSupportAccess from role ops (aws_iam_policy_attachment.support, actions update).',
    ]);
    // "responders" keeps the policy, so each detach is reported at low severity (--fail-on medium lets it through)
    expect(detaches.map((f) => f.severity)).toEqual(['low', 'low']);
    expect(find(report.findings, 'iac-support-role-change', 'unknown-value').message).toBe(
      'aws_iam_policy_attachment.support roles: is exclusive for arn:aws:iam::aws:policy/AWSSupportAccess and does not list role ops, so Terraform detaches it on apply. supportguard did not count it toward a support role.',
    );
    expect(code).toBe(1);
  });

  it('sees through a customer-managed policy named AWSSupportAccess attached by reference (ARN unknown at plan)', async () => {
    const { code, report, summary } = await iacJson(`${TF}/customer-lookalike.plan.json`);
    expect(summary).toEqual(['FAIL cis-support-role customer-policy-lookalike', 'PASS iac-support-role-change pass']);
    const f = find(report.findings, 'cis-support-role', 'customer-policy-lookalike');
    expect(f.message).toBe(
      'No role has arn:aws:iam::aws:policy/AWSSupportAccess; role(s) aws-support have a customer-managed policy named AWSSupportAccess, which is not the AWS-managed policy and does not count.',
    );
    expect(code).toBe(1);
  });

  it('reads a one-line GovCloud plan with managed_policy_arns: partition and account from the plan, column for the location', async () => {
    const { code, report } = await iacJson(`${TF}/govcloud-managed-policy-arns.plan.json`);
    const pass = find(report.findings, 'cis-support-role', 'pass');
    expect(pass.partition).toBe('aws-us-gov');
    expect(pass.accountId).toBe('222233334444');
    // terraform show -json prints one line: the column is what points at the resource
    expect(pass.location?.line).toBe(1);
    expect(pass.location?.column).toBeGreaterThan(1);
    expect(code).toBe(0);
  });

  it('--fail-on high lets medium FAILs through with exit 0 while still reporting them', async () => {
    const run = await cli(['iac', `${TF}/delete-support-role.plan.json`, '--fail-on', 'high']);
    expect(run.stdout).toContain('FAIL  medium   iac-support-role-change');
    expect(run.code).toBe(0);
  });

  it('--check selects the checks that run', async () => {
    const { summary } = await iacJson(`${TF}/delete-support-role.plan.json`, '--check', 'iac-support-role-change');
    expect(summary).toEqual(['FAIL iac-support-role-change removes-support-role']);
  });
});

describe('supportguard iac: CloudFormation templates', () => {
  it('passes a YAML template with short-form tags, and points at the role line', async () => {
    // !Sub with ${AWS::Partition}, !Ref to a parameter Default, !If on a condition decided by a Default
    const { code, report, summary } = await iacJson(`${CFN}/support-role.yaml`);
    expect(summary).toEqual(['PASS cis-support-role pass']);
    const pass = find(report.findings, 'cis-support-role', 'pass');
    expect(pass.message).toBe('1 support role(s) with AWSSupportAccess: aws-support-prod.');
    expect(pass.location).toEqual({ file: `${CFN}/support-role.yaml`, line: 24, column: 3 });
    expect(report.accounts[0]!.accountId).toBe('000000000000');
    expect(code).toBe(0);
  });

  it('--partition decides ${AWS::Partition} and --parameter overrides a Default', async () => {
    const { report } = await iacJson(`${CFN}/support-role.yaml`, '--partition', 'aws-cn', '--parameter', 'Environment=staging', '--account-id', '123456789012');
    const pass = find(report.findings, 'cis-support-role', 'pass');
    expect(pass.message).toBe('1 support role(s) with AWSSupportAccess: aws-support-staging.');
    expect(pass.partition).toBe('aws-cn');
    expect(pass.accountId).toBe('123456789012');
  });

  it('fails a JSON template whose role has a customer-managed policy named AWSSupportAccess, at the JSON line', async () => {
    const { code, report, summary } = await iacJson(`${CFN}/lookalike-managed-policy.json`);
    expect(summary).toEqual(['FAIL cis-support-role customer-policy-lookalike']);
    expect(find(report.findings, 'cis-support-role', 'customer-policy-lookalike').location).toEqual({ file: `${CFN}/lookalike-managed-policy.json`, line: 16, column: 5 });
    expect(code).toBe(1);
  });

  it('fails a role that has AWSSupportAccess only as its permissions boundary (built with !Join)', async () => {
    const { code, summary } = await iacJson(`${CFN}/boundary-and-inline.yaml`);
    expect(summary).toEqual(['FAIL cis-support-role boundary-only']);
    expect(code).toBe(1);
  });

  it('reports Fn::ImportValue, parameters without Default and undecidable conditions, and does not pass on them', async () => {
    const { code, report, summary } = await iacJson(`${CFN}/conditional-and-imported.yaml`);
    expect(summary[0]).toBe('FAIL cis-support-role not-known-before-apply');
    expect(report.findings.filter((f) => f.messageId === 'unknown-value').map((f) => f.message)).toEqual([
      'MaybeSupportRole Condition: created only when condition WantSupport holds, which cannot be decided before deploy. supportguard did not count it toward a support role.',
      'OpsRole ManagedPolicyArns[0]: Fn::ImportValue security-baseline-SupportPolicyArn comes from another stack. supportguard did not count it toward a support role.',
      'OpsRole ManagedPolicyArns[1]: parameter SupportPolicyArn has no Default. supportguard did not count it toward a support role.',
      'OpsRole ManagedPolicyArns[2]: depends on condition WantSupport, which cannot be decided before deploy. supportguard did not count it toward a support role.',
    ]);
    expect(code).toBe(1);
  });

  it('passes once the undecidable parameter is given', async () => {
    const { summary } = await iacJson(`${CFN}/conditional-and-imported.yaml`, '--parameter', 'CreateSupportRole=true', '--parameter', 'SupportPolicyArn=arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(summary).toEqual(['PASS cis-support-role pass', 'INFO iac-support-role-change unknown-value']);
  });

  it('judges every path given together as one account: a plan and a template', async () => {
    const { report, summary } = await iacJson(`${TF}/delete-support-role.plan.json`, `${CFN}/support-role.yaml`);
    expect(report.accounts).toHaveLength(1);
    expect(report.accounts[0]!.accountName).toBe(`${TF}/delete-support-role.plan.json + ${CFN}/support-role.yaml`);
    expect(summary).toEqual(['PASS cis-support-role pass', 'FAIL iac-support-role-change removes-support-role']);
  });

  it('searches a folder for templates and plans, skipping files that are not IaC', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-iac-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"app"}');
    writeFileSync(join(dir, 'workflow.yml'), 'on: push\n');
    writeFileSync(join(dir, 'support.yaml'), readFileSync(`${CFN}/support-role.yaml`));
    const { code, summary } = await iacJson(dir);
    expect(summary).toEqual(['PASS cis-support-role pass']);
    expect(code).toBe(0);
  });
});

describe('supportguard iac: hostile and malformed input', () => {
  const cases: [string, string][] = [
    ['invalid.yaml', `${HOSTILE}/invalid.yaml:7: not valid YAML (Flow sequence in block collection must be sufficiently indented and end with a ])`],
    ['invalid.json', `${HOSTILE}/invalid.json:4: not valid JSON (Expected double-quoted property name in JSON at position 110`],
    ['alias-bomb.yaml', `${HOSTILE}/alias-bomb.yaml: more than 100 YAML alias expansions (a "billion laughs" document?); refusing it`],
    ['deep-nesting.json', `${HOSTILE}/deep-nesting.json: nested deeper than 200 levels; refusing it`],
    ['deep-nesting.yaml', `${HOSTILE}/deep-nesting.yaml: YAML nested too deeply to read`],
    ['unknown-tag.yaml', `${HOSTILE}/unknown-tag.yaml:6: unknown YAML tag !Exec (not a CloudFormation intrinsic function)`],
    ['plan-format-2.json', `${HOSTILE}/plan-format-2.json: Terraform plan JSON format 2.0 (written by Terraform 1.9.8) is not supported; this supportguard reads plan JSON formats 0.1, 0.2 (Terraform 0.12 to 1.0.x) and 1.x (Terraform 1.1 and later); its layout may differ`],
    ['state-show.json', `${HOSTILE}/state-show.json: a Terraform state, not a plan; run \`terraform plan -out=tfplan && terraform show -json tfplan > plan.json\``],
    ['terraform.tfstate.json', `${HOSTILE}/terraform.tfstate.json: a Terraform state, not a plan`],
    ['binary-garbage.bin', `${HOSTILE}/binary-garbage.bin: binary file; not a CloudFormation template or Terraform plan`],
    ['empty.yaml', `${HOSTILE}/empty.yaml: empty file; not a CloudFormation template or Terraform plan`],
    ['not-iac.json', `${HOSTILE}/not-iac.json: not a CloudFormation template or Terraform plan (expected AWSTemplateFormatVersion, Resources typed AWS::…, or \`terraform show -json PLANFILE\` output)`],
    ['multi-document.yaml', `${HOSTILE}/multi-document.yaml:5: not valid YAML (Source contains multiple documents`],
    ['no-iac-folder', `${HOSTILE}/no-iac-folder: no CloudFormation template or Terraform plan JSON found in this folder (*.json, *.yaml, *.yml, *.template)`],
  ];
  for (const [file, error] of cases) {
    it(`${file}: one clear line, exit 3, no report`, async () => {
      const run = await cli(['iac', `${HOSTILE}/${file}`]);
      expect(run.stderr.startsWith(`supportguard: ${error}`)).toBe(true);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
      expect(run.code).toBe(3);
    });
  }

  it('refuses a file over 64 MiB before reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-iac-'));
    const big = join(dir, 'huge.json');
    // A sparse file: its size is what is checked, nothing is read
    writeFileSync(big, '');
    truncateSync(big, 65 * 1024 * 1024);
    expect(await cli(['iac', big])).toMatchObject({ code: 3, stderr: `supportguard: ${big}: larger than 64 MiB; refusing it\n` });
  });

  it('writes nothing with -o when an input is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-iac-'));
    const run = await cli(['iac', `${CFN}/support-role.yaml`, `${HOSTILE}/invalid.json`, '-f', 'sarif', '-o', join(dir, 'out.sarif')]);
    expect(run.code).toBe(3);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps __proto__ keys as data: the template is read, nothing is polluted', async () => {
    const { code, summary, report } = await iacJson(`${HOSTILE}/proto-keys.json`, `${HOSTILE}/proto-keys.yaml`);
    expect(summary).toEqual(['PASS cis-support-role pass']);
    expect(report.findings[0]!.message).toBe('2 support role(s) with AWSSupportAccess: aws-support, aws-support.');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(code).toBe(0);
  });

  it('refuses a bad --partition and --account-id as usage errors (exit 2)', async () => {
    expect(await cli(['iac', `${CFN}/support-role.yaml`, '--partition', 'mars'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown --partition "mars"') });
    expect(await cli(['iac', `${CFN}/support-role.yaml`, '--account-id', '12'])).toMatchObject({ code: 2, stderr: 'supportguard: --account-id must be 12 digits, not "12"\n' });
    expect(await cli(['iac', `${CFN}/support-role.yaml`, '--parameter', 'novalue'])).toMatchObject({ code: 2, stderr: 'supportguard: --parameter "novalue" must be NAME=VALUE\n' });
    expect((await cli(['iac', `${CFN}/support-role.yaml`, '--bogus'])).code).toBe(2);
  });

  it('a missing path is an input error (exit 3)', async () => {
    expect(await cli(['iac', 'test/fixtures/iac/nope.yaml'])).toMatchObject({ code: 3, stderr: 'supportguard: test/fixtures/iac/nope.yaml: no such file or folder\n' });
  });
});

describe('supportguard iac: option order', () => {
  it('--parameter takes one value, so paths may follow it', async () => {
    const { summary } = await iacJson('--parameter', 'CreateSupportRole=true', '--parameter', 'SupportPolicyArn=arn:aws:iam::aws:policy/ReadOnlyAccess', `${CFN}/conditional-and-imported.yaml`);
    expect(summary).toEqual(['PASS cis-support-role pass', 'INFO iac-support-role-change unknown-value']);
  });
});

describe('the IaC gate as a library', () => {
  it('iacSnapshot, runChecks and locateIacFindings do what the command does', async () => {
    const lib = await import('../src/index.js');
    const snapshot = await lib.iacSnapshot([`${CFN}/support-role.yaml`], { partition: 'aws' });
    expect(snapshot.source).toEqual({ kind: 'cloudformation', path: `${CFN}/support-role.yaml` });
    const result = lib.runChecks(lib.CHECKS, [snapshot]);
    lib.locateIacFindings(result.findings, snapshot);
    expect(result.accounts.map((a) => a.status)).toEqual(['PASS']);
    // With every check, SARIF carries the quality FAILs of the template's role, each at the role's line.
    const results = JSON.parse(lib.renderSarif({ result, checks: lib.CHECKS, generatedAt: '2026-01-01T00:00:00Z' })).runs[0].results;
    expect(results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['support-role-tags', 'support-role-trust-policy']);
    for (const r of results) expect(r.locations[0].physicalLocation.region.startLine).toBe(24);
  });
});

describe('iac table output', () => {
  it('shows where in the file each finding points', async () => {
    const r = await cli(['iac', 'test/fixtures/iac/cloudformation/support-role.yaml', '--verbose']);
    expect(r.stdout).toContain('1 support role(s) with AWSSupportAccess: aws-support-prod.\n        at test/fixtures/iac/cloudformation/support-role.yaml:24:3\n');
  });
});

describe('iac: the support-role quality checks judge the policies found in the code', () => {
  it('fails a trusted account outside the organization without ExternalId, and an untagged role, at the role line', async () => {
    // Given a template whose support role trusts a role in account 444455556666 and has no owner tag
    const { code, report } = await iacJson(`${CFN}/support-role.yaml`, '--account-id', '111122223333', '--check', 'support-role-trust-policy', 'support-role-tags', 'support-role-least-privilege');
    // Then the trust policy and the tags fail, least privilege passes, all pointing at line 24
    expect(report.findings.map((f) => `${f.status} ${f.checkId} ${f.messageId} ${f.location?.line}`)).toEqual([
      'PASS support-role-least-privilege support-only 24',
      'FAIL support-role-tags missing-tags 24',
      'FAIL support-role-trust-policy foreign-account-no-external-id 24',
    ]);
    expect(code).toBe(1);
  });

  it('without --account-id it cannot tell a sibling account from a third party: INFO, not a FAIL', async () => {
    const { code, report } = await iacJson(`${CFN}/support-role.yaml`, '--check', 'support-role-trust-policy');
    expect(report.findings.map((f) => `${f.status} ${f.messageId}`)).toEqual(['INFO account-unknown', 'PASS pass']);
    expect(report.findings[0]!.message).toContain('cannot tell whether 444455556666 is yours or a third party');
    expect(code).toBe(0);
  });

  it('--known-accounts makes the sibling account trusted as ours: no ExternalId demanded', async () => {
    const { report } = await iacJson(`${CFN}/support-role.yaml`, '--account-id', '111122223333', '--known-accounts', '444455556666', '--check', 'support-role-trust-policy');
    expect(report.findings.map((f) => `${f.status} ${f.messageId}`)).toEqual(['PASS pass']);
  });

  it('does not call a role "unusable" because its users live outside the template, nor judge its last use', async () => {
    const { report } = await iacJson(`${CFN}/support-role.yaml`, '--check', 'support-role-effective-access', 'support-role-last-used');
    expect(report.findings).toEqual([]);
  });

  it('refuses a malformed --known-accounts with exit 2', async () => {
    const r = await cli(['iac', `${CFN}/support-role.yaml`, '--known-accounts', '12,abc']);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: 'supportguard: --known-accounts: not a 12-digit account id: 12, abc\n' });
  });
});

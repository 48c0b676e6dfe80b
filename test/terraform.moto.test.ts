import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMIT_KINDS } from '../src/remediate/renderers/kinds.js';
import { cli } from './helpers/cli.js';
import { startMoto, type MotoServer } from './helpers/moto.js';
import { motoProvider, terraform, terraformDir, terraformInit, terraformPluginDir } from './helpers/terraform.js';

/**
 * The emitted Terraform judged by Terraform itself, with the hashicorp/aws provider from the machine's local plugin
 * folder (`terraform init -plugin-dir`, no network): `terraform validate` on every Terraform artefact `emit` writes,
 * and `terraform apply` of the support role against moto followed by `supportguard scan`, which must PASS.
 * Slow (each provider start is seconds): one file, generous timeouts, the validations run side by side.
 */
const ACCOUNT = '123456789012';
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/Admin`;
const TF_TIMEOUT = 240_000;

/** Every `emit` invocation whose output is Terraform: each is validated below. */
const TERRAFORM_ARTEFACTS: [string, string[]][] = [
  [
    'support role: every kind of principal, a path, an external id',
    [
      'emit',
      'terraform',
      '--account',
      '111122223333',
      '--path',
      '/security/',
      '--owner',
      'platform-security',
      '--external-id',
      'partner-7f3a',
      '--trust',
      'arn:aws:iam::111122223333:role/Admin',
      '--trust',
      'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Support_0a1b2c3d',
      '--trust',
      'arn:aws:iam::111122223333:saml-provider/Okta',
      '--trust',
      'arn:aws:iam::444455556666:role/PartnerSupport',
    ],
  ],
  ['support role: one principal without MFA, no account', ['emit', 'terraform', '--trust', ADMIN, '--no-mfa']],
  ['support role: GovCloud, user principal, HCL escapes in the description', ['emit', 'terraform', '--partition', 'aws-us-gov', '--trust', 'arn:aws-us-gov:iam::111122223333:user/alice', '--description', 'cost ${var.x} and %{ if }']],
  ['CloudWatch metric filter and alarm', ['emit', 'cloudwatch', '--role-name', 'aws-support-responders', '--log-group-name', 'CloudTrail/management', '-f', 'terraform']],
  ['CloudWatch metric filter and alarm: default log group, role path', ['emit', 'cloudwatch', '--path', '/security/', '--account', ACCOUNT, '-f', 'terraform']],
];

/** What the CLI prints for argv (exit 0 asserted). */
async function emitted(argv: string[]): Promise<string> {
  const r = await cli(argv);
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** HCL, as opposed to YAML, JSON or Markdown: a top-level block of the Terraform language. */
const isHcl = (text: string) => /^(terraform|resource|data|variable|output|provider|module|locals) ("|\{)/m.test(text);

describe('terraform validate on every emitted Terraform artefact', () => {
  beforeAll(() => {
    // Fails (never skips) when terraform or the provider folder is missing, naming what is missing.
    terraformPluginDir();
  });

  it('the list below covers every emit kind and format that writes HCL', async () => {
    // Given every emit kind with each --format it accepts (and none)
    const formats: Record<string, (string | undefined)[]> = { eventbridge: [undefined, 'json'], cloudwatch: [undefined, 'terraform'] };
    const hcl: string[] = [];
    for (const kind of EMIT_KINDS) {
      for (const format of formats[kind] ?? [undefined]) {
        const argv = ['emit', kind, '--trust', ADMIN, '--account', ACCOUNT, ...(format ? ['-f', format] : [])];
        if (isHcl(await emitted(argv))) hcl.push(`${kind}${format ? ` -f ${format}` : ''}`);
      }
    }
    // Then exactly the Terraform ones write HCL, and each of them is validated below
    expect(hcl).toEqual(['terraform', 'cloudwatch -f terraform']);
    const validated = new Set(TERRAFORM_ARTEFACTS.map(([, argv]) => `${argv[1]}${argv.includes('-f') ? ` -f ${argv[argv.indexOf('-f') + 1]}` : ''}`));
    expect([...validated].sort()).toEqual([...hcl].sort());
  });

  it.concurrent.each(TERRAFORM_ARTEFACTS)(
    '%s: declares hashicorp/aws and passes terraform validate with no warning',
    async (_, argv) => {
      // Given the artefact alone in a folder, as a user saves it
      const text = await emitted(argv);
      expect(text).toMatch(/^terraform \{\n {2}required_version = ">= 1\.0"\n\n {2}required_providers \{\n {4}aws = \{\n {6}source {2}= "hashicorp\/aws"\n {6}version = ">= 5\.0"\n/m);
      const dir = terraformDir({ 'main.tf': text });
      // When terraform init (from the local plugin folder) and validate run on it
      await terraformInit(dir, { backend: false });
      const result = JSON.parse(await terraform(dir, ['validate', '-json', '-no-color'])) as { valid: boolean; error_count: number; warning_count: number; diagnostics: unknown[] };
      // Then Terraform finds it valid, without a warning
      expect(result).toMatchObject({ valid: true, error_count: 0, warning_count: 0, diagnostics: [] });
      // And the provider it installed is the one the HCL asks for
      expect(readFileSync(join(dir, '.terraform.lock.hcl'), 'utf8')).toContain('provider "registry.terraform.io/hashicorp/aws"');
    },
    TF_TIMEOUT,
  );
});

describe('terraform apply of the emitted support role against moto, then supportguard scan', () => {
  let moto: MotoServer;
  let dir: string;
  beforeAll(async () => {
    terraformPluginDir();
    moto = await startMoto();
    // Given the support role as `emit terraform` writes it, and a provider block pointing at moto
    dir = terraformDir({ 'main.tf': await emitted(['emit', 'terraform', '--account', ACCOUNT, '--owner', 'secops', '--trust', ADMIN]) });
    writeFileSync(join(dir, 'provider.tf'), motoProvider(moto.endpoint));
    await terraformInit(dir);
  }, TF_TIMEOUT);
  afterAll(async () => {
    await moto?.stop();
  });

  /** Credentials for moto only; the endpoint is given on the command line, as a user would against LocalStack or moto. */
  const scanEnv = () => ({
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  });

  it(
    'a real plan of it passes the IaC gate: supportguard iac on terraform show -json gives cis-support-role PASS, exit 0',
    async () => {
      // When terraform plans the emitted HCL and shows the plan as JSON
      await terraform(dir, ['plan', '-input=false', '-no-color', '-out=tfplan']);
      const planFile = join(dir, 'plan.json');
      writeFileSync(planFile, await terraform(dir, ['show', '-json', 'tfplan']));
      // Then the gate finds the role and its AWSSupportAccess attachment in the plan, and the plan removes nothing
      const r = await cli(['iac', planFile, '--check', 'cis-support-role', 'iac-support-role-change', '-f', 'json']);
      expect(r.stderr).toBe('');
      const findings = (JSON.parse(r.stdout) as { findings: { status: string; checkId: string; message: string }[] }).findings.map((f) => `${f.status} ${f.checkId}: ${f.message}`);
      expect(findings).toEqual([
        'PASS cis-support-role: 1 support role(s) with AWSSupportAccess: aws-support.',
        'PASS iac-support-role-change: The plan deletes, replaces and detaches nothing that carries AWSSupportAccess.',
      ]);
      expect(r.code).toBe(0);
    },
    TF_TIMEOUT,
  );

  it(
    'before apply the account FAILs cis-support-role; after apply scan --endpoint-url gives PASS naming the role, exit 0',
    async () => {
      // Given the empty moto account
      const before = await cli(['scan', '--endpoint-url', moto.endpoint, '--check', 'cis-support-role'], scanEnv());
      expect(before.stdout).toContain(`account ${ACCOUNT}  FAIL`);
      expect(before.code).toBe(1);
      // When terraform applies the emitted support role to moto
      const applied = await terraform(dir, ['apply', '-auto-approve', '-input=false', '-no-color']);
      expect(applied).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
      expect(await terraform(dir, ['output', '-raw', 'support_role_arn'])).toBe(`arn:aws:iam::${ACCOUNT}:role/aws-support`);
      // Then the live scan of that account passes the CIS control on exactly that role
      const after = await cli(['scan', '--endpoint-url', moto.endpoint, '--check', 'cis-support-role', '--verbose'], scanEnv());
      expect(after).toEqual({
        code: 0,
        stderr: '',
        stdout: [
          `account ${ACCOUNT}  PASS `,
          '  PASS  medium   cis-support-role',
          '        1 support role(s) with AWSSupportAccess: aws-support.',
          '',
          '1 account(s): 1 PASS, 0 FAIL, 0 ERROR; CIS support-role pass rate 100% of judged accounts.',
          '',
        ].join('\n'),
      });
      // And the role terraform made is the one supportguard designs: trust as given, tagged, able to open cases
      const deep = await cli(['scan', '--deep', '--endpoint-url', moto.endpoint, '--check', 'support-role-trust-policy', 'support-role-tags', 'support-role-case-capability', '-f', 'json'], scanEnv());
      const findings = (JSON.parse(deep.stdout) as { findings: { status: string; checkId: string; message: string }[] }).findings;
      expect(findings.map((f) => `${f.status} ${f.checkId}`).sort()).toEqual(['PASS support-role-case-capability', 'PASS support-role-tags', 'PASS support-role-trust-policy']);
      expect(findings.find((f) => f.checkId === 'support-role-trust-policy')?.message).toBe(`The trust policy of aws-support admits only: role ${ADMIN}.`);
      expect(deep.code).toBe(0);
    },
    TF_TIMEOUT,
  );
});

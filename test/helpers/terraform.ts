import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Where the hashicorp/aws provider lives on this machine: a folder holding `registry.terraform.io/…` that
 * `terraform init -plugin-dir=DIR` installs from without a network. `.ci/run` finds it and passes it as
 * SUPPORTGUARD_TF_PLUGIN_DIR; run locally without it, the usual places are tried, then the same `find` as `.ci/run`.
 */
export const TF_PLUGIN_DIR_VAR = 'SUPPORTGUARD_TF_PLUGIN_DIR';

const holdsAwsProvider = (dir: string) => existsSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws'));

let found: string | undefined;

/** The plugin folder, or a thrown Error saying exactly what is missing: these tests never skip. */
export function terraformPluginDir(): string {
  if (found) return found;
  const version = spawnSync('terraform', ['version'], { encoding: 'utf8', env: terraformEnv() });
  if (version.error) throw new Error(`terraform is needed by the Terraform tests and is not on PATH: ${version.error.message}`);
  const given = process.env[TF_PLUGIN_DIR_VAR];
  if (given) {
    if (!holdsAwsProvider(given)) throw new Error(`${TF_PLUGIN_DIR_VAR}=${given} holds no registry.terraform.io/hashicorp/aws provider`);
    return (found = given);
  }
  const candidates = ['/opt/tf-plugins', join(homedir(), '.terraform.d', 'plugins'), '/usr/local/share/terraform/plugins', '/usr/share/terraform/plugins'];
  const quick = candidates.find(holdsAwsProvider);
  if (quick) return (found = quick);
  const search = spawnSync('find', ['/', '-name', 'terraform-provider-aws_*', '-not', '-path', '/proc/*'], { encoding: 'utf8' });
  // …/DIR/registry.terraform.io/hashicorp/aws/VERSION/OS_ARCH/terraform-provider-aws_vX → DIR
  const binary = search.stdout.split('\n').find((l) => l.includes('/registry.terraform.io/hashicorp/aws/'));
  if (!binary) {
    throw new Error(
      `no hashicorp/aws Terraform provider on this machine (searched ${TF_PLUGIN_DIR_VAR}, ${candidates.join(', ')} and the whole file system): ` +
        'the Terraform tests need a plugin folder holding registry.terraform.io/hashicorp/aws/<version>/<os_arch>/',
    );
  }
  return (found = binary.slice(0, binary.indexOf('/registry.terraform.io/')));
}

/**
 * Terraform's environment in the tests: no CLI config of the machine (its plugin cache or credentials helpers), no
 * checkpoint call home, no prompts, no AWS profile or instance metadata; `extra` adds what a test needs.
 */
export function terraformEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[k] !== undefined) env[k] = process.env[k];
  return {
    ...env,
    TF_CLI_CONFIG_FILE: '/dev/null',
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    ...extra,
  };
}

/**
 * A provider block that sends every call the HCL makes to moto on loopback (never to AWS): fake keys, no account
 * lookup, no metadata endpoint. Written beside the emitted files, the way a user adds a provider to a module.
 */
export function motoProvider(endpoint: string, region = 'us-east-1'): string {
  const services = ['iam', 'sts', 'cloudwatch', 'cloudwatchlogs', 'cloudtrail', 'sns', 'organizations'];
  return [
    'provider "aws" {',
    `  region                      = "${region}"`,
    '  access_key                  = "testing"',
    '  secret_key                  = "testing"',
    '  skip_credentials_validation = true',
    '  skip_requesting_account_id  = true',
    '  skip_metadata_api_check     = true',
    '  skip_region_validation      = true',
    '',
    '  endpoints {',
    ...services.map((s) => `    ${s.padEnd(14)} = "${endpoint}"`),
    '  }',
    '}',
    '',
  ].join('\n');
}

/** A temp folder with the given files (name → text). */
export function terraformDir(files: Record<string, string>, prefix = 'sg-tf-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs terraform in `dir`; resolves with stdout, or rejects with a message carrying terraform's stderr. */
export async function terraform(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const { stdout } = await run('terraform', [`-chdir=${dir}`, ...args], { env: terraformEnv(env), maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`terraform ${args.join(' ')} in ${dir} failed: ${err.stderr || err.stdout || err.message}`);
  }
}

/** `terraform init` from the local plugin folder only (no registry, no network). */
export async function terraformInit(dir: string, { backend = true } = {}): Promise<void> {
  await terraform(dir, ['init', '-input=false', '-no-color', `-plugin-dir=${terraformPluginDir()}`, ...(backend ? [] : ['-backend=false'])]);
}

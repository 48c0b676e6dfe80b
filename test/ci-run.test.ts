import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `.ci/run` must fail loudly, not let the Terraform tests fail later or skip, when the provider plugin folder is
 * missing. Its check is run here alone (the lines from its comment to the line that reports the folder).
 */
const script = readFileSync('.ci/run', 'utf8');
const start = script.indexOf('# terraform validate / plan / apply in the tests');
const end = script.indexOf('\n', script.indexOf('echo "terraform provider plugin folder'));
const check = `set -euo pipefail\n${script.slice(start, end)}\necho "exported=$SUPPORTGUARD_TF_PLUGIN_DIR"; bash --norc -c 'echo "child=$SUPPORTGUARD_TF_PLUGIN_DIR"'`;

const runCheck = (dir: string) => spawnSync('bash', ['--norc', '--noprofile', '-c', check], { encoding: 'utf8', env: { PATH: process.env.PATH, SUPPORTGUARD_TF_PLUGIN_DIR: dir } });

describe('.ci/run: the Terraform provider plugin folder', () => {
  it('stops CI with exit 1 and one FATAL line naming what is missing when the folder holds no hashicorp/aws provider', () => {
    expect(start).toBeGreaterThan(0);
    const r = runCheck('/nonexistent/tf-plugins');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^FATAL: the hashicorp\/aws Terraform provider plugin folder is required by the Terraform tests and is missing .*SUPPORTGUARD_TF_PLUGIN_DIR.*\n$/);
    expect(r.stdout).toBe('');
  });

  it('hands a folder that holds the provider to the tests through the environment', () => {
    const dir = join(process.cwd(), 'test', 'fixtures', 'ci', 'tf-plugins');
    const r = runCheck(dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`child=${dir}\n`);
  });
});

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string; required?: boolean }>; runs: { using: string; steps: Step[] } };
const scan = action.runs.steps.find((s) => s.id === 'scan')!;

describe('GitHub Action (action.yml)', () => {
  it('is a composite action that runs `supportguard iac` to SARIF, uploads it, then decides the job', () => {
    expect(action.runs.using).toBe('composite');
    expect(scan.run).toContain('iac $SG_PATHS $SG_ARGS --format sarif -o "$SG_SARIF" --fail-on "$SG_FAIL_ON"');
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with).toEqual({ sarif_file: '${{ inputs.sarif-file }}', category: '${{ inputs.category }}' });
    expect(upload.if).toContain('always()');
    expect(action.runs.steps.at(-1)!.run).toBe('exit "${SG_EXIT:-0}"');
    expect(action.inputs.paths!.required).toBe(true);
  });

  it('never pastes an input into a shell script (expression injection): inputs reach scripts through env only', () => {
    for (const step of action.runs.steps.filter((s) => s.run)) expect(step.run).not.toContain('${{');
  });

  it('runs the version of supportguard it is released with', () => {
    expect(action.inputs.version!.default).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('the scan script writes SARIF and records the exit code; with no report it fails at once', () => {
    // Given an `npx` on PATH that stands in for the published package and answers like the CLI would
    const dir = mkdtempSync(join(tmpdir(), 'sg-action-'));
    const fakeNpx = join(dir, 'npx');
    writeFileSync(fakeNpx, '#!/usr/bin/env bash\n# args: --yes supportguard@V iac PATHS… --format sarif -o FILE --fail-on SEV\nprintf "%s\\n" "$@" > "$ARGS_LOG"\nif [ "$FAKE_EXIT" != 3 ]; then for ((i=1;i<=$#;i++)); do if [ "${!i}" = -o ]; then j=$((i+1)); echo "{}" > "${!j}"; fi; done; fi\nexit "$FAKE_EXIT"\n');
    chmodSync(fakeNpx, 0o755);
    const run = (fakeExit: number, paths: string) => {
      const out = join(dir, `out-${fakeExit}`);
      const env = { PATH: `${dir}:${process.env.PATH}`, GITHUB_OUTPUT: out, ARGS_LOG: join(dir, 'args'), FAKE_EXIT: String(fakeExit), SG_PATHS: paths, SG_ARGS: '--partition aws-us-gov', SG_FAIL_ON: 'high', SG_SARIF: join(dir, 'r.sarif'), SG_VERSION: '0.1.0' };
      const r = spawnSync('bash', ['-e', '-c', scan.run!], { env, cwd: dir, encoding: 'utf8' });
      return { code: r.status, outputs: existsSync(out) ? readFileSync(out, 'utf8') : '', args: readFileSync(join(dir, 'args'), 'utf8').trim().split('\n') };
    };
    // When the CLI finds a FAIL (exit 1), the step succeeds so the report can be uploaded, and records 1
    const fail = run(1, 'plan.json infra/*.yaml');
    expect(fail.code).toBe(0);
    expect(fail.outputs).toBe('exit-code=1\nsarif-written=true\n');
    // Paths are split on spaces and not glob-expanded
    expect(fail.args).toEqual(['--yes', 'supportguard@0.1.0', 'iac', 'plan.json', 'infra/*.yaml', '--partition', 'aws-us-gov', '--format', 'sarif', '-o', join(dir, 'r.sarif'), '--fail-on', 'high']);
    // When the input is unreadable (exit 3, no report), the step fails with that code
    const bad = run(3, 'broken.yaml');
    expect(bad.code).toBe(3);
    expect(bad.outputs).toBe('exit-code=3\n');
  });
});

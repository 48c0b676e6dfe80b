import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('pins every third-party action by full commit SHA (tag in a comment), and runs supportguard from its own checkout, never a registry', () => {
    // A tag can be moved to other code; a commit cannot. The raw file keeps the tag comment the YAML parser drops.
    const raw = readFileSync('action.yml', 'utf8');
    const uses = action.runs.steps.filter((s) => s.uses).map((s) => s.uses!);
    expect(uses).toEqual(['actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020', 'github/codeql-action/upload-sarif@ff0a06e83cb2de871e5a09832bc6a81e7276941f']);
    for (const u of uses) expect(raw).toMatch(new RegExp(`uses: ${u.replace(/[/.]/g, '\\$&')} # v\\d+\\.\\d+\\.\\d+\\n`));
    // Built from the lockfile in the action's folder, so pinning the action pins the code
    const build = action.runs.steps.find((s) => s.id === 'build')!;
    expect(build.run).toBe('cd "$GITHUB_ACTION_PATH"\nnpm ci --no-audit --no-fund --loglevel=error\nnpm run build --silent\n');
    expect(action.runs.steps.indexOf(build)).toBeLessThan(action.runs.steps.indexOf(scan));
    expect(scan.run).toContain('node "$GITHUB_ACTION_PATH/dist/cli/main.js" iac ');
    expect(raw).not.toMatch(/npx|supportguard@/);
    expect(action.inputs.version).toBeUndefined();
  });

  /** Runs the scan step's script as the runner would, with GITHUB_ACTION_PATH pointing at `actionPath`. */
  function runScan(actionPath: string, dir: string, paths: string, extraEnv: Record<string, string> = {}) {
    const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
    const sarif = join(dir, 'r.sarif');
    const env = { PATH: process.env.PATH, GITHUB_ACTION_PATH: actionPath, GITHUB_OUTPUT: out, SG_PATHS: paths, SG_ARGS: '--partition aws', SG_FAIL_ON: 'high', SG_SARIF: sarif, ...extraEnv };
    const r = spawnSync('bash', ['-e', '-c', scan.run!], { env, cwd: process.cwd(), encoding: 'utf8' });
    return { code: r.status, outputs: existsSync(out) ? readFileSync(out, 'utf8') : '', sarif };
  }

  it('the scan script writes SARIF and records the exit code; with no report it fails at once', () => {
    // Given an action checkout whose built CLI answers like supportguard would, and logs its arguments
    const dir = mkdtempSync(join(tmpdir(), 'sg-action-'));
    mkdirSync(join(dir, 'dist/cli'), { recursive: true });
    writeFileSync(
      join(dir, 'dist/cli/main.js'),
      [
        "const fs = require('node:fs');",
        'const args = process.argv.slice(2);',
        "fs.writeFileSync(process.env.ARGS_LOG, args.join('\\n'));",
        "if (process.env.FAKE_EXIT !== '3') fs.writeFileSync(args[args.indexOf('-o') + 1], '{}');",
        'process.exit(Number(process.env.FAKE_EXIT));',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}');
    const args = () => readFileSync(join(dir, 'args'), 'utf8').split('\n');
    // When the CLI finds a FAIL (exit 1), the step succeeds so the report can be uploaded, and records 1
    const fail = runScan(dir, dir, 'plan.json infra/*.yaml', { ARGS_LOG: join(dir, 'args'), FAKE_EXIT: '1' });
    expect(fail.code).toBe(0);
    expect(fail.outputs).toBe('exit-code=1\nsarif-written=true\n');
    // Paths are split on spaces and not glob-expanded
    expect(args()).toEqual(['iac', 'plan.json', 'infra/*.yaml', '--partition', 'aws', '--format', 'sarif', '-o', join(dir, 'r.sarif'), '--fail-on', 'high']);
    // When the input is unreadable (exit 3, no report), the step fails with that code
    const bad = runScan(dir, dir, 'broken.yaml', { ARGS_LOG: join(dir, 'args'), FAKE_EXIT: '3' });
    expect(bad.code).toBe(3);
    expect(bad.outputs).toBe('exit-code=3\n');
  });

  it('the scan script runs this checkout\'s built CLI for real (dist/ from `npm run build`)', () => {
    // Given the repository itself as the action's folder, and a plan with a support role that fails CIS
    const dir = mkdtempSync(join(tmpdir(), 'sg-action-real-'));
    const r = runScan(process.cwd(), dir, 'test/fixtures/iac/terraform/customer-lookalike.plan.json', { SG_FAIL_ON: 'low' });
    // Then the SARIF is written, the FAIL is recorded as exit 1, and the step itself succeeds
    expect(r.code).toBe(0);
    expect(r.outputs).toBe('exit-code=1\nsarif-written=true\n');
    const sarif = JSON.parse(readFileSync(r.sarif, 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toContain('cis-support-role');
  });
});

import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The installed command runs the one-file CLI dist/bundle/cli.cjs with its V8 code cache (src/cli/main.ts,
// scripts/bundle-cli.mjs; built by `npm test`'s pretest). It must behave exactly as the module-by-module dist/ it is
// built from, which SUPPORTGUARD_DEBUG runs. Its speed is bench/startup.mjs's business.
const ROOT = resolve('.');
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function cli(args: string[], env: NodeJS.ProcessEnv = {}, main = join(ROOT, 'dist/cli/main.js')) {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the one-file CLI', () => {
  const bad = mkdtempSync(join(tmpdir(), 'sg-bundle-'));
  temps.push(bad);
  writeFileSync(join(bad, 'supportguard.yml'), 'version: 1\nchecks:\n  disabled: [no-such-check]\n');
  const runs: [string, string[]][] = [
    ['--version', ['--version']],
    ['checks --json', ['checks', '--json']],
    ['audit of the examples (exit 3: one export is truncated)', ['audit', 'examples/accounts', '--no-config', '-f', 'json']],
    ['audit, table', ['audit', 'examples/accounts/111111111111-support-role.json', '--no-config']],
    ['a config file with an unknown check', ['checks', '--config', join(bad, 'supportguard.yml')]],
    ['a config file that validates', ['checks', '--config', 'examples/supportguard.yml', '--json']],
    ['an unknown flag', ['audit', '--no-such-flag']],
    ['emit terraform', ['emit', 'terraform']],
  ];
  it.each(runs)('gives what dist/ module by module gives: %s', (_label, args) => {
    const bundled = cli(args);
    const unbundled = cli(args, { SUPPORTGUARD_DEBUG: '1' });
    // The generation time is the only thing allowed to differ between two runs.
    const stable = (s: string) => s.replace(/"(generatedAt|time)": "[^"]+"/g, '"$1": "…"');
    expect(stable(bundled.stdout)).toBe(stable(unbundled.stdout));
    expect(bundled.stderr).toBe(unbundled.stderr);
    expect(bundled.code).toBe(unbundled.code);
  });

  it('exit codes and messages are the real ones, not only equal', () => {
    expect(cli(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const audit = cli(['audit', 'examples/accounts', '--no-config', '-f', 'json']);
    expect(audit.code).toBe(3);
    expect(JSON.parse(audit.stdout).accounts.length).toBeGreaterThan(3);
    const config = cli(['checks', '--config', join(bad, 'supportguard.yml')]);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/unknown check "no-such-check"/);
    expect(config.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('uses the code cache the build wrote for this Node', () => {
    const r = spawnSync(process.execPath, ['-e', `import(${JSON.stringify(join(ROOT, 'dist/cli/bundle-loader.js'))}).then((m) => { const b = m.loadBundle(${JSON.stringify(join(ROOT, 'dist/bundle/cli.cjs'))}, ${JSON.stringify(join(ROOT, 'dist/bundle/cli.cjs.v8cache'))}); console.log(b.cache, typeof b.cli.main, typeof b.cli.runCli); })`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('accepted function function\n');
  });

  it('a cache that does not fit (other Node, damaged) or none is only slower, never wrong', () => {
    const copy = mkdtempSync(join(tmpdir(), 'sg-bundle-copy-'));
    temps.push(copy);
    for (const part of ['dist', 'data', 'docs', 'schema', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const expected = cli(['audit', 'examples/accounts/111111111111-support-role.json', '--no-config', '-f', 'json']);
    copyFileSync(join(ROOT, 'examples/accounts/111111111111-support-role.json'), join(copy, 'one.json'));
    const run = () => spawnSync(process.execPath, [join(copy, 'dist/cli/main.js'), 'audit', 'one.json', '--no-config', '-f', 'json'], { cwd: copy, encoding: 'utf8' });
    const same = (r: ReturnType<typeof run>) => {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(expected.code);
      expect(JSON.parse(r.stdout).accounts).toEqual(JSON.parse(expected.stdout).accounts);
    };
    writeFileSync(join(copy, 'dist/bundle/cli.cjs.v8cache'), Buffer.from('not a V8 code cache'));
    same(run());
    rmSync(join(copy, 'dist/bundle/cli.cjs.v8cache'));
    same(run());
    // No bundle at all (a plain `tsc` build): the command runs dist/ module by module.
    rmSync(join(copy, 'dist/bundle'), { recursive: true });
    same(run());
  });
});

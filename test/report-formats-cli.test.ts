import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { junitSchemaErrors, ocsfSchemaErrors, sarifSchemaErrors } from './helpers/schemas.js';

describe('audit --format (new formats through the CLI)', () => {
  it('lists every format in --help and refuses an unknown one with exit 2', async () => {
    const help = await cli(['audit', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('output format(s), comma-separated or repeated: table, json, junit, csv, ocsf, asff, html, sarif');
    const bad = await cli(['audit', 'examples/accounts', '--format', 'xml']);
    expect(bad).toMatchObject({ code: 2, stderr: 'supportguard: unknown --format "xml" (one of: table, json, junit, csv, ocsf, asff, html, sarif)\n' });
  });

  it('writes an HTML report whole to --output and keeps the exit code of the verdicts', async () => {
    // Given a failing account
    const dir = await mkdtemp(join(tmpdir(), 'sg-fmt-'));
    const out = join(dir, 'report.html');
    // When audited to an HTML file
    const run = await cli(['audit', 'examples/accounts/666666666666-no-support-role.json', '--format', 'html', '--output', out]);
    // Then the exit code is 1 (a FAIL), the file is complete, and no temporary file is left behind
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`wrote html report to ${out}\n`);
    const html = await readFile(out, 'utf8');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.');
    expect(await readdir(dir)).toEqual(['report.html']);
  });

  it('prints ASFF, OCSF and JUnit that parse, one finding per account for the CIS check', async () => {
    for (const format of ['asff', 'ocsf']) {
      const run = await cli(['audit', 'examples/accounts', '--check', 'cis-support-role', '--format', format, '--exit-zero']);
      expect(run.code).toBe(0);
      // OCSF: a Detection Finding and a Compliance Finding (the CIS verdict) per account
      expect(JSON.parse(run.stdout)).toHaveLength(format === 'ocsf' ? 18 : 9);
    }
    const junit = await cli(['audit', 'examples/accounts', '--check', 'cis-support-role', '--format', 'junit', '--exit-zero']);
    expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="supportguard 0\.1\.0" tests="9" failures="5" errors="1" time="0">/);
  });

  it('with every check, JUnit counts the quality results and lists the checks that lacked data as skipped', async () => {
    const junit = await cli(['audit', 'examples/accounts', '--format', 'junit', '--exit-zero']);
    const head = junit.stdout.split('\n')[1]!;
    const count = (attr: string) => Number(head.match(new RegExp(`${attr}="(\\d+)"`))![1]);
    const report = JSON.parse((await cli(['audit', 'examples/accounts', '--format', 'json', '--exit-zero'])).stdout);
    const byStatus = (s: string) => report.findings.filter((f: { status: string }) => f.status === s).length;
    expect(count('tests')).toBe(report.findings.length + report.skipped.length);
    expect(count('failures')).toBe(byStatus('FAIL'));
    expect(count('errors')).toBe(byStatus('ERROR'));
    // skipped is counted per suite (junit-10.xsd has no `skipped` on <testsuites>)
    const skipped = [...junit.stdout.matchAll(/<testsuite [^>]*skipped="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(skipped).toBe(report.skipped.length);
    expect(skipped).toBeGreaterThan(0);
    expect(head).not.toContain('skipped=');
  });

  it('writes SARIF, OCSF and JUnit through the CLI that validate against their schemas, SARIF results pointing at their export files', async () => {
    // Given the example exports audited with every check
    const sarif = JSON.parse((await cli(['audit', 'examples/accounts', '--format', 'sarif', '--exit-zero'])).stdout);
    // Then SARIF is valid, and each result points at the file its account was read from
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const results = sarif.runs[0].results as { properties: { accountId: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    for (const r of results) expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(new RegExp(`^examples/accounts/${r.properties.accountId}-[a-z-]+\\.json$`));
    const ocsf = JSON.parse((await cli(['audit', 'examples/accounts', '--format', 'ocsf', '--exit-zero'])).stdout) as object[];
    expect(ocsf.flatMap(ocsfSchemaErrors)).toEqual([]);
    expect(await junitSchemaErrors((await cli(['audit', 'examples/accounts', '--format', 'junit', '--exit-zero'])).stdout)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

// Every command says the same thing about the same bad flag, and stops (exit 2) before any file or AWS call.
// The endpoint is a closed loopback port: were validation skipped, the run would fail differently (exit 3).
const env = { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' };
const ADMIN = 'arn:aws:iam::123456789012:role/Admin';


describe('one wording for --format', () => {
  it.each([
    [['fix', '--trust', ADMIN, '--format', 'yaml'], 'supportguard: unknown --format "yaml" (one of: table, json)\n'],
    [['backout', '--format', 'yaml'], 'supportguard: unknown --format "yaml" (one of: table, json)\n'],
    [['checks', '--format', 'yaml'], 'supportguard: unknown --format "yaml" (one of: table, json)\n'],
    [['kpi', '--history', 'x', '--format', 'yaml'], 'supportguard: unknown --format "yaml" (one of: table, json)\n'],
    [['emit', 'eventbridge', '--trust', ADMIN, '--format', 'yaml'], 'supportguard: unknown --format "yaml" (one of: cloudformation, json)\n'],
    [['audit', 'examples/accounts', '--format', 'yaml'], 'supportguard: unknown --format "yaml" (one of: table, json, junit, csv, ocsf, asff, html, sarif)\n'],
  ])('%j', async (argv, message) => {
    expect(await cli(argv, env)).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('fix and backout still take --format text (their old name for table)', async () => {
    // Accepted: the run gets as far as AWS (a closed port here), not a usage error
    const run = await cli(['backout', '--format', 'text'], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^supportguard: cannot reach AWS \(sts:GetCallerIdentity\): /);
  });

  it('checks --format json equals checks --json, and table is the default', async () => {
    const json = await cli(['checks', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(json.stdout).toBe((await cli(['checks', '--json'])).stdout);
    expect((JSON.parse(json.stdout) as { id: string }[]).map((c) => c.id)).toContain('cis-support-role');
    const table = await cli(['checks', '--format', 'table']);
    expect(table.stdout).toBe((await cli(['checks'])).stdout);
    expect(table.stdout).toMatch(/^cis-support-role {2}\[/);
  });
});

describe('one validation for --region and --endpoint-url', () => {
  const regionMsg = 'supportguard: --region "us-east-1; rm" is not an AWS region name (e.g. us-east-1, eu-west-2, us-gov-west-1)\n';
  const urlMsg = 'supportguard: --endpoint-url must be an http(s) URL (got "localhost:4566")\n';
  it.each([
    [['scan', '--region', 'us-east-1; rm'], regionMsg],
    [['kpi', '--live', '--region', 'us-east-1; rm'], regionMsg],
    [['securityhub', 'import', 'no-such-report.json', '--region', 'us-east-1; rm'], regionMsg],
    [['fix', '--trust', ADMIN, '--region', 'us-east-1; rm'], regionMsg],
    [['backout', '--region', 'us-east-1; rm'], regionMsg],
    [['scan', '--endpoint-url', 'localhost:4566'], urlMsg],
    [['kpi', '--live', '--endpoint-url', 'localhost:4566'], urlMsg],
    [['securityhub', 'import', 'no-such-report.json', '--endpoint-url', 'localhost:4566'], urlMsg],
    [['fix', '--trust', ADMIN, '--endpoint-url', 'localhost:4566'], urlMsg],
    [['backout', '--endpoint-url', 'localhost:4566'], urlMsg],
  ])('%j', async (argv, message) => {
    expect(await cli(argv, env)).toEqual({ code: 2, stdout: '', stderr: message });
  });
});

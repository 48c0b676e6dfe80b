import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

// Bad command lines stop before any AWS call: one line on stderr, exit 2.
describe('supportguard scan: usage errors', () => {
  const env = { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' };

  it.each([
    [['scan', '--concurrency', '0'], 'supportguard: --concurrency must be a whole number ≥ 1 (got "0")\n'],
    [['scan', '--concurrency', 'lots'], 'supportguard: --concurrency must be a whole number ≥ 1 (got "lots")\n'],
    [['scan', '--max-attempts', '-1'], 'supportguard: --max-attempts must be a whole number ≥ 1 (got "-1")\n'],
    [['scan', '--accounts', '111111111111'], 'supportguard: --accounts and --exclude-accounts select accounts of an organization: add --org\n'],
    [['scan', '--org', '--accounts', '1111,222222222222'], 'supportguard: --accounts: not a 12-digit account id: 1111\n'],
    [['scan', '--endpoint-url', 'localhost:4566'], 'supportguard: --endpoint-url must be an http(s) URL (got "localhost:4566")\n'],
    [['scan', '--format', 'xml'], 'supportguard: unknown --format "xml" (one of: table, json, junit, csv, ocsf, asff, html, sarif)\n'],
    [['scan', '--check', 'no-such-check'], 'supportguard: unknown --check no-such-check (see `supportguard checks`)\n'],
    [['scan', '--orgs'], "supportguard: unknown option '--orgs' (Did you mean --org?) (see --help)\n"],
  ])('%j', async (argv, message) => {
    const { code, stdout, stderr } = await cli(argv, env);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: message });
  });


  it('no credentials anywhere (an unknown --profile) is one line and exit 3', async () => {
    const { code, stderr } = await cli(['scan', '--profile', 'supportguard-no-such-profile'], { ...env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' });
    expect(stderr).toMatch(/^supportguard: cannot use the AWS credentials of profile "supportguard-no-such-profile": sts:GetCallerIdentity: NoCredentials: no AWS credentials found \(.*\); set AWS_PROFILE\/--profile, SSO or AWS_ACCESS_KEY_ID\n$/);
    expect(code).toBe(3);
  });
});

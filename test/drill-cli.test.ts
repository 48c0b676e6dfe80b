import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

// Every bad command line stops before any AWS call (the env points nowhere: a call would fail with exit 3, not 2).
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
const ROLE = 'arn:aws:iam::111111111111:role/aws-support';

describe('supportguard drill: usage errors, one line, exit 2', () => {
  it.each([
    [['--duration', '899'], '--duration must be a whole number from 900 to 43200 (got "899")'],
    [['--duration', '43201'], '--duration must be a whole number from 900 to 43200 (got "43201")'],
    [['--duration', '1h'], '--duration must be a whole number from 900 to 43200 (got "1h")'],
    [['--role-arn', 'aws-support'], '--role-arn "aws-support" is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)'],
    [['--org', '--role-arn', ROLE], '--role-arn names one role; with --org use --role-name (the role assumed in every account)'],
    [['--role-name', 'aws-support'], '--role-name needs --org (without it, use --role-arn)'],
    [['--accounts', '111111111111'], '--accounts needs --org'],
    [['--org', '--accounts', '1234'], '--accounts: "1234" is not a 12-digit account id'],
    [['--token-code', '123456'], '--token-code needs --mfa-serial'],
    [['--mfa-serial', 'arn:aws:iam::111111111111:mfa/a', '--token-code', '12345'], '--token-code must be the 6 digits your MFA device shows'],
    [['--format', 'sarif'], 'unknown --format "sarif" (one of: table, json)'],
    [['--region', 'moon-1'], '--region "moon-1" is not an AWS region name (e.g. us-east-1, eu-west-2, us-gov-west-1)'],
    [['--org', '--concurrency', '0'], '--concurrency must be a whole number from 1 up (got "0")'],
  ])('drill %j', async (args, message) => {
    expect(await cli(['drill', ...args], ENV)).toEqual({ code: 2, stdout: '', stderr: `supportguard: ${message}\n` });
  });

  it('credentials that cannot reach AWS are one line, exit 3, and the keys are not in it', async () => {
    const r = await cli(['drill', '--role-arn', ROLE, '--max-attempts', '1'], { ...ENV, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEY123456', AWS_SECRET_ACCESS_KEY: 'verysecret' });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^supportguard: cannot use the caller's credentials \(sts:GetCallerIdentity: NetworkError: ECONNREFUSED: [^\n]*\)\n$/);
    expect(r.stderr).not.toMatch(/AKIAEXAMPLEKEY123456|verysecret/);
  });
});

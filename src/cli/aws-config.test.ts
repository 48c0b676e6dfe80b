import { describe, expect, it } from 'vitest';
import { awsConfigFromCli } from './aws-config.js';

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret' };

// The AWS CLI's precedence, which every supportguard command now shares:
// --profile flag > AWS_ACCESS_KEY_ID/SECRET in the environment > AWS_PROFILE > rest of the default chain.
describe('awsConfigFromCli credential precedence', () => {
  it('--profile beats keys in the environment and AWS_PROFILE', () => {
    const c = awsConfigFromCli({ profile: 'audit' }, { ...KEYS, AWS_PROFILE: 'dev' });
    expect(c.profile).toBe('audit');
    expect(c.credentials).toBeUndefined();
  });

  it('keys in the environment beat AWS_PROFILE (scan used the profile here while kpi/fix used the keys)', () => {
    const c = awsConfigFromCli({}, { ...KEYS, AWS_SESSION_TOKEN: 'tok', AWS_PROFILE: 'dev' });
    expect(c.credentials).toEqual({ accessKeyId: 'AKIDENV', secretAccessKey: 'env-secret', sessionToken: 'tok' });
  });

  it('AWS_PROFILE applies when there are no keys', () => {
    const c = awsConfigFromCli({}, { AWS_PROFILE: 'dev' });
    expect(c.profile).toBe('dev');
    expect(c.credentials).toBeUndefined();
  });

  it('half a key pair is not credentials: the default chain decides', () => {
    const c = awsConfigFromCli({}, { AWS_ACCESS_KEY_ID: 'AKIDENV' });
    expect(c.profile).toBeUndefined();
    expect(c.credentials).toBeUndefined();
  });

  it('validates --region and --endpoint-url before building anything', () => {
    expect(() => awsConfigFromCli({ region: 'us-east-1; rm' }, {})).toThrow('--region "us-east-1; rm" is not an AWS region name (e.g. us-east-1, eu-west-2, us-gov-west-1)');
    expect(() => awsConfigFromCli({ endpointUrl: 'localhost:4566' }, {})).toThrow('--endpoint-url must be an http(s) URL (got "localhost:4566")');
    for (const region of ['us-east-1', 'eu-central-2', 'us-gov-west-1', 'cn-north-1', 'ap-southeast-4', 'us-isob-east-1']) expect(awsConfigFromCli({ region }, {}).region).toBe(region);
  });
});

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { regionFromSharedConfig, resolveAwsConfig } from './clients.js';

async function configFile(text: string) {
  const dir = await mkdtemp(join(tmpdir(), 'sg-awscfg-'));
  const file = join(dir, 'config');
  await writeFile(file, text);
  return file;
}

const CONFIG = `# shared config
[default]
region = eu-west-1

[profile gov]
sso_start_url = https://example.awsapps.com/start
region=us-gov-west-1   ; comment

[profile   china]
region = cn-north-1
`;

describe('region resolution, as the AWS CLI does it', () => {
  it('takes the profile region from the shared config file when no flag or variable names one', async () => {
    const AWS_CONFIG_FILE = await configFile(CONFIG);
    expect(resolveAwsConfig({ profile: 'gov' }, { AWS_CONFIG_FILE }).region).toBe('us-gov-west-1');
    expect(resolveAwsConfig({}, { AWS_CONFIG_FILE, AWS_PROFILE: 'china' }).region).toBe('cn-north-1');
    expect(resolveAwsConfig({}, { AWS_CONFIG_FILE }).region).toBe('eu-west-1');
  });

  it('lets --region, AWS_REGION and AWS_DEFAULT_REGION win over the profile, in that order', async () => {
    const AWS_CONFIG_FILE = await configFile(CONFIG);
    expect(resolveAwsConfig({ region: 'ap-south-1', profile: 'gov' }, { AWS_CONFIG_FILE, AWS_REGION: 'us-west-2' }).region).toBe('ap-south-1');
    expect(resolveAwsConfig({ profile: 'gov' }, { AWS_CONFIG_FILE, AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'us-east-2' }).region).toBe('us-west-2');
    expect(resolveAwsConfig({ profile: 'gov' }, { AWS_CONFIG_FILE, AWS_DEFAULT_REGION: 'us-east-2' }).region).toBe('us-east-2');
  });

  it('falls back to us-east-1 for an unknown profile or a missing file', async () => {
    expect(regionFromSharedConfig('nope', { AWS_CONFIG_FILE: await configFile(CONFIG) })).toBeUndefined();
    expect(resolveAwsConfig({}, { AWS_CONFIG_FILE: '/nonexistent/config' }).region).toBe('us-east-1');
  });
});

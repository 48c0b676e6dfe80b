import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

// Folder inputs must never leave a file out silently (issue 15, items 4, 12 and 14): a symlinked export or template
// is read like any other, a link that leads nowhere or a FIFO named like an input fails the run, and a link loop
// is searched once.

const OPEN_ROLE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  SupportRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: aws-support
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { AWS: '*' }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AWSSupportAccess
        - arn:aws:iam::aws:policy/AdministratorAccess
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-folders-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('audit DIR', () => {
  it('reads an export reached through a symbolic link, and a folder reached through one', async () => {
    // Given a folder whose exports are links (as a shared exports area is often mounted)
    const store = join(dir, 'store');
    await mkdir(join(store, 'more'), { recursive: true });
    await copyFile('examples/accounts/111111111111-support-role.json', join(store, '111111111111.json'));
    await copyFile('examples/accounts/666666666666-no-support-role.json', join(store, 'more', '666666666666.json'));
    const input = join(dir, 'input');
    await mkdir(input);
    await symlink(join(store, '111111111111.json'), join(input, 'a.json'));
    await symlink(join(store, 'more'), join(input, 'linked-folder'));
    // and a loop back to the input folder itself
    await symlink(input, join(input, 'loop'));
    const r = await cli(['audit', input, '--check', 'cis-support-role', '-f', 'json', '--exit-zero']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { accounts: { accountId: string; status: string }[] };
    expect(report.accounts.map((a) => `${a.accountId} ${a.status}`)).toEqual(['111111111111 PASS', '666666666666 FAIL']);
  });

  it('fails the run on a link to nothing named like an export, instead of judging the rest as complete', async () => {
    await copyFile('examples/accounts/111111111111-support-role.json', join(dir, '111111111111.json'));
    await symlink(join(dir, 'gone.json'), join(dir, '222222222222.json'));
    const r = await cli(['audit', dir]);
    expect(r.stderr).toBe(`supportguard: ${join(dir, '222222222222.json')}: symbolic link to a file that cannot be read (ENOENT)\n`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(3);
  });

  it('refuses a FIFO named like an export rather than hang on it', async () => {
    execFileSync('mkfifo', [join(dir, '333333333333.json')]);
    const r = await cli(['audit', dir]);
    expect(r.stderr).toBe(`supportguard: ${join(dir, '333333333333.json')}: not a regular file; refusing to read it as an input\n`);
    expect(r.code).toBe(3);
  });
});

describe('iac DIR (the CI gate)', () => {
  it('judges a symlinked template: a role trusted by * with AdministratorAccess does not pass the gate', async () => {
    const templates = join(dir, 'shared');
    await mkdir(templates);
    await writeFile(join(templates, 'support.yaml'), OPEN_ROLE);
    const stacks = join(dir, 'stacks');
    await mkdir(stacks);
    await symlink(join(templates, 'support.yaml'), join(stacks, 'support.yaml'));
    const r = await cli(['iac', stacks, '--account-id', '123456789012', '-f', 'json']);
    const findings = JSON.parse(r.stdout).findings as { checkId: string; status: string; messageId: string; severity: string }[];
    expect(findings.filter((f) => f.status === 'FAIL').map((f) => `${f.checkId} ${f.messageId} ${f.severity}`)).toEqual([
      'support-role-least-privilege administrator-access critical',
      'support-role-tags missing-tags low',
      'support-role-trust-policy wildcard-principal critical',
    ]);
    expect(r.code).toBe(1);
  });

  it('reads a template saved as UTF-16 (with a byte-order mark) instead of skipping it as binary', async () => {
    await writeFile(join(dir, 'support.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(OPEN_ROLE, 'utf16le')]));
    const r = await cli(['iac', dir, '--account-id', '123456789012', '--check', 'support-role-trust-policy', '-f', 'json']);
    expect((JSON.parse(r.stdout).findings as { messageId: string }[]).map((f) => f.messageId)).toEqual(['wildcard-principal']);
    expect(r.code).toBe(1);
  });

  it('fails the run on a template in another encoding rather than leave it out of the gate', async () => {
    await writeFile(join(dir, 'support.yaml'), Buffer.from(OPEN_ROLE.replace('RoleName: aws-support', 'RoleName: aws-support # r\u00f4le'), 'latin1'));
    const r = await cli(['iac', dir]);
    expect(r.stderr).toMatch(new RegExp(`^supportguard: ${join(dir, 'support.yaml').replace(/[.]/g, '\\.')}: not UTF-8 text; `));
    expect(r.code).toBe(3);
  });
});

describe('kpi --cloudtrail', () => {
  it('refuses a device or FIFO instead of reading it forever', async () => {
    const r = await cli(['kpi', '--cloudtrail', '/dev/zero']);
    expect(r.stderr).toBe('supportguard: cannot read /dev/zero: not a file or folder\n');
    expect(r.code).toBe(3);
  });

  it('caps what one gzip file may inflate to (a few hundred KB that inflate to 300 MiB are a bomb, not a log)', async () => {
    const bomb = join(dir, 'bomb.json.gz');
    // 300 gzip members of 1 MiB of spaces each: a few hundred KB on disk (gunzip reads concatenated members as one stream)
    const member = gzipSync(Buffer.alloc(1024 * 1024, 0x20), { level: 9 });
    await writeFile(bomb, Buffer.concat(Array.from({ length: 300 }, () => member)));
    const r = await cli(['kpi', '--cloudtrail', resolve(bomb)]);
    expect(r.stderr).toBe(`supportguard: ${resolve(bomb)}: larger than 256 MiB once inflated; not a CloudTrail log file (a gzip bomb?)\n`);
    expect(r.code).toBe(3);
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

// Inputs that used to end in "internal error" (issue 15, item 12): each is now one line naming what is wrong, exit 3.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-malformed-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SNAPSHOT = 'test/fixtures/checks/support-role-scp-protection/protected.pass.json';

async function savedSnapshot(change: (account: Record<string, unknown>) => void): Promise<string> {
  const file = JSON.parse(await readFile(SNAPSHOT, 'utf8'));
  change(file.accounts[0]);
  const path = join(dir, 'snapshot.json');
  await writeFile(path, JSON.stringify(file));
  return path;
}

describe('one line, exit 3, instead of an internal error', () => {
  it('a saved snapshot whose failed part has no error', async () => {
    const path = await savedSnapshot((a) => (a.cloudTrail = { status: 'failed' }));
    expect(await cli(['audit', path])).toEqual({ code: 3, stdout: '', stderr: `supportguard: ${path} accounts[0]: cloudTrail.error must be an object with a code and a message\n` });
  });

  it('a saved snapshot whose account name is not text', async () => {
    const path = await savedSnapshot((a) => (a.accountName = 5));
    expect(await cli(['audit', path])).toEqual({ code: 3, stdout: '', stderr: `supportguard: ${path} accounts[0]: accountName must be a string\n` });
  });

  it('a saved snapshot whose SCP list holds something that is not an SCP', async () => {
    const path = await savedSnapshot((a) => (a.serviceControlPolicies = { status: 'ok', data: [{ name: 'x' }] }));
    expect((await cli(['audit', path])).stderr).toBe(`supportguard: ${path} accounts[0]: serviceControlPolicies.data[0].id must be a string\n`);
  });

  it('a CloudFormation role whose name refers to itself', async () => {
    const path = join(dir, 'self.yaml');
    await writeFile(
      path,
      "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Ref R\n      AssumeRolePolicyDocument: !GetAtt R.Arn\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]\n",
    );
    expect(await cli(['iac', path])).toEqual({ code: 3, stdout: '', stderr: `supportguard: ${path}: the name of R refers to R itself (a circular Ref or GetAtt, which CloudFormation rejects)\n` });
  });

  it('a JSON report whose finding has references: null', async () => {
    const report = join(dir, 'report.json');
    await cli(['audit', 'examples/accounts/111111111111-support-role.json', '-f', 'json', '-o', report]);
    const raw = JSON.parse(await readFile(report, 'utf8'));
    raw.findings[0].references = null;
    await writeFile(report, JSON.stringify(raw));
    const r = await cli(['securityhub', 'import', report], { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' });
    expect(r).toEqual({ code: 3, stdout: '', stderr: `supportguard: ${report}: findings[0].references must be a list of {framework, version, control}\n` });
  });
});

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetFindingsCommand } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assumeRoleCredentials } from '../../src/aws/assume.js';
import { createClients, resolveAwsConfig } from '../../src/aws/clients.js';
import { cli } from '../helpers/cli.js';
import { startMoto, type MotoServer } from '../helpers/moto.js';

const CALLER = '123456789012';
const MEMBER = '111111111111';

describe('supportguard securityhub import (moto)', () => {
  let moto: MotoServer;
  let dir: string;
  beforeAll(async () => {
    moto = await startMoto();
    dir = await mkdtemp(join(tmpdir(), 'sg-shub-'));
  });
  afterAll(async () => moto?.stop());

  it('imports each finding from its own account and Security Hub returns them there', async () => {
    // Given a JSON report about a member account (PASS) and the caller's own account (FAIL)
    const report = join(dir, 'report.json');
    const audit = await cli(['audit', `examples/accounts/${MEMBER}-support-role.json`, 'examples/accounts/666666666666-no-support-role.json', '--check', 'cis-support-role', '-f', 'json', '-o', report, '--exit-zero']);
    expect(audit.code).toBe(0);
    await writeFile(report, (await readFile(report, 'utf8')).replaceAll('666666666666', CALLER));

    // When imported into Security Hub (the member entered through OrganizationAccountAccessRole)
    const run = await cli(['securityhub', 'import', report], moto.env);

    // Then both accounts report their finding imported, and the exit code is 0
    expect(run.stderr).toBe('imported 2 of 2 finding(s) into Security Hub (us-east-1)\n');
    expect(run.stdout).toBe(`${MEMBER}: 1 of 1 finding(s) imported\n${CALLER}: 1 of 1 finding(s) imported\n`);
    expect(run.code).toBe(0);

    // And each account's Security Hub holds exactly its own finding
    const config = resolveAwsConfig({ maxAttempts: 1 }, moto.env);
    const caller = await createClients(config, { accessKeyId: 'testing', secretAccessKey: 'testing' });
    const own = await caller.securityHub.send(new GetFindingsCommand({}));
    expect(own.Findings!.map((f) => [f.AwsAccountId, f.Compliance?.Status, f.Title])).toEqual([[CALLER, 'FAILED', 'An IAM role has the AWS-managed AWSSupportAccess policy attached']]);
    expect(own.Findings![0]!.Description).toBe('No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.');
    const creds = await assumeRoleCredentials(caller.sts, { accountId: MEMBER, partition: 'aws', roleName: 'OrganizationAccountAccessRole' });
    const member = await createClients(config, creds);
    const theirs = await member.securityHub.send(new GetFindingsCommand({}));
    expect(theirs.Findings!.map((f) => [f.AwsAccountId, f.Compliance?.Status, f.Workflow?.Status])).toEqual([[MEMBER, 'PASSED', 'RESOLVED']]);
    caller.destroy();
    member.destroy();
  });

  it('refuses a file that is not a supportguard JSON report, with one line and exit 3', async () => {
    const run = await cli(['securityhub', 'import', 'examples/accounts/111111111111-support-role.json'], moto.env);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('supportguard: examples/accounts/111111111111-support-role.json: not a supportguard JSON report (write one with --format json)\n');
    expect(run.stdout).toBe('');
  });

  it('rejects an invalid member role name as a usage error', async () => {
    const run = await cli(['securityhub', 'import', 'x.json', '--member-role-name', 'bad name!'], moto.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('supportguard: --member-role-name "bad name!" is not a valid IAM role name\n');
  });
});

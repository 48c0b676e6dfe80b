import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { callerIdentityXml, startRawAws } from './helpers/raw-aws.js';

// A save cut short must not be read as the whole scan (issue 15, item 15): `scan --save` marks the folder while it
// writes and writes a manifest last; `audit DIR` refuses a marked folder and one whose files are not those saved.

const ACCOUNT = '111111111111';
const USAGE = `<ListEntitiesForPolicyResponse><ListEntitiesForPolicyResult><PolicyGroups/><PolicyUsers/><PolicyRoles><member><RoleName>aws-support</RoleName></member></PolicyRoles><IsTruncated>false</IsTruncated></ListEntitiesForPolicyResult></ListEntitiesForPolicyResponse>`;

let dir: string;
let stop: () => Promise<void>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-save-'));
  const server = await startRawAws((r) => ({ status: 200, body: r.action === 'GetCallerIdentity' ? callerIdentityXml(ACCOUNT) : USAGE, type: 'text/xml' }));
  stop = server.stop;
  const env = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  const r = await cli(['scan', '--endpoint-url', server.endpoint, '--save', dir, '--check', 'cis-support-role', '-f', 'json'], env);
  expect(r.code).toBe(0);
});
afterEach(async () => {
  await stop();
  await rm(dir, { recursive: true, force: true });
});

describe('scan --save and audit DIR', () => {
  it('a finished save has its manifest and no in-progress mark, and audits to the same verdict', async () => {
    expect((await readdir(dir)).sort()).toEqual(['.supportguard-save', `${ACCOUNT}.json`]);
    const manifest = JSON.parse(await readFile(join(dir, '.supportguard-save'), 'utf8'));
    expect(Object.keys(manifest.files)).toEqual([`${ACCOUNT}.json`]);
    const r = await cli(['audit', dir, '--check', 'cis-support-role']);
    expect(r.stdout).toContain(`account ${ACCOUNT}  PASS`);
    expect(r.code).toBe(0);
  });

  it('refuses a folder whose save did not finish', async () => {
    await writeFile(join(dir, '.supportguard-save-in-progress'), '{}\n');
    expect(await cli(['audit', dir])).toEqual({
      code: 3,
      stdout: '',
      stderr: `supportguard: ${dir}: a scan --save into this folder did not finish (.supportguard-save-in-progress is there); its snapshots may be incomplete: scan again\n`,
    });
  });

  it('refuses a folder that lost a file the save wrote, or whose file changed', async () => {
    const file = join(dir, `${ACCOUNT}.json`);
    const text = await readFile(file, 'utf8');
    await writeFile(join(dir, '222222222222.json'), text.replaceAll(ACCOUNT, '222222222222'));
    await rm(file);
    expect((await cli(['audit', dir])).stderr).toMatch(new RegExp(`^supportguard: ${dir}: ${ACCOUNT}\\.json, written by the save, is missing \\(ENOENT\\); the folder is not the whole scan\\n$`));
    await writeFile(file, text.replace('"PASS"', '"PASS" ').replace('aws-support', 'aws-support-edited'));
    expect((await cli(['audit', dir])).stderr).toBe(`supportguard: ${dir}: ${ACCOUNT}.json is not the file the save wrote (its content changed); scan again or remove .supportguard-save\n`);
  });
});

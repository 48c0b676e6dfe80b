import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { loadSnapshots, snapshotsFromJson, toSnapshotFile } from './load.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-load-'));
});

const role = (acct: string, name = 'r') => ({ RoleName: name, RoleId: 'AROAEXAMPLE', Arn: `arn:aws:iam::${acct}:role/${name}`, Path: '/', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } });

describe('loading authorization-details exports', () => {
  it('loads every account of a folder, sorted by file name, recursing into sub-folders', async () => {
    await writeFile(join(dir, 'b.json'), JSON.stringify({ RoleDetailList: [role('222222222222')] }));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'a.json'), JSON.stringify({ RoleDetailList: [role('111111111111')] }));
    await writeFile(join(dir, 'notes.txt'), 'ignored: not JSON');
    const set = await loadSnapshots([dir]);
    expect(set.accounts.map((a) => a.accountId)).toEqual(['222222222222', '111111111111']);
  });

  it('decodes URL-encoded trust policies (raw API output) the same as decoded ones (CLI output)', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] };
    const encoded = { RoleDetailList: [{ ...role('111111111111'), AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(doc)) }] };
    const decoded = { RoleDetailList: [{ ...role('111111111111'), AssumeRolePolicyDocument: doc }] };
    const [a] = snapshotsFromJson(JSON.stringify(encoded), 'enc.json');
    const [b] = snapshotsFromJson(JSON.stringify(decoded), 'dec.json');
    expect(a!.iam).toEqual(b!.iam);
    expect(a!.iam?.status === 'ok' && a!.iam.data.roles[0]!.trustPolicy).toEqual(doc);
  });

  it('takes the account id from the file name when the export has no ARN at all', () => {
    const [a] = snapshotsFromJson('{"RoleDetailList":[],"UserDetailList":[]}', 'exports/123456789012.json');
    expect(a!.accountId).toBe('123456789012');
  });

  it('treats an export cut by the AWS CLI\'s --max-items (a NextToken, no IsTruncated) as truncated, not as the whole account', () => {
    // Given `aws iam get-account-authorization-details --max-items 1`: one role, and a token to resume from
    const cut = { RoleDetailList: [role('111111111111', 'first')], UserDetailList: [], GroupDetailList: [], Policies: [], NextToken: 'eyJNYXJrZXIiOiBudWxsfQ==' };
    const [a] = snapshotsFromJson(JSON.stringify(cut), 'exports/111111111111.json');
    expect(a!.iam).toEqual({
      status: 'failed',
      error: {
        code: 'Truncated',
        operation: 'iam:GetAccountAuthorizationDetails',
        message: 'exports/111111111111.json was cut by --max-items (it ends with a NextToken to resume from); export it again without --max-items',
      },
    });
    // and the raw API's own page marker, even written as a string, still counts
    const [b] = snapshotsFromJson(JSON.stringify({ ...cut, NextToken: undefined, IsTruncated: 'true', Marker: 'm' }), 'exports/111111111111.json');
    expect(b!.iam?.status === 'failed' && b!.iam.error.message).toBe('exports/111111111111.json is one page of a truncated response (IsTruncated=true); export it again without --max-items');
  });

  it('does not judge an export filtered without Role (--filter User Group) as an account without roles', () => {
    // Given `get-account-authorization-details --filter User Group`: users and groups, no RoleDetailList at all
    const [a] = snapshotsFromJson(JSON.stringify({ UserDetailList: [{ UserName: 'u', UserId: 'AIDAU', Arn: 'arn:aws:iam::111111111111:user/u', Path: '/' }], GroupDetailList: [] }), 'users.json');
    // Then the IAM part is a recorded failure (ERROR for every check), naming the missing list
    expect(a!.iam?.status === 'failed' && `${a!.iam.error.code}: ${a!.iam.error.message}`).toBe(
      "Incomplete: users.json has no RoleDetailList (an export made with --filter that leaves out Role, or another command's output such as aws iam list-policies), so it cannot show which roles have AWSSupportAccess; export it with aws iam get-account-authorization-details, without --filter",
    );
  });

  it('reads RoleLastUsed {} as "never used" and absent as "unknown"', () => {
    const [a] = snapshotsFromJson(JSON.stringify({ RoleDetailList: [{ ...role('111111111111', 'never'), RoleLastUsed: {} }, role('111111111111', 'unknown')] }), 'x.json');
    const roles = a!.iam?.status === 'ok' ? a!.iam.data.roles : [];
    expect(roles[0]!.lastUsed).toEqual({ date: undefined, region: undefined });
    expect(roles[1]!.lastUsed).toBeUndefined();
  });

  it('names a managed policy from its ARN when the export leaves PolicyName out (moto does for some AWS policies)', () => {
    const [a] = snapshotsFromJson(JSON.stringify({ RoleDetailList: [role('111111111111')], Policies: [{ Arn: 'arn:aws:iam::aws:policy/job-function/SupportUser', Path: '/job-function/' }] }), 'x.json');
    expect(a!.iam?.status === 'ok' && a!.iam.data.policies.map((p) => [p.name, p.awsManaged])).toEqual([['SupportUser', true]]);
  });

  it("never empties a caller's export object: only text the loader parsed itself is consumed as it is read", async () => {
    const { snapshotFromAuthorizationDetails } = await import('./authorization-details.js');
    const raw = { RoleDetailList: [role('111111111111', 'a'), role('111111111111', 'b')] };
    const copy = JSON.parse(JSON.stringify(raw));
    snapshotFromAuthorizationDetails(raw, { kind: 'authorization-details' });
    expect(raw).toEqual(copy);
  });

  it('round-trips a saved snapshot file', async () => {
    const first = await loadSnapshots(['examples/accounts/111111111111-support-role.json']);
    const path = join(dir, 'saved.json');
    await writeFile(path, JSON.stringify(toSnapshotFile(first)));
    const again = await loadSnapshots([path]);
    expect(again.accounts).toEqual(first.accounts);
  });
});

const LOG_GROUP = { arn: 'arn:aws:logs:us-east-1:111111111111:log-group:ct:*', name: 'ct', region: 'us-east-1', accountId: '111111111111', trails: ['management'] };
const savedWithCloudWatch = (data: unknown[]) =>
  JSON.stringify({ kind: 'supportguard-snapshot', schemaVersion: 1, accounts: [{ schemaVersion: 1, accountId: '111111111111', partition: 'aws', source: { kind: 'live' }, cloudWatch: { status: 'ok', data } }] });

describe('refusing bad input with one clear line', () => {
  const cases: [string, string, RegExp][] = [
    ['malformed JSON', '{"RoleDetailList": [', /bad\.json: not valid JSON/],
    ['a JSON file of another kind', '{"Reservations": []}', /bad\.json: not an 'aws iam get-account-authorization-details' output or a supportguard snapshot/],
    ['a list instead of an object', '[1,2]', /not an 'aws iam get-account-authorization-details' output/],
    ['RoleDetailList that is not a list', '{"RoleDetailList": {}}', /bad\.json: RoleDetailList must be a list/],
    ['a role without a name', '{"RoleDetailList": [{"Arn": "arn:aws:iam::111111111111:role/x"}]}', /RoleDetailList\[0\]: RoleName must be a string/],
    ['a trust policy that is not JSON', JSON.stringify({ RoleDetailList: [{ ...role('111111111111'), AssumeRolePolicyDocument: '%7Bnot-json' }] }), /role r trust policy: policy document is not valid JSON/],
    ['two accounts in one export', JSON.stringify({ RoleDetailList: [role('111111111111', 'a'), role('222222222222', 'b')] }), /mixes accounts 111111111111, 222222222222/],
    ['a second account whose ARNs share the first one\'s region-shaped prefix', JSON.stringify({ RoleDetailList: [{ ...role('111111111111', 'a'), Arn: 'arn:aws:iam:111111111111:111111111111:role/a' }, { ...role('111111111111', 'b'), Arn: 'arn:aws:iam:111111111111:222222222222:role/b' }] }), /mixes accounts 111111111111, 222222222222/],
    ['an attached policy without an ARN', JSON.stringify({ RoleDetailList: [{ ...role('111111111111'), AttachedManagedPolicies: [{ PolicyName: 'p' }] }] }), /bad\.json: role r\.AttachedManagedPolicies\[0\]: PolicyArn must be a string$/],
    ['an inline policy without a name', JSON.stringify({ RoleDetailList: [{ ...role('111111111111'), RolePolicyList: [{ PolicyDocument: { Statement: [] } }] }] }), /bad\.json: role r\.RolePolicyList\[0\]: PolicyName must be a string$/],
    ['an inline policy whose document is a list', JSON.stringify({ UserDetailList: [{ UserName: 'u', Arn: 'arn:aws:iam::111111111111:user/u', UserPolicyList: [{ PolicyName: 'p', PolicyDocument: [] }] }] }), /bad\.json: user u\.UserPolicyList\[0\]: policy document must be a JSON object$/],
    ['a tag without a key', JSON.stringify({ RoleDetailList: [{ ...role('111111111111'), Tags: [{ Value: 'v' }] }] }), /bad\.json: role r\.Tags\[0\]: Key must be a string$/],
    ['no ARN and no account id in the name', '{"RoleDetailList": []}', /no ARN tells which account this is/],
    ['a saved snapshot of a future schema', '{"kind":"supportguard-snapshot","schemaVersion":2,"accounts":[]}', /unsupported snapshot schemaVersion 2/],
    ['a saved snapshot whose role lacks its lists', '{"kind":"supportguard-snapshot","schemaVersion":1,"accounts":[{"schemaVersion":1,"accountId":"111111111111","partition":"aws","source":{"kind":"live"},"iam":{"status":"ok","data":{"roles":[{"name":"r","arn":"arn:aws:iam::111111111111:role/r"}],"users":[],"groups":[],"policies":[]}}}]}', /accounts\[0\] iam\.data\.roles\[0\]\.attachedManagedPolicies must be a list/],
    ['a saved snapshot with a broken part', '{"kind":"supportguard-snapshot","schemaVersion":1,"accounts":[{"schemaVersion":1,"accountId":"111111111111","partition":"aws","source":{"kind":"live"},"iam":{"status":"maybe"}}]}', /iam\.status must be "ok" or "failed"/],
    ['a saved snapshot whose CloudWatch log group lacks its trails', savedWithCloudWatch([{ arn: 'arn:aws:logs:us-east-1:111111111111:log-group:ct:*', name: 'ct', region: 'us-east-1', accountId: '111111111111' }]), /accounts\[0\] cloudWatch\.data\[0\]\.trails must be a list of trail names$/],
    ['a saved snapshot whose metric filter has no pattern', savedWithCloudWatch([{ ...LOG_GROUP, metricFilters: { status: 'ok', data: [{ name: 'f', metrics: [] }] } }]), /cloudWatch\.data\[0\]\.metricFilters\.data\[0\]\.pattern must be a string$/],
    ['a saved snapshot whose alarm does not say if its actions are enabled', savedWithCloudWatch([{ ...LOG_GROUP, alarms: { status: 'ok', data: [{ name: 'a', metrics: [{ name: 'm', namespace: 'n' }], alarmActions: [] }] } }]), /cloudWatch\.data\[0\]\.alarms\.data\[0\]\.actionsEnabled must be true or false$/],
    ['a saved snapshot whose alarm read has no status', savedWithCloudWatch([{ ...LOG_GROUP, alarms: { data: [] } }]), /cloudWatch\.data\[0\]\.alarms\.status must be "ok" or "failed" \(with an error\)$/],
  ];
  it.each(cases)('%s', async (_name, text, message) => {
    const path = join(dir, 'bad.json');
    await writeFile(path, text);
    const err = await loadSnapshots([path]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('reads a multi-megabyte UTF-8 export whole, multi-byte characters included', async () => {
    // Given an export of 20,000 roles (several MB, read in one call rather than in 512 KiB chunks) whose descriptions hold
    // multi-byte characters
    const roles = Array.from({ length: 20_000 }, (_, i) => ({ ...role('111111111111', `r-${i}`), Description: `Équipe support – ${i} ✓` }));
    const file = join(dir, 'big.json');
    await writeFile(file, JSON.stringify({ RoleDetailList: roles }));
    // When it is loaded
    const [account] = (await loadSnapshots([file])).accounts;
    // Then every role is there, and the last one's description is intact
    const data = account!.iam?.status === 'ok' ? account!.iam.data : undefined;
    expect(data?.roles.length).toBe(20_000);
    expect(data?.roles[19_999]!.description).toBe('Équipe support – 19999 ✓');
  });

  it('says an empty file is not valid JSON', async () => {
    await writeFile(join(dir, 'empty.json'), '');
    await expect(loadSnapshots([join(dir, 'empty.json')])).rejects.toThrow(`${join(dir, 'empty.json')}: not valid JSON (Unexpected end of JSON input)`);
  });

  it('refuses a path that does not exist', async () => {
    await expect(loadSnapshots([join(dir, 'nope')])).rejects.toThrow(/nope: no such file or folder/);
  });

  it('refuses a folder without JSON files', async () => {
    await expect(loadSnapshots([dir])).rejects.toThrow(/folder holds no \.json file/);
  });

  it('refuses the same account twice, since one verdict would silently hide the other', async () => {
    const text = JSON.stringify({ RoleDetailList: [role('111111111111')] });
    await writeFile(join(dir, 'a.json'), text);
    await writeFile(join(dir, 'b.json'), text);
    await expect(loadSnapshots([dir])).rejects.toThrow(/account 111111111111 appears twice/);
  });

  it('does not change the input file', async () => {
    const path = join(dir, 'keep.json');
    const text = JSON.stringify({ RoleDetailList: [role('111111111111')] });
    await writeFile(path, text);
    await loadSnapshots([path]);
    expect(await readFile(path, 'utf8')).toBe(text);
  });
});

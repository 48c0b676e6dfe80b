import { describe, expect, it } from 'vitest';
import { snapshotFromAuthorizationDetails, snapshotFromAuthorizationDetailsText } from './authorization-details.js';
import { readAuthorizationDetails, type ListKey } from './list-reader.js';
import { snapshotsFromJson } from './load.js';

const ACCOUNT = '111111111111';
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const source = { kind: 'authorization-details' as const, path: `${ACCOUNT}.json` };

/**
 * An export whose lists hold the shapes that make a boundary look like another: nested `},{` whose first key is
 * the list's own (instance profiles starting with "Path", as the SDK orders them), strings holding `},{"Path"`,
 * quotes and backslashes, empty lists, a last element with nested objects, non-ASCII names.
 */
function tricky(roles = 40) {
  const role = (i: number) => ({
    Path: '/',
    RoleName: i === 3 ? 'quote"and\\backslash\\' : `role-${i}`,
    RoleId: `AROA${i}`,
    Arn: `arn:aws:iam::${ACCOUNT}:role/role-${i}`,
    CreateDate: '2024-01-01T00:00:00Z',
    AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    // Two instance profiles, each a `},{"Path"` inside the role, with a nested role of its own.
    InstanceProfileList: [
      { Path: '/', InstanceProfileName: `ip-${i}`, Roles: [{ Path: '/', RoleName: `role-${i}` }] },
      { Path: '/x/', InstanceProfileName: `ip2-${i}`, Roles: [] },
    ],
    RolePolicyList: [{ PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }) }],
    AttachedManagedPolicies: i % 2 ? [] : [{ PolicyName: 'AWSSupportAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }],
    Tags: [
      { Key: 'note', Value: '},{"Path":"/","RoleName":"fake"}' },
      { Key: 'naïve', Value: 'ünïcödé ✓' },
    ],
    RoleLastUsed: {},
  });
  return {
    UserDetailList: [{ Path: '/', UserName: 'u', UserId: 'AIDAU', Arn: `arn:aws:iam::${ACCOUNT}:user/u`, GroupList: ['g'], AttachedManagedPolicies: [], UserPolicyList: [], Tags: [] }],
    GroupDetailList: [],
    RoleDetailList: Array.from({ length: roles }, (_, i) => role(i)),
    Policies: [{ PolicyName: 'AWSSupportAccess', Arn: 'arn:aws:iam::aws:policy/AWSSupportAccess', Path: '/', DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc({ Effect: 'Allow', Action: 'support:*', Resource: '*' }) }] }],
    IsTruncated: false,
  };
}

/** What the reader hands on, put back into the export's shape (each visited element as JSON.parse built it). */
function readBack(text: string): unknown {
  return readAuthorizationDetails(text, (_list: ListKey, element) => element, 0);
}

describe('reading an export list element by list element', () => {
  const exportData = tricky();
  const layouts = {
    compact: JSON.stringify(exportData),
    'AWS CLI (4-space indent)': JSON.stringify(exportData, null, 4),
    tabs: JSON.stringify(exportData, null, '\t'),
    'CRLF and spaces around separators': JSON.stringify(exportData, null, 2).replace(/\n/g, '\r\n').replace(/,\r\n/g, ' ,\r\n'),
  };

  for (const [layout, text] of Object.entries(layouts)) {
    it(`hands on exactly the elements JSON.parse builds (${layout})`, () => {
      expect(readBack(text)).toEqual(JSON.parse(text));
    });

    it(`gives the same snapshot as the whole parse (${layout})`, () => {
      const read = snapshotFromAuthorizationDetailsText(text, source, { minLength: 0 });
      expect(read).toBeDefined();
      expect(read).toEqual(snapshotFromAuthorizationDetails(JSON.parse(text) as Record<string, unknown>, source));
    });
  }

  it('leaves small texts to the whole parse', () => {
    expect(readAuthorizationDetails(JSON.stringify(tricky(2)), (_l, e) => e)).toBeUndefined();
  });

  it('declines every text it cannot prove, so the whole parse reports it as before', () => {
    const declined = [
      '{"RoleDetailList":[{"RoleName":"a"},{"RoleName":"b"}',  // cut short
      '{"RoleDetailList":[{"RoleName":"a"}],"RoleDetailList":[]}', // a key twice
      '{"RoleDetailList":[1,2]}', // elements that are not objects
      '{"RoleDetailList":null}', // not a list
      '{"RoleDetailList":[],"Extra":{"a":1}}', // another member that is not a plain value
      '{"RoleDetailList":[]} trailing',
      '[]',
    ];
    for (const text of declined) expect(readAuthorizationDetails(text, (_l, e) => e, 0), text).toBeUndefined();
    // and a text with none of the four lists is no export: the whole parse names what it is
    expect(snapshotFromAuthorizationDetailsText('{"kind":"supportguard-snapshot","schemaVersion":1}', source, { minLength: 0 })).toBeUndefined();
  });

  it('keeps the whole parse\'s error for an entry the normaliser refuses', () => {
    // Given a large export (read element by element) whose 30th role has no ARN
    const data = tricky(600);
    delete (data.RoleDetailList[29] as { Arn?: string }).Arn;
    const text = JSON.stringify(data, null, 4);
    expect(text.length).toBeGreaterThan(1 << 20);
    // Then the reader declines it and loading says what is wrong, naming the role, as it always did
    expect(snapshotFromAuthorizationDetailsText(text, source)).toBeUndefined();
    expect(() => snapshotsFromJson(text, `${ACCOUNT}.json`)).toThrow(`${ACCOUNT}.json: role role-29: Arn must be a string`);
  });

  it('reads a large export through the loader with the same verdict data as the whole parse', () => {
    // Given a 1.4 MB export, above the size at which the loader reads element by element
    const text = JSON.stringify(tricky(1600));
    expect(text.length).toBeGreaterThan(1 << 20);
    // (the reader vouches for it: this is the path the loader takes)
    expect(snapshotFromAuthorizationDetailsText(text, source)).toBeDefined();
    const [loaded] = snapshotsFromJson(text, `${ACCOUNT}.json`);
    expect(loaded).toEqual(snapshotFromAuthorizationDetails(JSON.parse(text) as Record<string, unknown>, source));
    expect(loaded!.iam?.status === 'ok' && loaded!.iam.data.roles[3]!.name).toBe('quote"and\\backslash\\');
  });
});

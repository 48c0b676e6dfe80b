import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessChangesOverTime, describeAccessChange, diffRoleAccess } from './access.js';
import { computeKpis, renderKpiTable } from './kpi.js';
import type { HistoryRecord, RoleAccessEntry } from './record.js';
import { parseHistory } from './store.js';

const ROLE = 'arn:aws:iam::123456789012:role/SupportRole';
const alice = (o: Partial<RoleAccessEntry> = {}): RoleAccessEntry => ({ principal: 'user arn:aws:iam::123456789012:user/alice', arn: 'arn:aws:iam::123456789012:user/alice', who: 'responder', requiresMfa: true, requiresExternalId: false, otherConditions: [], ...o });
const partner: RoleAccessEntry = { principal: 'role arn:aws:iam::222222222222:role/partner', arn: 'arn:aws:iam::222222222222:role/partner', who: 'responder', requiresMfa: false, requiresExternalId: true, otherConditions: [] };

function scan(time: string, assumers?: RoleAccessEntry[]): HistoryRecord {
  const role = { arn: ROLE, name: 'SupportRole', ...(assumers ? { assumers } : {}) };
  return {
    kind: 'supportguard-scan',
    schemaVersion: 1,
    time,
    tool: { name: 'supportguard', version: '0.1.0' },
    summary: { accounts: { total: 1, PASS: 1, FAIL: 0, ERROR: 0 }, findings: { PASS: 1, FAIL: 0, ERROR: 0, INFO: 0 }, cisPassRate: 1 } as HistoryRecord['summary'],
    accounts: [{ accountId: '123456789012', status: 'PASS', supportRoles: [role] }],
    checks: {},
  };
}

const at = { accountId: '123456789012', roleArn: ROLE, roleName: 'SupportRole', since: '2026-11-30T08:00:00.000Z', previousScan: '2026-11-23T08:00:00.000Z' };

describe('access changes between two scans', () => {
  it('finds principals added and removed, and MFA dropped as a weakened condition', () => {
    const changes = diffRoleAccess([alice(), partner], [alice({ requiresMfa: false }), { ...partner, principal: 'role arn:aws:iam::333333333333:role/new', arn: 'arn:aws:iam::333333333333:role/new', requiresExternalId: false }], at);
    expect(changes.map(describeAccessChange)).toEqual([
      'user arn:aws:iam::123456789012:user/alice can assume SupportRole in 123456789012 with weaker conditions since 2026-11-30: MFA no longer required',
      'new principal role arn:aws:iam::333333333333:role/new can assume SupportRole in 123456789012 since 2026-11-30',
      'role arn:aws:iam::222222222222:role/partner can no longer assume SupportRole in 123456789012 since 2026-11-30',
    ]);
  });

  it('reports a condition added as strengthened, and no change as nothing', () => {
    expect(diffRoleAccess([partner], [partner], at)).toEqual([]);
    expect(diffRoleAccess([alice({ requiresMfa: false })], [alice({ otherConditions: ['aws:SourceIp'] })], at).map((c) => `${c.kind}: ${c.detail}`)).toEqual([
      'strengthened: MFA now required, aws:SourceIp condition added',
    ]);
  });

  it('skips history lines written before the history carried assumers, instead of reading them as "nobody"', () => {
    const old = scan('2026-11-16T08:00:00.000Z');
    const changes = accessChangesOverTime([scan('2026-11-30T08:00:00.000Z', [alice(), partner]), old, scan('2026-11-23T08:00:00.000Z', [alice()])]);
    expect(changes.map(describeAccessChange)).toEqual(['new principal role arn:aws:iam::222222222222:role/partner (with ExternalId) can assume SupportRole in 123456789012 since 2026-11-30']);
  });

  it('kpi lists the changes over time, as text and JSON', () => {
    const history = [scan('2026-11-23T08:00:00.000Z', [alice()]), scan('2026-11-30T08:00:00.000Z', [alice(), partner])];
    const kpis = computeKpis(history, []);
    expect(kpis.accessChanges.map((c) => `${c.kind} ${c.principal} ${c.since} ${c.previousScan}`)).toEqual([
      'added role arn:aws:iam::222222222222:role/partner 2026-11-30T08:00:00.000Z 2026-11-23T08:00:00.000Z',
    ]);
    const text = renderKpiTable(kpis);
    expect(text).toContain(
      'Support-role access changes (who can assume, scan by scan): 1\n  new principal role arn:aws:iam::222222222222:role/partner (with ExternalId) can assume SupportRole in 123456789012 since 2026-11-30\n',
    );
    // --since keeps the changes first seen from then on
    expect(computeKpis(history, [], { since: '2026-12-01' }).accessChanges).toEqual([]);
  });
});

describe('history lines with assumers', () => {
  it('still reads the lines written before they carried assumers', () => {
    const read = parseHistory(readFileSync('test/fixtures/kpi/history.jsonl', 'utf8'));
    expect(read.problems).toEqual([]);
    expect(read.records.length).toBeGreaterThan(0);
    expect(read.records.every((r) => r.accounts.every((a) => a.supportRoles.every((s) => s.assumers === undefined)))).toBe(true);
  });

  it('refuses a line whose assumer lacks its conditions, naming where', () => {
    const bad = scan('2026-11-30T08:00:00.000Z', [alice()]);
    delete (bad.accounts[0]!.supportRoles[0]!.assumers![0] as Partial<RoleAccessEntry>).requiresMfa;
    expect(parseHistory(JSON.stringify(bad)).problems).toEqual([{ line: 1, message: 'accounts[0].supportRoles[0].assumers[0] is not a principal with its conditions' }]);
  });
});

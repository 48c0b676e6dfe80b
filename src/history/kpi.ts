import { parseArn } from '../snapshot/arn.js';
import type { CloudTrailRecord } from './cloudtrail.js';
import type { DrillHistoryRecord } from './drill-record.js';
import type { HistoryRecord, SupportRoleUse } from './record.js';
import { terminalSafe, terminalSafeValue } from '../report/terminal.js';
import { accessChangesOverTime, describeAccessChange, type AccessChange } from './access.js';

/**
 * The STS calls that open a session of a role. Federated users never call AssumeRole: a SAML IdP's users (and
 * every IAM Identity Center user, whose sessions arrive as SAML) come in with AssumeRoleWithSAML, OIDC
 * workloads (GitHub Actions, EKS) with AssumeRoleWithWebIdentity. Counting AssumeRole alone hides them all.
 */
export const ASSUME_ROLE_EVENTS = ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'] as const;

/** Support API calls the KPIs follow. CreateCase is the one counted; the others give context. */
export const SUPPORT_CASE_EVENTS = ['CreateCase', 'AddCommunicationToCase', 'ResolveCase'] as const;

/**
 * The name rule for administrators when the history does not know the principal: roles and users
 * named like an administrator, plus the roles AWS Organizations and Control Tower create with full access.
 */
export const ADMIN_NAME_PATTERN = /admin|poweruser|OrganizationAccountAccessRole|AWSControlTowerExecution/i;

/** Who performed a support API call. */
export type ActorKind = 'root' | 'admin' | 'support-role' | 'other';

/** One scan's CIS pass rate and account counts. */
export interface PassRatePoint {
  time: string;
  /** Share of judged accounts that pass; null when none could be judged. */
  cisPassRate: number | null;
  total: number;
  PASS: number;
  FAIL: number;
  ERROR: number;
}

/** A support role as the latest scan of its account saw it. */
export interface SupportRoleStatus extends SupportRoleUse {
  accountId: string;
  /** Time of the scan this comes from (the latest one that saw the account). */
  seenAt: string;
}

/** An sts:AssumeRole* call (or refused attempt) on a support role. */
export interface AssumeRoleEvent {
  time: string;
  /** Which STS call: AssumeRole (IAM principals), AssumeRoleWithSAML (SAML, Identity Center), AssumeRoleWithWebIdentity (OIDC). */
  eventName: (typeof ASSUME_ROLE_EVENTS)[number];
  accountId: string;
  roleArn: string;
  roleName: string;
  /** Who assumed it: the caller's ARN; for federated users `<provider> as <user>` (CloudTrail gives them no ARN). */
  callerArn: string;
  callerType: string;
  sourceIp?: string;
  /** Set when AWS refused the call (AccessDenied…): an attempt, not a session. */
  errorCode?: string;
}

/** A support API call (CreateCase, AddCommunicationToCase, ResolveCase) and who made it. */
export interface SupportCaseEvent {
  time: string;
  accountId: string;
  eventName: string;
  actorArn: string;
  actorKind: ActorKind;
  /** Which rule classified the actor, in words. */
  rule: string;
  sourceIp?: string;
  errorCode?: string;
}

/** One account's drills over time: how long a responder needed to reach AWS Support. */
export interface MttesAccount {
  accountId: string;
  /** Drills of the account that reached Support (timeToEngageMs known). */
  drills: number;
  latestMs: number;
  latestAt: string;
  latestVerdict: 'PASS' | 'FAIL' | 'ERROR';
  medianMs: number;
}

/** A support-role session seen in CloudTrail that opened a case: AssumeRole* → its first CreateCase. */
export interface MttesIncident {
  accountId: string;
  roleArn: string;
  /** `arn:…:sts::ACCT:assumed-role/ROLE/SESSION`, as both events name it. */
  sessionArn: string;
  assumedAt: string;
  caseCreatedAt: string;
  mttesMs: number;
  /** The session was a `supportguard drill --test-case` (its session name starts `supportguard-drill-`). */
  drill: boolean;
}

/** Mean time to engage support (the seeds' KPI), from drills and from real sessions. Medians: one slow night must not hide the trend. */
export interface MttesReport {
  drills: { count: number; medianMs: number | null; latestMs: number | null; accounts: MttesAccount[] };
  incidents: MttesIncident[];
  incidentMedianMs: number | null;
}

/** Everything `supportguard kpi` reports (its JSON output). */
export interface KpiReport {
  since?: string;
  scans: number;
  passRate: PassRatePoint[];
  /** Latest pass rate minus the first, in percentage points; null with fewer than two judged scans. */
  passRateChange: number | null;
  accountTrend: { accountId: string; accountName?: string; statuses: { time: string; status: 'PASS' | 'FAIL' | 'ERROR' }[] }[];
  supportRoles: SupportRoleStatus[];
  /** Accounts whose latest scan found no support role. */
  accountsWithoutSupportRole: string[];
  assumeRoleEvents: AssumeRoleEvent[];
  supportCaseEvents: SupportCaseEvent[];
  /** CreateCase calls by kind of actor (the KPI: cases should come from the support role, not root or admins). */
  casesOpenedBy: Record<ActorKind, number>;
  mttes: MttesReport;
  /**
   * Who-can-assume changes of the support roles, scan by scan (principals added, removed, conditions weakened or
   * strengthened), oldest first; only between scans that recorded the assumers (`audit`/`scan --history`).
   */
  accessChanges: AccessChange[];
}

/** The median of some numbers (the mean of the two middle ones for an even count), rounded to whole milliseconds; null for none. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return Math.round(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2);
}

/** Per account and overall, from the drills that reached Support. */
function mttesFromDrills(drills: readonly DrillHistoryRecord[]): MttesReport['drills'] {
  const byAccount = new Map<string, { time: string; ms: number; verdict: MttesAccount['latestVerdict'] }[]>();
  const all: { time: string; ms: number }[] = [];
  for (const d of [...drills].sort((a, b) => Date.parse(a.time) - Date.parse(b.time))) {
    for (const a of d.accounts) {
      if (a.timeToEngageMs === null) continue;
      const list = byAccount.get(a.accountId) ?? [];
      list.push({ time: d.time, ms: a.timeToEngageMs, verdict: a.verdict });
      byAccount.set(a.accountId, list);
      all.push({ time: d.time, ms: a.timeToEngageMs });
    }
  }
  const accounts = [...byAccount]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([accountId, list]) => {
      const latest = list[list.length - 1]!;
      return { accountId, drills: list.length, latestMs: latest.ms, latestAt: latest.time, latestVerdict: latest.verdict, medianMs: median(list.map((x) => x.ms))! };
    });
  return { count: all.length, medianMs: median(all.map((x) => x.ms)), latestMs: all.length ? all[all.length - 1]!.ms : null, accounts };
}

/**
 * MTTES per incident from CloudTrail: each successful AssumeRole* of a support role opens a session, named by
 * responseElements.assumedRoleUser.arn (else built from requestParameters.roleSessionName); the session's first
 * successful CreateCase — matched by userIdentity.arn, or by the session's access key id — closes the incident.
 * Sessions that opened no case are not incidents.
 */
function mttesFromCloudTrail(events: readonly CloudTrailRecord[], supportKeys: Set<string>): MttesIncident[] {
  const sessions: { accountId: string; roleArn: string; sessionArn: string; accessKeyId?: string; at: number; assumedAt: string; incident?: MttesIncident }[] = [];
  const incidents: MttesIncident[] = [];
  for (const e of events) {
    if (e.errorCode) continue;
    if (e.eventSource === 'sts.amazonaws.com' && (ASSUME_ROLE_EVENTS as readonly string[]).includes(e.eventName) && typeof e.requestParameters?.roleArn === 'string') {
      const roleArn = e.requestParameters.roleArn;
      const arn = parseArn(roleArn);
      const accountId = arn?.accountId ?? e.recipientAccountId ?? '';
      const roleName = roleNameOfArn(roleArn);
      if (!supportKeys.has(key(accountId, roleName))) continue;
      const response = (e.responseElements ?? {}) as { assumedRoleUser?: { arn?: string }; credentials?: { accessKeyId?: string } };
      const sessionName = typeof e.requestParameters.roleSessionName === 'string' ? e.requestParameters.roleSessionName : undefined;
      const sessionArn = response.assumedRoleUser?.arn ?? (sessionName ? `arn:${arn?.partition ?? 'aws'}:sts::${accountId}:assumed-role/${roleName}/${sessionName}` : undefined);
      if (!sessionArn) continue;
      const s: (typeof sessions)[number] = { accountId, roleArn, sessionArn, at: Date.parse(e.eventTime), assumedAt: e.eventTime };
      if (response.credentials?.accessKeyId) s.accessKeyId = response.credentials.accessKeyId;
      sessions.push(s);
    } else if (e.eventSource === 'support.amazonaws.com' && e.eventName === 'CreateCase') {
      const id = e.userIdentity ?? {};
      const at = Date.parse(e.eventTime);
      // The latest session of that name or key that started before the case (session names can repeat).
      const s = [...sessions].reverse().find((x) => x.at <= at && ((id.arn && x.sessionArn === id.arn) || (id.accessKeyId && x.accessKeyId === id.accessKeyId)));
      if (!s || s.incident) continue;
      s.incident = { accountId: s.accountId, roleArn: s.roleArn, sessionArn: s.sessionArn, assumedAt: s.assumedAt, caseCreatedAt: e.eventTime, mttesMs: at - s.at, drill: /\/supportguard-drill-[^/]*$/.test(s.sessionArn) };
      incidents.push(s.incident);
    }
  }
  return incidents;
}

/**
 * The caller of an STS call. SAMLUser and WebIdentityUser identities carry no ARN: the SAML provider is in
 * requestParameters.principalArn (userIdentity.identityProvider is an opaque issuer hash), the OIDC provider
 * in userIdentity.identityProvider, and the user (NameID, token subject) in userName.
 */
function callerOf(e: CloudTrailRecord): string {
  const id = e.userIdentity;
  if (id?.arn) return id.arn;
  const principalArn = typeof e.requestParameters?.principalArn === 'string' ? e.requestParameters.principalArn : undefined;
  const provider = id?.type === 'SAMLUser' ? (principalArn ?? id.identityProvider) : id?.identityProvider;
  const user = id?.userName ?? id?.principalId;
  if (provider && user) return `${provider} as ${user}`;
  return user ?? provider ?? id?.invokedBy ?? 'unknown';
}

const key = (accountId: string, roleName: string) => `${accountId}:${roleName.toLowerCase()}`;
const roleNameOfArn = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** The role behind an assumed-role session: the session issuer, or the name in `assumed-role/<name>/<session>`. */
function sessionRole(r: CloudTrailRecord): { accountId: string; name: string; arn: string } | undefined {
  const id = r.userIdentity;
  const issuer = id?.sessionContext?.sessionIssuer;
  if (issuer?.arn && issuer.type === 'Role') {
    return { accountId: parseArn(issuer.arn)?.accountId ?? id?.accountId ?? '', name: issuer.userName ?? roleNameOfArn(issuer.arn), arn: issuer.arn };
  }
  const m = id?.arn?.match(/^arn:[\w-]+:sts::(\d{12}):assumed-role\/([^/]+)\//);
  if (m) return { accountId: m[1]!, name: m[2]!, arn: id!.arn! };
  return undefined;
}

function classify(r: CloudTrailRecord, supportKeys: Set<string>, admins: Set<string>): { kind: ActorKind; rule: string; arn: string } {
  const id = r.userIdentity ?? {};
  const arn = id.arn ?? id.type ?? 'unknown';
  if (id.type === 'Root') return { kind: 'root', arn, rule: 'userIdentity.type is Root' };
  if (id.type === 'AssumedRole') {
    const role = sessionRole(r);
    if (role && supportKeys.has(key(role.accountId, role.name))) return { kind: 'support-role', arn, rule: `session of support role ${role.name} (from the scan history)` };
    if (role && admins.has(key(role.accountId, role.name))) return { kind: 'admin', arn, rule: `role ${role.name} has AdministratorAccess (from the scan history)` };
    if (role && ADMIN_NAME_PATTERN.test(role.name)) return { kind: 'admin', arn, rule: `role name ${role.name} matches ${ADMIN_NAME_PATTERN}` };
    return { kind: 'other', arn, rule: 'assumed role not known as support role or administrator' };
  }
  if (id.type === 'IAMUser') {
    const name = id.userName ?? roleNameOfArn(arn);
    const account = id.accountId ?? parseArn(arn)?.accountId ?? '';
    if (admins.has(key(account, name))) return { kind: 'admin', arn, rule: `user ${name} has AdministratorAccess (from the scan history)` };
    if (ADMIN_NAME_PATTERN.test(name)) return { kind: 'admin', arn, rule: `user name ${name} matches ${ADMIN_NAME_PATTERN}` };
    return { kind: 'other', arn, rule: 'IAM user not known as administrator' };
  }
  return { kind: 'other', arn, rule: `identity type ${id.type ?? 'unknown'}` };
}

/**
 * Computes the KPIs from scan history and CloudTrail events: pass rate per scan, each account's
 * verdicts over time, support roles and their last use (latest scan of each account), sessions of
 * the support roles, and who opened support cases (root, administrators, the support role, others).
 */
export function computeKpis(history: readonly HistoryRecord[], events: readonly CloudTrailRecord[], o: { since?: string; drills?: readonly DrillHistoryRecord[] } = {}): KpiReport {
  const since = o.since ? Date.parse(o.since) : -Infinity;
  const scans = [...history].filter((h) => Date.parse(h.time) >= since).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const passRate = scans.map((h) => ({ time: h.time, cisPassRate: h.summary.cisPassRate, total: h.summary.accounts.total, PASS: h.summary.accounts.PASS, FAIL: h.summary.accounts.FAIL, ERROR: h.summary.accounts.ERROR }));
  const judged = passRate.filter((p) => p.cisPassRate !== null);
  const passRateChange = judged.length >= 2 ? Math.round((judged[judged.length - 1]!.cisPassRate! - judged[0]!.cisPassRate!) * 1000) / 10 : null;

  const trend = new Map<string, KpiReport['accountTrend'][number]>();
  const latest = new Map<string, { time: string; account: HistoryRecord['accounts'][number] }>();
  // Support roles and administrators seen in any scan (not only the latest): a case opened last month by a role since deleted still counts.
  const supportKeys = new Set<string>();
  const admins = new Set<string>();
  for (const h of [...history].sort((a, b) => Date.parse(a.time) - Date.parse(b.time))) {
    for (const a of h.accounts) {
      for (const r of a.supportRoles) supportKeys.add(key(a.accountId, r.name));
      for (const p of a.adminPrincipals ?? []) admins.add(key(a.accountId, roleNameOfArn(p)));
    }
  }
  // A role that was drilled is a support role too, even if no scan of its account is in the history.
  const drills = (o.drills ?? []).filter((d) => Date.parse(d.time) >= since);
  for (const d of o.drills ?? []) for (const a of d.accounts) supportKeys.add(key(parseArn(a.roleArn)?.accountId ?? a.accountId, roleNameOfArn(a.roleArn)));
  for (const h of scans) {
    for (const a of h.accounts) {
      const t = trend.get(a.accountId) ?? { accountId: a.accountId, statuses: [] };
      if (a.accountName) t.accountName = a.accountName;
      t.statuses.push({ time: h.time, status: a.status });
      trend.set(a.accountId, t);
      latest.set(a.accountId, { time: h.time, account: a });
    }
  }
  const supportRoles: SupportRoleStatus[] = [];
  const accountsWithoutSupportRole: string[] = [];
  for (const [accountId, { time, account }] of [...latest].sort(([a], [b]) => a.localeCompare(b))) {
    if (account.supportRoles.length === 0 && account.status !== 'ERROR') accountsWithoutSupportRole.push(accountId);
    for (const r of account.supportRoles) supportRoles.push({ ...r, accountId, seenAt: time });
  }

  const inWindow = events.filter((e) => Date.parse(e.eventTime) >= since).sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime));
  const assumeRoleEvents: AssumeRoleEvent[] = [];
  const supportCaseEvents: SupportCaseEvent[] = [];
  const casesOpenedBy: Record<ActorKind, number> = { root: 0, admin: 0, 'support-role': 0, other: 0 };
  const seen = new Set<string>();
  const unique: CloudTrailRecord[] = [];
  for (const e of inWindow) {
    // LookupEvents and overlapping log files can return the same event twice.
    const eventId = (e as { eventID?: string }).eventID;
    if (eventId) {
      if (seen.has(eventId)) continue;
      seen.add(eventId);
    }
    unique.push(e);
    if (e.eventSource === 'sts.amazonaws.com' && (ASSUME_ROLE_EVENTS as readonly string[]).includes(e.eventName) && typeof e.requestParameters?.roleArn === 'string') {
      const roleArn = e.requestParameters.roleArn;
      const accountId = parseArn(roleArn)?.accountId ?? e.recipientAccountId ?? '';
      const roleName = roleNameOfArn(roleArn);
      if (!supportKeys.has(key(accountId, roleName))) continue;
      const eventName = e.eventName as AssumeRoleEvent['eventName'];
      const ev: AssumeRoleEvent = { time: e.eventTime, eventName, accountId, roleArn, roleName, callerArn: callerOf(e), callerType: e.userIdentity?.type ?? 'unknown' };
      if (e.sourceIPAddress) ev.sourceIp = e.sourceIPAddress;
      if (e.errorCode) ev.errorCode = e.errorCode;
      assumeRoleEvents.push(ev);
    } else if (e.eventSource === 'support.amazonaws.com' && (SUPPORT_CASE_EVENTS as readonly string[]).includes(e.eventName)) {
      const who = classify(e, supportKeys, admins);
      const ev: SupportCaseEvent = { time: e.eventTime, accountId: e.recipientAccountId ?? e.userIdentity?.accountId ?? '', eventName: e.eventName, actorArn: who.arn, actorKind: who.kind, rule: who.rule };
      if (e.sourceIPAddress) ev.sourceIp = e.sourceIPAddress;
      if (e.errorCode) ev.errorCode = e.errorCode;
      supportCaseEvents.push(ev);
      if (e.eventName === 'CreateCase' && !e.errorCode) casesOpenedBy[who.kind]++;
    }
  }
  const report: KpiReport = {
    scans: scans.length,
    passRate,
    passRateChange,
    accountTrend: [...trend.values()].sort((a, b) => a.accountId.localeCompare(b.accountId)),
    supportRoles,
    accountsWithoutSupportRole,
    assumeRoleEvents,
    supportCaseEvents,
    casesOpenedBy,
    mttes: (() => {
      const incidents = mttesFromCloudTrail(unique, supportKeys);
      return { drills: mttesFromDrills(drills), incidents, incidentMedianMs: median(incidents.map((i) => i.mttesMs)) };
    })(),
    // Compared over the whole history (a change is against the scan before it), then kept from --since on.
    accessChanges: accessChangesOverTime(history).filter((c) => Date.parse(c.since) >= since),
  };
  if (o.since) report.since = o.since;
  return report;
}

/** A duration for people: `850 ms`, `12.4 s`, `7.5 min`, `2.1 h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

function renderMttes(m: MttesReport, clean: (s: string) => string): string[] {
  const out: string[] = [];
  const d = m.drills;
  if (d.count === 0) out.push('Mean time to engage support (MTTES), from drills: no drill reached Support (run `supportguard drill --history FILE`)');
  else {
    out.push(`Mean time to engage support (MTTES), from drills: median ${formatDuration(d.medianMs!)} over ${d.count} drill(s), latest ${formatDuration(d.latestMs!)}`);
    for (const a of d.accounts) out.push(`  ${a.accountId}  latest ${formatDuration(a.latestMs)} (${a.latestVerdict})  median ${formatDuration(a.medianMs)} over ${a.drills} drill(s)`);
  }
  out.push(
    `MTTES from CloudTrail (support-role AssumeRole → first CreateCase of that session): ${m.incidents.length} incident(s)${m.incidentMedianMs === null ? '' : `, median ${formatDuration(m.incidentMedianMs)}`}`,
  );
  for (const i of m.incidents) out.push(`  ${i.assumedAt}  ${i.accountId}  ${formatDuration(i.mttesMs).padStart(9)}  ${clean(i.sessionArn)}${i.drill ? '  (drill)' : ''}`);
  return out;
}

const pct = (r: number | null) => (r === null ? 'n/a' : `${Math.round(r * 1000) / 10}%`);

/** The KPIs as text for a terminal. */
export function renderKpiTable(k: KpiReport): string {
   
  const clean = terminalSafeValue;
  const out: string[] = [];
  out.push(`CIS support-role pass rate by scan${k.since ? ` (since ${k.since})` : ''}:`);
  if (k.passRate.length === 0) out.push('  no scans in the history');
  for (const p of k.passRate) out.push(`  ${p.time}  ${pct(p.cisPassRate).padStart(6)}  ${p.PASS} PASS, ${p.FAIL} FAIL, ${p.ERROR} ERROR of ${p.total}`);
  if (k.passRateChange !== null) {
    const sign = k.passRateChange > 0 ? '+' : '';
    out.push(`  change: ${pct(k.passRate.find((p) => p.cisPassRate !== null)!.cisPassRate)} → ${pct([...k.passRate].reverse().find((p) => p.cisPassRate !== null)!.cisPassRate)} (${sign}${k.passRateChange} points over ${k.scans} scans)`);
  }
  out.push('', 'Accounts (oldest → latest verdict):');
  for (const a of k.accountTrend) out.push(`  ${a.accountId}${a.accountName ? ` (${clean(a.accountName)})` : ''}  ${a.statuses.map((s) => s.status).join(' → ')}`);
  out.push('', 'Support roles (latest scan of each account):');
  if (k.supportRoles.length === 0) out.push('  none');
  for (const r of k.supportRoles) {
    const use = r.lastUsed === undefined ? 'last use not recorded' : r.lastUsed === null ? 'never used' : `last used ${r.lastUsed}${r.lastUsedRegion ? ` in ${r.lastUsedRegion}` : ''}`;
    out.push(`  ${r.accountId}  ${clean(r.name)}  ${use}`);
  }
  if (k.accountsWithoutSupportRole.length) out.push(`  no support role: ${k.accountsWithoutSupportRole.join(', ')}`);
  out.push('', `Support role sessions (AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity): ${k.assumeRoleEvents.filter((e) => !e.errorCode).length}${k.assumeRoleEvents.some((e) => e.errorCode) ? `, ${k.assumeRoleEvents.filter((e) => e.errorCode).length} refused` : ''}`);
  for (const e of k.assumeRoleEvents) out.push(`  ${e.time}  ${e.accountId}  ${clean(e.roleName)}${e.eventName === 'AssumeRole' ? '' : ` (${e.eventName})`}  by ${clean(e.callerArn)}${e.sourceIp ? ` from ${clean(e.sourceIp)}` : ''}${e.errorCode ? `  REFUSED ${clean(e.errorCode)}` : ''}`);
  const o = k.casesOpenedBy;
  out.push('', `Support cases opened (CreateCase): ${o.root + o.admin + o['support-role'] + o.other} — by root ${o.root}, by administrators ${o.admin}, by the support role ${o['support-role']}, by others ${o.other}`);
  for (const e of k.supportCaseEvents) out.push(`  ${e.time}  ${e.accountId}  ${e.eventName.padEnd(22)} ${e.actorKind.padEnd(12)} ${clean(e.actorArn)}  [${clean(e.rule)}]${e.errorCode ? `  FAILED ${clean(e.errorCode)}` : ''}`);
  out.push('', ...renderMttes(k.mttes, clean));
  out.push('', `Support-role access changes (who can assume, scan by scan): ${k.accessChanges.length}`);
  if (k.accessChanges.length === 0) out.push(k.scans < 2 ? '  needs two scans that recorded who can assume the roles (audit/scan --history)' : '  none');
  for (const c of k.accessChanges) out.push(`  ${describeAccessChange(c)}`);
  // Every field comes from history files, exports and CloudTrail logs that someone else may have written: the whole
  // text goes through the terminal filter, not only the fields that looked dangerous (times and ids are text too).
  return terminalSafe(out.join('\n')) + '\n';
}

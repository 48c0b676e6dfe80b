import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '../errors.js';
import { isPartition } from './arn.js';
import { isAuthorizationDetails, snapshotFromAuthorizationDetails } from './authorization-details.js';
import { decodeInputText } from './encoding.js';
import { inputFilesUnder } from './files.js';
import { checkSavedFile, savedFolder } from './save-manifest.js';
import type { AccountSnapshot, SnapshotSet } from './model.js';

/** Marks a file written by `supportguard scan --save`. */
export const SNAPSHOT_KIND = 'supportguard-snapshot';

/** The on-disk wrapper for saved snapshots. */
export interface SnapshotFile {
  kind: typeof SNAPSHOT_KIND;
  schemaVersion: 1;
  accounts: AccountSnapshot[];
  organization?: SnapshotSet['organization'];
}

/** Serialises snapshots for `--save`; `loadSnapshots` reads this back. */
export function toSnapshotFile(set: SnapshotSet): SnapshotFile {
  const file: SnapshotFile = { kind: SNAPSHOT_KIND, schemaVersion: 1, accounts: set.accounts };
  if (set.organization) file.organization = set.organization;
  return file;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The shape the checks rely on, checked once at the door: a hand-edited or foreign snapshot must be an input
 * error naming the field, not a check crashing on `undefined` in the middle of a report.
 */
function validateSavedIam(data: unknown, where: string): void {
  if (!isObject(data)) throw new InputError(`${where} must be an object`);
  for (const list of ['roles', 'users', 'groups', 'policies'] as const) {
    const items = data[list];
    if (!Array.isArray(items)) throw new InputError(`${where}.${list} must be a list`);
    items.forEach((item: unknown, i: number) => {
      const at = `${where}.${list}[${i}]`;
      if (!isObject(item)) throw new InputError(`${at} must be an object`);
      for (const key of ['name', 'arn']) if (typeof item[key] !== 'string') throw new InputError(`${at}.${key} must be a string`);
      if (list === 'policies') return;
      for (const key of ['attachedManagedPolicies', 'inlinePolicies']) if (!Array.isArray(item[key])) throw new InputError(`${at}.${key} must be a list`);
      if (list !== 'groups' && !isObject(item.tags)) throw new InputError(`${at}.tags must be an object`);
      if (list === 'users' && !Array.isArray(item.groups)) throw new InputError(`${at}.groups must be a list`);
      if (list === 'roles' && item.trustPolicy !== null && !isObject(item.trustPolicy)) throw new InputError(`${at}.trustPolicy must be an object or null`);
    });
  }
}

function validateCollectError(e: unknown, where: string): void {
  if (!isObject(e) || typeof e.code !== 'string' || typeof e.message !== 'string') throw new InputError(`${where} must be an object with a code and a message`);
  if (e.operation !== undefined && typeof e.operation !== 'string') throw new InputError(`${where}.operation must be a string`);
}

/** The data of the parts besides IAM: lists of named items, or the support-policy usage and plan objects. */
function validatePartData(key: 'supportPolicyUsage' | 'cloudTrail' | 'eventBridge' | 'serviceControlPolicies' | 'supportPlan', data: unknown, where: string): void {
  if (key === 'supportPlan') {
    if (!isObject(data) || typeof data.level !== 'string') throw new InputError(`${where}.level must be a string`);
    return;
  }
  if (key === 'supportPolicyUsage') {
    if (!isObject(data) || typeof data.policyArn !== 'string') throw new InputError(`${where}.policyArn must be a string`);
    for (const list of ['roles', 'users', 'groups'] as const) {
      const items = data[list];
      if (!Array.isArray(items) || !items.every((x) => isObject(x) && typeof x.name === 'string')) throw new InputError(`${where}.${list} must be a list of {name}`);
    }
    return;
  }
  if (!Array.isArray(data)) throw new InputError(`${where} must be a list`);
  data.forEach((item: unknown, i: number) => {
    const at = `${where}[${i}]`;
    if (!isObject(item) || typeof item.name !== 'string') throw new InputError(`${at}.name must be a string`);
    if (key === 'serviceControlPolicies') {
      if (typeof item.id !== 'string') throw new InputError(`${at}.id must be a string`);
      if (!isObject(item.document)) throw new InputError(`${at}.document must be an object`);
      if (!Array.isArray(item.targets) || !item.targets.every((t) => typeof t === 'string')) throw new InputError(`${at}.targets must be a list of ids`);
    }
    if (key === 'eventBridge' && typeof item.state !== 'string') throw new InputError(`${at}.state must be a string`);
    if (key === 'cloudTrail' && typeof item.isMultiRegion !== 'boolean') throw new InputError(`${at}.isMultiRegion must be true or false`);
  });
}

const isCollected = (v: unknown): v is { status: 'ok'; data: unknown } | { status: 'failed'; error: unknown } =>
  isObject(v) && (v.status === 'ok' || (v.status === 'failed' && isObject(v.error)));

function validateMetrics(list: unknown, at: string): void {
  if (!Array.isArray(list)) throw new InputError(`${at} must be a list`);
  list.forEach((m: unknown, i) => {
    if (!isObject(m) || typeof m.name !== 'string' || typeof m.namespace !== 'string') throw new InputError(`${at}[${i}] must have a string name and namespace`);
  });
}

/** The CloudWatch part: log groups, each with its own collected metric filters and alarms (or none, when foreign). */
function validateSavedCloudWatch(data: unknown, where: string): void {
  if (!Array.isArray(data)) throw new InputError(`${where} must be a list`);
  data.forEach((g: unknown, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(g)) throw new InputError(`${at} must be an object`);
    for (const key of ['arn', 'name', 'region', 'accountId']) if (typeof g[key] !== 'string') throw new InputError(`${at}.${key} must be a string`);
    if (!Array.isArray(g.trails) || !g.trails.every((t) => typeof t === 'string')) throw new InputError(`${at}.trails must be a list of trail names`);
    for (const key of ['metricFilters', 'alarms'] as const) {
      const part = g[key];
      if (part === undefined) continue;
      if (!isCollected(part)) throw new InputError(`${at}.${key}.status must be "ok" or "failed" (with an error)`);
      if (part.status !== 'ok') continue;
      if (!Array.isArray(part.data)) throw new InputError(`${at}.${key}.data must be a list`);
      part.data.forEach((item: unknown, j) => {
        const itemAt = `${at}.${key}.data[${j}]`;
        if (!isObject(item) || typeof item.name !== 'string') throw new InputError(`${itemAt}.name must be a string`);
        validateMetrics(item.metrics, `${itemAt}.metrics`);
        if (key === 'metricFilters' && typeof item.pattern !== 'string') throw new InputError(`${itemAt}.pattern must be a string`);
        if (key === 'alarms' && typeof item.actionsEnabled !== 'boolean') throw new InputError(`${itemAt}.actionsEnabled must be true or false`);
        if (key === 'alarms' && !(Array.isArray(item.alarmActions) && item.alarmActions.every((a) => typeof a === 'string'))) throw new InputError(`${itemAt}.alarmActions must be a list of ARNs`);
      });
    }
  });
}

function validateSavedAccount(a: unknown, where: string): AccountSnapshot {
  if (!a || typeof a !== 'object') throw new InputError(`${where}: account entry must be an object`);
  const acc = a as Partial<AccountSnapshot>;
  if (acc.schemaVersion !== 1) throw new InputError(`${where}: unsupported snapshot schemaVersion ${JSON.stringify(acc.schemaVersion)} (this supportguard reads 1)`);
  if (typeof acc.accountId !== 'string' || !/^\d{12}$/.test(acc.accountId)) throw new InputError(`${where}: accountId must be 12 digits`);
  if (typeof acc.partition !== 'string' || !isPartition(acc.partition)) throw new InputError(`${where}: unknown partition ${JSON.stringify(acc.partition)}`);
  if (acc.accountName !== undefined && typeof acc.accountName !== 'string') throw new InputError(`${where}: accountName must be a string`);
  if (!isObject(acc.source) || typeof acc.source.kind !== 'string') throw new InputError(`${where}: source.kind must be a string`);
  if (acc.accountError !== undefined) validateCollectError(acc.accountError, `${where}: accountError`);
  for (const key of ['iam', 'supportPolicyUsage', 'cloudTrail', 'eventBridge', 'cloudWatch', 'serviceControlPolicies', 'supportPlan'] as const) {
    const part = acc[key] as { status?: unknown; error?: unknown; data?: unknown } | undefined;
    if (part === undefined) continue;
    if (part?.status !== 'ok' && part?.status !== 'failed') throw new InputError(`${where}: ${key}.status must be "ok" or "failed"`);
    // A failed part is reported as ERROR with its code and message: without them there is nothing to report.
    if (part.status === 'failed') validateCollectError(part.error, `${where}: ${key}.error`);
    else if (key !== 'iam' && key !== 'cloudWatch') validatePartData(key, part.data, `${where}: ${key}.data`);
  }
  if (acc.iam?.status === 'ok') validateSavedIam(acc.iam.data, `${where} iam.data`);
  if (acc.cloudWatch?.status === 'ok') validateSavedCloudWatch(acc.cloudWatch.data, `${where} cloudWatch.data`);
  if (acc.knownAccounts !== undefined) {
    const known = acc.knownAccounts as { accountIds?: unknown; organizationId?: unknown } | null;
    if (!known || !Array.isArray(known.accountIds) || !known.accountIds.every((id) => typeof id === 'string' && /^\d{12}$/.test(id))) {
      throw new InputError(`${where}: knownAccounts.accountIds must be a list of 12-digit account ids`);
    }
    if (known.organizationId !== undefined && typeof known.organizationId !== 'string') throw new InputError(`${where}: knownAccounts.organizationId must be a string`);
    const mgmt = (known as { managementAccountId?: unknown }).managementAccountId;
    if (mgmt !== undefined && !(typeof mgmt === 'string' && /^\d{12}$/.test(mgmt))) throw new InputError(`${where}: knownAccounts.managementAccountId must be 12 digits`);
  }
  return acc as AccountSnapshot;
}

/** Parses one JSON text into account snapshots, recognising the file by its shape. */
export function snapshotsFromJson(text: string, path: string): AccountSnapshot[] {
  let raw: unknown;
  try {
    // A caller that decoded the file itself may leave the UTF-8 byte-order mark in (JSON.parse refuses it).
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (raw && typeof raw === 'object' && (raw as { kind?: unknown }).kind === SNAPSHOT_KIND) {
    const file = raw as Partial<SnapshotFile>;
    if (file.schemaVersion !== 1) throw new InputError(`${path}: unsupported snapshot schemaVersion ${JSON.stringify(file.schemaVersion)}`);
    if (!Array.isArray(file.accounts)) throw new InputError(`${path}: accounts must be a list`);
    return file.accounts.map((a, i) => validateSavedAccount(a, `${path} accounts[${i}]`));
  }
  if (isAuthorizationDetails(raw)) {
    const fromName = basename(path).match(/(?<!\d)(\d{12})(?!\d)/)?.[1];
    return [snapshotFromAuthorizationDetails(raw, { kind: 'authorization-details', path }, { fallbackAccountId: fromName, consume: true })];
  }
  throw new InputError(
    `${path}: not an 'aws iam get-account-authorization-details' output or a supportguard snapshot (no RoleDetailList, UserDetailList, GroupDetailList or Policies)`,
  );
}

async function filesUnder(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new InputError(`${path}: no such file or folder`);
  }
  if (info.isFile()) return [path];
  if (!info.isDirectory()) throw new InputError(`${path}: not a file or folder`);
  return inputFilesUnder(path, { accept: (name) => name.toLowerCase().endsWith('.json') });
}

/**
 * The file's bytes, read in one call when its size is known. fs/promises readFile reads a regular file in
 * 512 KiB chunks, one thread-pool round trip each: ~3 ms of the ~11 ms it took to read the 9.5 MB bench export.
 * A file that reports no size (a pipe, /proc) is read the readFile way.
 */
async function readBytes(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return await handle.readFile();
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    // Up to the size stat reported, as readFile does; a file that shrank meanwhile ends at its new end.
    while (filled < size) {
      const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/**
 * Loads account snapshots from files and folders (folders are searched for `*.json`).
 * Each authorization-details file is one account; a saved snapshot file may hold many.
 * An account appearing twice is an error: one of the two verdicts would silently win.
 */
export async function loadSnapshots(paths: string[]): Promise<SnapshotSet> {
  if (paths.length === 0) throw new InputError('no input given: name a file or folder');
  const accounts: AccountSnapshot[] = [];
  const seen = new Map<string, string>();
  for (const p of paths) {
    const files = await filesUnder(p);
    const saved = files.length > 0 && files[0] !== p ? await savedFolder(p) : undefined;
    if (files.length === 0) throw new InputError(`${p}: folder holds no .json file`);
    for (const f of files) {
      let bytes: Buffer;
      try {
        bytes = await readBytes(f);
      } catch (e) {
        throw new InputError(`${f}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      checkSavedFile(saved, f, bytes);
      // UTF-8 with or without a BOM, and UTF-16 with one (Windows PowerShell 5.1's `>`), as `iac` reads them.
      const text = decodeInputText(bytes, f, "not an 'aws iam get-account-authorization-details' output or a supportguard snapshot");
      for (const acc of snapshotsFromJson(text, f)) {
        const other = seen.get(acc.accountId);
        if (other) throw new InputError(`account ${acc.accountId} appears twice (${other} and ${f})`);
        seen.set(acc.accountId, f);
        accounts.push(acc);
      }
    }
  }
  return { accounts };
}

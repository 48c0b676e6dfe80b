import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../errors.js';

/** The fields of a CloudTrail event record that the KPIs read (the rest is kept but not typed). */
export interface CloudTrailRecord {
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion?: string;
  recipientAccountId?: string;
  sourceIPAddress?: string;
  errorCode?: string;
  userIdentity?: {
    type?: string;
    arn?: string;
    accountId?: string;
    userName?: string;
    principalId?: string;
    /** The access key the call was signed with (for an assumed-role session, the key AssumeRole handed out). */
    accessKeyId?: string;
    /** SAMLUser: the IdP issuer (opaque); WebIdentityUser: the OIDC provider ARN or name. */
    identityProvider?: string;
    invokedBy?: string;
    sessionContext?: { sessionIssuer?: { type?: string; arn?: string; userName?: string; accountId?: string } };
  };
  requestParameters?: { roleArn?: string; roleSessionName?: string; principalArn?: string; [k: string]: unknown } | null;
  responseElements?: Record<string, unknown> | null;
}

function isRecord(x: unknown): x is CloudTrailRecord {
  const r = x as Partial<CloudTrailRecord>;
  return !!r && typeof r === 'object' && typeof r.eventTime === 'string' && typeof r.eventSource === 'string' && typeof r.eventName === 'string';
}

/**
 * Parses one CloudTrail log file as CloudTrail writes it to S3: `{"Records":[…]}`, gzipped or not.
 * Records without eventTime/eventSource/eventName are skipped (digest files have none).
 */
export function parseCloudTrailFile(content: Buffer, path: string): CloudTrailRecord[] {
  let text: string;
  try {
    // gzip magic number: CloudTrail delivers .json.gz, and people rename files.
    text = (content[0] === 0x1f && content[1] === 0x8b ? gunzipSync(content) : content).toString('utf8');
  } catch (e) {
    throw new InputError(`${path}: not a readable gzip file (${(e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const records = (raw as { Records?: unknown })?.Records;
  if (!Array.isArray(records)) throw new InputError(`${path}: not a CloudTrail log file (no "Records" list)`);
  return records.filter(isRecord);
}

async function filesUnder(path: string): Promise<string[]> {
  let s;
  try {
    s = await stat(path);
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (s.isFile()) return [path];
  const out: string[] = [];
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(path, entry.name);
    // Digest files (integrity validation) sit beside the logs in the S3 layout and hold no events.
    if (entry.name === 'CloudTrail-Digest' || /_CloudTrail-Digest_/.test(entry.name)) continue;
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (/\.json(\.gz)?$/i.test(entry.name)) out.push(full);
  }
  return out;
}

/**
 * Reads CloudTrail log files and folders (searched recursively for *.json and *.json.gz, as the S3 layout nests them).
 * A folder without any log file is an InputError, as `audit` treats a folder without snapshots.
 */
export async function readCloudTrailLogs(paths: readonly string[]): Promise<CloudTrailRecord[]> {
  const records: CloudTrailRecord[] = [];
  for (const p of paths) {
    const files = await filesUnder(p);
    // An empty folder (a wrong path, a sync that has not run) would otherwise report zero sessions and zero cases as fact.
    if (files.length === 0) throw new InputError(`${p}: folder holds no CloudTrail log file (.json or .json.gz)`);
    for (const file of files) {
      let content: Buffer;
      try {
        content = await readFile(file);
      } catch (e) {
        throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      records.push(...parseCloudTrailFile(content, file));
    }
  }
  return records;
}

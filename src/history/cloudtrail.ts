import { readFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../errors.js';
import { inputFilesUnder } from '../snapshot/files.js';

/**
 * The most one log file may inflate to. CloudTrail delivers a file every few minutes, a few MiB of JSON at most; a
 * small gzip that inflates past this is a bomb (1.5 MB took the process to 3.2 GB before this limit), not a log.
 */
export const MAX_CLOUDTRAIL_FILE_BYTES = 256 * 1024 * 1024;

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
    const gzip = content[0] === 0x1f && content[1] === 0x8b;
    if (!gzip && content.length > MAX_CLOUDTRAIL_FILE_BYTES) throw new RangeError('too large');
    text = (gzip ? gunzipSync(content, { maxOutputLength: MAX_CLOUDTRAIL_FILE_BYTES }) : content).toString('utf8');
  } catch (e) {
    if (e instanceof RangeError || (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new InputError(`${path}: larger than ${MAX_CLOUDTRAIL_FILE_BYTES / 1024 / 1024} MiB once inflated; not a CloudTrail log file (a gzip bomb?)`);
    }
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
  if (!s.isDirectory()) throw new InputError(`cannot read ${path}: not a file or folder`);
  // Digest files (integrity validation) sit beside the logs in the S3 layout and hold no events.
  return inputFilesUnder(path, {
    accept: (name) => /\.json(\.gz)?$/i.test(name) && !/_CloudTrail-Digest_/.test(name),
    skipFolder: (name) => name === 'CloudTrail-Digest',
  });
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

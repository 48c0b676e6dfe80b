import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError } from '../errors.js';
import { inputFilesUnder } from '../snapshot/files.js';
import type { AccountSnapshot, Partition } from '../snapshot/model.js';
import { buildIacSnapshot, PLACEHOLDER_ACCOUNT_ID } from './build.js';
import { isCloudFormationTemplate, readCloudFormation } from './cloudformation.js';
import type { IacDraft } from './draft.js';
import { terraformKind, readTerraformPlan } from './terraform-plan.js';
import { assertDepth, findJsonMember, isObject, LineIndex } from './text.js';
import { parseYamlTemplate } from './yaml-template.js';

/** Options of `supportguard iac` and `iacSnapshot`. */
export interface IacOptions {
  /** What `data.aws_partition` and `${AWS::Partition}` stand for when the files do not say. Default `aws`. */
  partition?: Partition;
  /** The account the code deploys to; default: the first account id a plan states, else 000000000000. */
  accountId?: string;
  /** CloudFormation parameter values (as `--parameter-overrides` at deploy); otherwise each parameter's Default. */
  parameters?: Record<string, string>;
}

/** Files larger than this are refused before parsing (a plan of thousands of resources stays far below). */
export const MAX_IAC_FILE_BYTES = 64 * 1024 * 1024;

const NOT_IAC = 'not a CloudFormation template or Terraform plan (expected AWSTemplateFormatVersion, Resources typed AWS::…, or `terraform show -json PLANFILE` output)';

/**
 * Reads one file's text into a draft, recognising the kind by content.
 * Every failure is an InputError naming the file: the CLI prints it as one line and exits 3.
 */
export function readIacText(text: string, file: string, opts: IacOptions = {}): IacDraft {
  const partition = opts.partition ?? 'aws';
  if (text.trim() === '') throw new InputError(`${file}: empty file; ${NOT_IAC}`);
  const ext = extname(file).toLowerCase();
  const looksJson = ext === '.json' || (ext !== '.yaml' && ext !== '.yml' && /^\s*[{[]/.test(text));
  if (looksJson) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      // V8 says "at position N" (Node 22 adds the line itself); give the line either way.
      const message = (e as Error).message;
      const position = Number(message.match(/at position (\d+)/)?.[1] ?? NaN);
      const at = Number.isFinite(position) ? `:${new LineIndex(text).position(position).line}` : '';
      throw new InputError(`${file}${at}: not valid JSON (${message})`);
    }
    assertDepth(raw, file);
    const tf = terraformKind(raw);
    if (tf === 'state' || tf === 'raw-state') {
      throw new InputError(`${file}: a Terraform state, not a plan; run \`terraform plan -out=tfplan && terraform show -json tfplan > plan.json\``);
    }
    if (tf === 'plan') return readTerraformPlan(raw as Record<string, unknown>, text, file);
    if (isCloudFormationTemplate(raw)) {
      // JSON keeps no positions: find each logical id after the "Resources" key.
      const lines = new LineIndex(text);
      const resourcesAt = findJsonMember(lines, 'Resources', undefined)?.offset ?? 0;
      const positions = new Map<string, { line: number; column: number }>();
      for (const id of Object.keys(isObject(raw.Resources) ? raw.Resources : {})) {
        const at = findJsonMember(lines, id, undefined, resourcesAt);
        if (at) positions.set(id, { line: at.line, column: at.column });
      }
      return readCloudFormation(raw, positions, file, { partition, accountId: opts.accountId, parameters: opts.parameters }, PLACEHOLDER_ACCOUNT_ID);
    }
    throw new InputError(`${file}: ${NOT_IAC}`);
  }
  const { value, resourcePositions } = parseYamlTemplate(text, file);
  if (isCloudFormationTemplate(value)) {
    return readCloudFormation(value, resourcePositions, file, { partition, accountId: opts.accountId, parameters: opts.parameters }, PLACEHOLDER_ACCOUNT_ID);
  }
  throw new InputError(`${file}: ${NOT_IAC}`);
}

/** Decodes a file as UTF-8 text, refusing binary content with a clear message. */
/** UTF-16 text, by its byte-order mark (editors on Windows save YAML that way): otherwise undefined. */
function utf16(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return undefined;
}

function decodeText(bytes: Buffer, file: string): string {
  const wide = utf16(bytes);
  if (wide !== undefined) return wide;
  if (bytes.includes(0)) throw new InputError(`${file}: binary file; ${NOT_IAC}`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new InputError(`${file}: not UTF-8 text; ${NOT_IAC}`);
  }
}

const CANDIDATE_EXTENSIONS = new Set(['.json', '.yaml', '.yml', '.template']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.terraform', 'cdk.out']);
/** In a folder, only files that mention these are read: a repository's other JSON and YAML (package.json, workflows) are not IaC. */
const IAC_MARKERS = ['AWSTemplateFormatVersion', 'AWS::', '"format_version"'];

function folderCandidates(dir: string): Promise<string[]> {
  return inputFilesUnder(dir, {
    accept: (name) => CANDIDATE_EXTENSIONS.has(extname(name).toLowerCase()),
    skipFolder: (name) => SKIPPED_DIRECTORIES.has(name) || name.startsWith('.'),
  });
}

async function readBytes(file: string, size: number): Promise<Buffer> {
  if (size > MAX_IAC_FILE_BYTES) throw new InputError(`${file}: larger than ${MAX_IAC_FILE_BYTES / 1024 / 1024} MiB; refusing it`);
  try {
    return await readFile(file);
  } catch (e) {
    throw new InputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * Reads every path (files, or folders searched for templates and plans) into drafts.
 * A file named explicitly must be IaC; in a folder, files that do not mention CloudFormation or a
 * plan are skipped, but one that does and cannot be read is an error (a gate never skips a broken template).
 */
export async function readIacPaths(paths: readonly string[], opts: IacOptions = {}): Promise<IacDraft[]> {
  const drafts: IacDraft[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new InputError(`${path}: no such file or folder`);
    }
    if (info.isFile()) {
      drafts.push(readIacText(decodeText(await readBytes(path, info.size), path), path, opts));
    } else if (info.isDirectory()) {
      let found = 0;
      for (const file of await folderCandidates(path)) {
        const bytes = await readBytes(file, (await stat(file)).size);
        // Markers are looked for in the text as the file's own encoding gives it (UTF-16 with a BOM included), and in
        // a Latin-1 reading of other bytes: a template saved in another encoding is IaC that cannot be read, which
        // fails the run below (decodeText), instead of being left out of the gate.
        const text = utf16(bytes) ?? (bytes.includes(0) ? '' : bytes.toString('latin1'));
        if (!IAC_MARKERS.some((m) => text.includes(m))) continue;
        drafts.push(readIacText(decodeText(bytes, file), file, opts));
        found++;
      }
      if (found === 0) throw new InputError(`${path}: no CloudFormation template or Terraform plan JSON found in this folder (*.json, *.yaml, *.yml, *.template)`);
    } else throw new InputError(`${path}: not a file or folder`);
  }
  return drafts;
}

/** Reads IaC files given together as one unit and returns its account snapshot. */
export async function iacSnapshot(paths: readonly string[], opts: IacOptions = {}): Promise<AccountSnapshot> {
  if (paths.length === 0) throw new InputError('no IaC paths given');
  const drafts = await readIacPaths(paths, opts);
  return buildIacSnapshot(drafts, { partition: opts.partition ?? 'aws', accountId: opts.accountId });
}

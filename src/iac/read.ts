import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError } from '../errors.js';
import { decodeInputText, utf16WithBom } from '../snapshot/encoding.js';
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
  /**
   * Told of each file a folder search read and left out because it is not a template or plan by its shape
   * (valid JSON or YAML that mentions `AWS::` without typed Resources, a Terraform state). Named files are refused instead.
   */
  onSkip?: (file: string, reason: string) => void;
}

/** Files larger than this are refused before parsing (a plan of thousands of resources stays far below). */
export const MAX_IAC_FILE_BYTES = 64 * 1024 * 1024;

const NOT_IAC_SHORT = 'not a CloudFormation template or Terraform plan';
const NOT_IAC = 'not a CloudFormation template or Terraform plan (expected AWSTemplateFormatVersion, Resources typed AWS::…, or `terraform show -json PLANFILE` output)';

/**
 * A file that parses (JSON or YAML) but has neither a template's nor a plan's shape: refused when named, skipped
 * (and listed) in a folder, where a Lambda's resource-type list or a workflow may mention `AWS::`.
 */
class NotIacError extends InputError {
  override name = 'InputError';
}

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
      throw new NotIacError(`${file}: a Terraform state, not a plan; run \`terraform plan -out=tfplan && terraform show -json tfplan > plan.json\``);
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
    throw new NotIacError(`${file}: ${NOT_IAC}`);
  }
  const { value, resourcePositions } = parseYamlTemplate(text, file);
  if (isCloudFormationTemplate(value)) {
    return readCloudFormation(value, resourcePositions, file, { partition, accountId: opts.accountId, parameters: opts.parameters }, PLACEHOLDER_ACCOUNT_ID);
  }
  throw new NotIacError(`${file}: ${NOT_IAC}`);
}

function decodeText(bytes: Buffer, file: string): string {
  return decodeInputText(bytes, file, NOT_IAC_SHORT);
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
        // fails the run below (decodeText), instead of being left out of the gate. Bytes with NUL in them that are
        // not UTF-16 with a BOM (UTF-16 without one, binary) cannot be searched at all: they fail the run here.
        const text = utf16WithBom(bytes) ?? (bytes.includes(0) ? decodeText(bytes, file) : bytes.toString('latin1'));
        if (!IAC_MARKERS.some((m) => text.includes(m))) continue;
        try {
          drafts.push(readIacText(decodeText(bytes, file), file, opts));
        } catch (e) {
          // Valid JSON or YAML of another shape is not IaC: skipped, and said. A broken template still fails the run.
          if (!(e instanceof NotIacError)) throw e;
          opts.onSkip?.(file, e.message.slice(file.length + 2));
          continue;
        }
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

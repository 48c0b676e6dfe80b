import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { InputError } from '../errors.js';
import { MAX_DEPTH } from './text.js';

/** CloudFormation's short-form tags and the long form each stands for. */
const SHORT_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

/**
 * Aliases a template may expand. yaml's own `maxAliasCount` guards `toJS`; this walker keeps positions,
 * so it counts expansions itself and refuses "billion laughs" documents the same way.
 */
const MAX_ALIAS_EXPANSIONS = 100;

/** A YAML template as plain JSON (intrinsics in their long form), plus the line of each top-level resource. */
export interface ParsedYamlTemplate {
  value: unknown;
  /** Logical id → 1-based line and column of its key under `Resources`. */
  resourcePositions: Map<string, { line: number; column: number }>;
}

/** Parses a CloudFormation YAML template with its short-form tags, keeping resource lines. */
export function parseYamlTemplate(text: string, file: string): ParsedYamlTemplate {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    // No custom tag handlers: unknown tags are kept on the nodes and mapped by the walker below.
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.2' });
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(`${file}: YAML nested too deeply to read`);
    throw new InputError(`${file}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const error = doc.errors[0];
  // yaml reports its own stack overflow as a document error rather than throwing it.
  if (error && /call stack/i.test(error.message)) throw new InputError(`${file}: YAML nested too deeply to read`);
  if (error) {
    const at = error.pos ? lineCounter.linePos(error.pos[0]) : undefined;
    throw new InputError(`${file}${at ? `:${at.line}` : ''}: not valid YAML (${error.message.split('\n')[0]})`);
  }
  let aliases = 0;
  const lineOf = (node: YamlNode | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);

  const walk = (node: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new InputError(`${file}: nested deeper than ${MAX_DEPTH} levels; refusing it`);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (++aliases > MAX_ALIAS_EXPANSIONS) {
        throw new InputError(`${file}: more than ${MAX_ALIAS_EXPANSIONS} YAML alias expansions (a "billion laughs" document?); refusing it`);
      }
      return walk(node.resolve(doc), depth + 1);
    }
    const yamlNode = node as YamlNode;
    const tag = yamlNode.tag;
    let value: unknown;
    if (isScalar(node)) value = node.value;
    else if (isSeq(node)) value = node.items.map((item) => walk(item, depth + 1));
    else if (isMap(node)) {
      const entries: [string, unknown][] = [];
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
          throw new InputError(`${file}:${lineOf(pair.key as YamlNode) ?? '?'}: a mapping key must be a plain value`);
        }
        entries.push([String(key), walk(pair.value, depth + 1)]);
      }
      // fromEntries defines own properties: a `__proto__` key stays data and never becomes a prototype.
      value = Object.fromEntries(entries);
    } else throw new InputError(`${file}: unexpected YAML node`);

    if (tag === undefined || tag.startsWith('tag:yaml.org,2002:')) return value;
    const long = SHORT_TAGS[tag];
    if (!long) throw new InputError(`${file}:${lineOf(yamlNode) ?? '?'}: unknown YAML tag ${tag} (not a CloudFormation intrinsic function)`);
    if (long === 'Fn::GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      return { [long]: dot > 0 ? [value.slice(0, dot), value.slice(dot + 1)] : [value] };
    }
    return { [long]: value };
  };

  let value: unknown;
  try {
    value = walk(doc.contents, 0);
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(`${file}: YAML nested too deeply to read`);
    throw e;
  }

  const resourcePositions = new Map<string, { line: number; column: number }>();
  if (isMap(doc.contents)) {
    const resources = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'Resources');
    if (resources && isMap(resources.value)) {
      for (const pair of resources.value.items) {
        if (isScalar(pair.key) && pair.key.range) {
          const pos = lineCounter.linePos(pair.key.range[0]);
          resourcePositions.set(String(pair.key.value), { line: pos.line, column: pos.col });
        }
      }
    }
  }
  return { value, resourcePositions };
}

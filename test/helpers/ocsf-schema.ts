import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A JSON Schema for one OCSF event class, compiled from the OCSF schema's own source files (vendored under
 * test/fixtures/schemas/ocsf, release 1.4.0), the way the OCSF schema server compiles them:
 * - a class or object inherits the attributes of what it `extends` (finding → base_event; resource_details →
 *   _resource → _entity → object), the child's definition of an attribute merged over the parent's;
 * - `$include` of a profile adds that profile's attributes, marked with the profile; `"profile": null` in a class
 *   un-marks one; a marked attribute exists only when the event applies the profile (`metadata.profiles`);
 * - the `datetime` profile adds `<name>_dt` (datetime_t) beside every timestamp_t attribute;
 * - each attribute's type, array-ness and enum come from the dictionary merged with the local definition; types
 *   resolve to their base (string, integer, number, boolean, any) with their regex, max_len and range;
 * - objects allow no attribute they do not define, except the generic `object` (e.g. `unmapped`); `constraints`
 *   (`at_least_one`, `just_one`) become anyOf/oneOf of required attributes; `requirement: required` is required;
 * - `class_uid`, `category_uid` and `type_uid` (class_uid × 100 + activity_id) are fixed for the class.
 * Not checked: `recommended` attributes, observables, deprecation, and sibling strings matching their enum caption.
 */
export const OCSF_SOURCE = join('test', 'fixtures', 'schemas', 'ocsf');

type Json = Record<string, unknown>;
interface AttributeDef extends Json {
  type?: string;
  is_array?: boolean;
  enum?: Record<string, unknown>;
  requirement?: string;
  profile?: string | null;
}
interface SourceEntity extends Json {
  name: string;
  uid?: number;
  extends?: string;
  category?: string;
  attributes?: Record<string, unknown>;
  constraints?: { at_least_one?: string[]; just_one?: string[] };
}

const read = (...parts: string[]): SourceEntity => JSON.parse(readFileSync(join(OCSF_SOURCE, ...parts), 'utf8')) as SourceEntity;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The OCSF compiler's merge: nested maps (enum, @deprecated) merge key by key; other values are replaced. */
function merge<T extends Json>(base: T, over: Json): T {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? merge(out[k] as Json, v) : v;
  return out as T;
}

/** An entity's own attributes with its `$include`d profiles expanded (the local definitions win). */
function ownAttributes(entity: SourceEntity): Record<string, AttributeDef> {
  const out: Record<string, AttributeDef> = {};
  const raw = entity.attributes ?? {};
  for (const file of (raw['$include'] as string[] | undefined) ?? []) {
    const profile = read(...file.split('/'));
    for (const [name, def] of Object.entries(profile.attributes ?? {})) out[name] = merge({ profile: profile.name }, def as Json);
  }
  for (const [name, def] of Object.entries(raw)) if (name !== '$include') out[name] = merge(out[name] ?? {}, def as Json);
  return out;
}

export class OcsfSchemaCompiler {
  private readonly dictionary = read('dictionary.json');
  private readonly types = (this.dictionary['types'] as { attributes: Record<string, Json> }).attributes;
  private readonly words = this.dictionary['attributes'] as Record<string, AttributeDef>;
  private readonly definitions: Record<string, Json> = {};

  constructor(private readonly profiles: ReadonlySet<string>) {}

  /** The JSON Schema (draft-07) of an event class, e.g. `compile('findings/detection_finding')`. */
  compile(classPath: string): Json {
    const chain = this.eventChain(classPath);
    const leaf = chain[chain.length - 1]!;
    const category = chain.map((e) => e.category).filter(Boolean).pop()!;
    const categoryUid = (read('categories.json')['attributes'] as Record<string, { uid: number }>)[category]!.uid;
    const classUid = categoryUid * 1000 + leaf.uid!;
    const attributes = chain.reduce<Record<string, AttributeDef>>((acc, e) => {
      for (const [name, def] of Object.entries(ownAttributes(e))) acc[name] = merge(acc[name] ?? {}, def);
      return acc;
    }, {});
    const schema = this.objectSchema(leaf, attributes);
    const properties = schema['properties'] as Record<string, Json>;
    const activities = Object.keys(this.resolved('activity_id', attributes['activity_id']!).enum ?? {}).map(Number);
    properties['class_uid'] = { type: 'integer', enum: [classUid] };
    properties['category_uid'] = { type: 'integer', enum: [categoryUid] };
    properties['type_uid'] = { type: 'integer', enum: activities.map((a) => classUid * 100 + a) };
    return { $schema: 'http://json-schema.org/draft-07/schema#', title: `OCSF 1.4.0 ${leaf.name} (${classUid})`, ...schema, definitions: this.definitions };
  }

  private eventChain(path: string): SourceEntity[] {
    const entity = read('events', ...`${path}.json`.split('/'));
    if (!entity.extends) return [entity];
    const parent = entity.extends === 'base_event' ? 'base_event' : `${path.split('/')[0]}/${entity.extends}`;
    return [...this.eventChain(parent), entity];
  }

  private objectAttributes(name: string): { entity: SourceEntity; attributes: Record<string, AttributeDef> } {
    const entity = read('objects', `${name}.json`);
    const parent = entity.extends ? this.objectAttributes(entity.extends) : undefined;
    const attributes = { ...parent?.attributes };
    for (const [attr, def] of Object.entries(ownAttributes(entity))) attributes[attr] = merge(attributes[attr] ?? {}, def);
    // Constraints are inherited too (resource_details must have a name or a uid, as every _entity).
    const constraints = entity.constraints ?? parent?.entity.constraints;
    return { entity: constraints ? { ...entity, constraints } : entity, attributes };
  }

  private resolved(name: string, local: AttributeDef): AttributeDef {
    const word = this.words[name];
    if (!word) throw new Error(`OCSF attribute ${name} is not in the dictionary`);
    return merge(word, local);
  }

  private objectSchema(entity: SourceEntity, attributes: Record<string, AttributeDef>): Json {
    const properties: Record<string, Json> = {};
    const required: string[] = [];
    const applies = (def: AttributeDef) => def.profile === undefined || def.profile === null || this.profiles.has(def.profile);
    for (const [name, local] of Object.entries(attributes)) {
      if (!applies(local)) continue;
      const def = this.resolved(name, local);
      properties[name] = this.attributeSchema(def);
      if (def.requirement === 'required') required.push(name);
      if (def.type === 'timestamp_t' && this.profiles.has('datetime') && !attributes[`${name}_dt`]) properties[`${name}_dt`] = this.typeSchema('datetime_t');
    }
    const schema: Json = { type: 'object', properties, additionalProperties: entity.name === 'object' };
    if (required.length) schema['required'] = required;
    const { at_least_one: atLeastOne, just_one: justOne } = entity.constraints ?? {};
    if (atLeastOne) schema['anyOf'] = atLeastOne.map((n) => ({ required: [n] }));
    if (justOne) schema['oneOf'] = justOne.map((n) => ({ required: [n] }));
    return schema;
  }

  private attributeSchema(def: AttributeDef): Json {
    const type = def.type!;
    let one: Json;
    if (type.endsWith('_t')) {
      one = this.typeSchema(type);
      if (def.enum) one = { ...one, enum: Object.keys(def.enum).map((k) => (one['type'] === 'integer' ? Number(k) : k)) };
    } else {
      one = { $ref: `#/definitions/${type}` };
      if (!(type in this.definitions)) {
        this.definitions[type] = {};
        const { entity, attributes } = this.objectAttributes(type);
        this.definitions[type] = this.objectSchema(entity, attributes);
      }
    }
    return def.is_array ? { type: 'array', items: one } : one;
  }

  private typeSchema(name: string): Json {
    const BASE: Record<string, Json> = { string_t: { type: 'string' }, integer_t: { type: 'integer' }, long_t: { type: 'integer' }, float_t: { type: 'number' }, boolean_t: { type: 'boolean' }, json_t: {} };
    if (BASE[name]) return { ...BASE[name] };
    const t = this.types[name];
    if (!t || typeof t['type'] !== 'string') throw new Error(`unknown OCSF type ${name}`);
    const out = this.typeSchema(t['type']);
    if (typeof t['regex'] === 'string') out['pattern'] = t['regex'];
    if (typeof t['max_len'] === 'number') out['maxLength'] = t['max_len'];
    if (Array.isArray(t['range'])) [out['minimum'], out['maximum']] = t['range'] as number[];
    return out;
  }
}

import { Document, Scalar, parse, visit, type Tags } from 'yaml';

/** A CloudFormation short-form intrinsic (`!Sub …`, `!Ref …`) as a YAML node. */
export function cfnTag(tag: '!Sub' | '!Ref' | '!GetAtt', value: string): Scalar {
  const s = new Scalar(value);
  s.tag = tag;
  return s;
}

/** Renders a CloudFormation template object as YAML, never folding long lines (ARNs, policies). */
export function toCfnYaml(template: Record<string, unknown>, header?: string): string {
  const doc = new Document(template);
  if (header) doc.commentBefore = header;
  // YAML 1.1 readers (CloudFormation's among them) may take an unquoted 2012-10-17 for a date.
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

const SHORT_FORMS = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Condition'];

/**
 * YAML tags for CloudFormation's short forms, resolving to the long (JSON) form so a parsed
 * template reads like `{ "Fn::Sub": "…" }`. Used to parse generated templates back in tests and tools.
 */
export const CFN_YAML_TAGS: Tags = [
  { tag: '!Ref', resolve: (v: string) => ({ Ref: v }) },
  { tag: '!GetAtt', resolve: (v: string) => ({ 'Fn::GetAtt': v.split('.') }) },
  ...SHORT_FORMS.flatMap((n) => {
    const name = n === 'Condition' ? 'Condition' : `Fn::${n}`;
    return [
      { tag: `!${n}`, resolve: (v: unknown) => ({ [name]: v }) },
      { tag: `!${n}`, collection: 'seq' as const, resolve: (v: unknown) => ({ [name]: (v as { toJSON(): unknown }).toJSON() }) },
      { tag: `!${n}`, collection: 'map' as const, resolve: (v: unknown) => ({ [name]: (v as { toJSON(): unknown }).toJSON() }) },
    ];
  }),
];

/** Parses CloudFormation YAML (short-form tags included) into plain JSON-shaped data. */
export function parseCfnYaml(text: string): unknown {
  return parse(text, { customTags: CFN_YAML_TAGS });
}

import { InputError } from '../errors.js';
import { isAwsSupportAccessArn } from '../snapshot/arn.js';
import type { PolicyDocument, SourceLocationRef } from '../snapshot/model.js';
import { decodePolicyDocument } from '../snapshot/policy-document.js';
import { emptyDraft, type IacDraft, type IacReadOptions, type PolicyArnValue, type PrincipalKind, type PrincipalRef } from './draft.js';
import { isObject } from './text.js';

type Json = Record<string, unknown>;

/** A value CloudFormation knows only when the stack is deployed. `text` keeps what is known (e.g. a `!Sub` with one unknown part). */
export class Unknown {
  constructor(
    readonly reason: string,
    readonly text?: string,
  ) {}
}

/** `AWS::NoValue`: the property or list element disappears. */
const NO_VALUE = Symbol('AWS::NoValue');

/** True when a parsed template looks like CloudFormation: AWSTemplateFormatVersion, or Resources typed `AWS::…`. */
export function isCloudFormationTemplate(raw: unknown): raw is Json {
  if (!isObject(raw)) return false;
  if ('AWSTemplateFormatVersion' in raw) return true;
  return isObject(raw.Resources) && Object.values(raw.Resources).some((r) => isObject(r) && typeof r.Type === 'string' && r.Type.startsWith('AWS::'));
}

const IAM_TYPES = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy', 'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy']);

/** The property that names each IAM resource (a Map: a template's Type can be any string, even `__proto__`). */
const NAME_PROPERTY = new Map([
  ['AWS::IAM::Role', 'RoleName'],
  ['AWS::IAM::User', 'UserName'],
  ['AWS::IAM::Group', 'GroupName'],
  ['AWS::IAM::ManagedPolicy', 'ManagedPolicyName'],
]);
const ARN_KIND = new Map([
  ['AWS::IAM::Role', 'role'],
  ['AWS::IAM::User', 'user'],
  ['AWS::IAM::Group', 'group'],
  ['AWS::IAM::ManagedPolicy', 'policy'],
]);

/** Options for CloudFormation: parameter values override Defaults (as `--parameter-overrides` would at deploy). */
export interface CloudFormationOptions extends IacReadOptions {
  parameters?: Record<string, string>;
}

/**
 * Reads a CloudFormation template (already parsed; intrinsics in long form) into a draft.
 *
 * Pseudo parameters: `AWS::Partition` is the chosen partition, `AWS::AccountId` the chosen account id
 * (or the placeholder account), `AWS::URLSuffix` follows the partition; others are unknown. A parameter
 * takes its override, else its Default, else it is unknown. `Fn::If` on a condition that cannot be
 * decided yields both branches only when they agree; otherwise the value is unknown, never a guess.
 */
export function readCloudFormation(template: Json, positions: Map<string, { line: number; column: number }>, file: string, opts: CloudFormationOptions, placeholderAccountId: string): IacDraft {
  const draft = emptyDraft(file, 'cloudformation');
  const resources = isObject(template.Resources) ? template.Resources : {};
  if (template.Resources !== undefined && !isObject(template.Resources)) throw new InputError(`${file}: Resources must be a mapping`);
  const parameters = isObject(template.Parameters) ? template.Parameters : {};
  const conditions = isObject(template.Conditions) ? template.Conditions : {};
  const mappings = isObject(template.Mappings) ? template.Mappings : {};
  const partition = opts.partition;
  const accountId = opts.accountId ?? placeholderAccountId;
  const locate = (id: string): SourceLocationRef => {
    const p = positions.get(id);
    return p ? { file, line: p.line, column: p.column } : { file };
  };
  const typeOf = (id: string) => (isObject(resources[id]) ? String((resources[id] as Json).Type ?? '') : undefined);
  const props = (id: string): Json => {
    const r = resources[id];
    return isObject(r) && isObject(r.Properties) ? r.Properties : {};
  };

  // Names and ARNs of the IAM resources, as Ref and GetAtt return them. A resource without an explicit
  // name gets a generated one (`stack-LogicalId-RANDOM`): the logical id stands in for it.
  // A name or path that refers back to its own resource (`RoleName: !Ref Role`) would recurse forever; CloudFormation
  // rejects it as a circular dependency, and so do we, in one line.
  const naming = new Set<string>();
  const guarded = <T>(id: string, what: string, f: () => T): T => {
    const key = `${what} ${id}`;
    if (naming.has(key)) throw new InputError(`${file}: the ${what} of ${id} refers to ${id} itself (a circular Ref or GetAtt, which CloudFormation rejects)`);
    naming.add(key);
    try {
      return f();
    } finally {
      naming.delete(key);
    }
  };
  const nameOf = (id: string): string | Unknown =>
    guarded(id, 'name', () => {
      const key = NAME_PROPERTY.get(typeOf(id) ?? '');
      const explicit = key ? props(id)[key] : undefined;
      if (explicit === undefined) return id;
      const v = resolve(explicit, 0);
      return typeof v === 'string' ? v : v instanceof Unknown ? v : id;
    });
  const pathOf = (id: string): string =>
    guarded(id, 'path', () => {
      const v = resolve(props(id).Path, 0);
      return typeof v === 'string' ? v : '/';
    });
  const arnOf = (id: string): string | Unknown => {
    const kind = ARN_KIND.get(typeOf(id) ?? '');
    if (!kind) return new Unknown(`the ARN of ${id} (${typeOf(id)})`);
    const name = nameOf(id);
    if (name instanceof Unknown) return name;
    return `arn:${partition}:iam::${accountId}:${kind}${pathOf(id)}${name}`;
  };

  const pseudo = (name: string): unknown => {
    switch (name) {
      case 'AWS::Partition':
        return partition;
      case 'AWS::AccountId':
        return accountId;
      case 'AWS::URLSuffix':
        return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        return new Unknown(`${name} is known only at deploy`);
    }
  };

  const ref = (name: string): unknown => {
    if (name.startsWith('AWS::')) return pseudo(name);
    if (Object.hasOwn(parameters, name)) {
      if (opts.parameters && Object.hasOwn(opts.parameters, name)) return opts.parameters[name];
      const p = parameters[name];
      const def = isObject(p) ? p.Default : undefined;
      if (def === undefined) return new Unknown(`parameter ${name} has no Default`);
      const type = isObject(p) ? String(p.Type ?? '') : '';
      if (type === 'CommaDelimitedList' || type.startsWith('List<')) return typeof def === 'string' ? def.split(',').map((s) => s.trim()) : def;
      return typeof def === 'number' ? String(def) : def;
    }
    if (Object.hasOwn(resources, name)) {
      const type = typeOf(name);
      if (type === 'AWS::IAM::ManagedPolicy') return arnOf(name);
      if (type === 'AWS::IAM::Role' || type === 'AWS::IAM::User' || type === 'AWS::IAM::Group') return nameOf(name);
      return new Unknown(`Ref ${name} (${type}) is known only at deploy`);
    }
    throw new InputError(`${file}: Ref to ${name}, which is neither a parameter nor a resource of this template`);
  };

  const getAtt = (args: unknown): unknown => {
    const [id, attr] = Array.isArray(args) ? args : typeof args === 'string' ? args.split('.', 2) : [];
    if (typeof id !== 'string' || typeof attr !== 'string') throw new InputError(`${file}: Fn::GetAtt needs a resource and an attribute`);
    if (!Object.hasOwn(resources, id)) throw new InputError(`${file}: Fn::GetAtt on ${id}, which is not a resource of this template`);
    if (attr === 'Arn' || attr === 'PolicyArn') return arnOf(id);
    return new Unknown(`${id}.${attr} is known only at deploy`);
  };

  const conditionCache = new Map<string, boolean | undefined>();
  const evaluating = new Set<string>();
  const condition = (name: string, depth: number): boolean | undefined => {
    if (conditionCache.has(name)) return conditionCache.get(name);
    if (!Object.hasOwn(conditions, name)) throw new InputError(`${file}: condition ${name} is not defined under Conditions`);
    if (evaluating.has(name)) throw new InputError(`${file}: condition ${name} refers to itself`);
    evaluating.add(name);
    const result = conditionValue(conditions[name], depth + 1);
    evaluating.delete(name);
    conditionCache.set(name, result);
    return result;
  };
  const conditionValue = (expr: unknown, depth: number): boolean | undefined => {
    if (depth > 100) throw new InputError(`${file}: conditions nested too deeply`);
    if (!isObject(expr)) return typeof expr === 'boolean' ? expr : undefined;
    const [fn, arg] = Object.entries(expr)[0] ?? [];
    const args = Array.isArray(arg) ? arg : [];
    switch (fn) {
      case 'Condition':
        return condition(String(arg), depth);
      case 'Fn::Equals': {
        const [a, b] = args.map((x) => resolve(x, depth + 1));
        if (a instanceof Unknown || b instanceof Unknown || a === undefined || b === undefined) return undefined;
        return JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
      }
      case 'Fn::Not': {
        const v = conditionValue(args[0], depth + 1);
        return v === undefined ? undefined : !v;
      }
      case 'Fn::And': {
        const vs = args.map((x) => conditionValue(x, depth + 1));
        return vs.includes(false) ? false : vs.includes(undefined) ? undefined : true;
      }
      case 'Fn::Or': {
        const vs = args.map((x) => conditionValue(x, depth + 1));
        return vs.includes(true) ? true : vs.includes(undefined) ? undefined : false;
      }
      default:
        return undefined;
    }
  };

  const textOf = (v: unknown): string => (v instanceof Unknown ? (v.text ?? `\${unknown: ${v.reason}}`) : typeof v === 'string' ? v : JSON.stringify(v));

  const sub = (arg: unknown, depth: number): unknown => {
    const [template, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, {}];
    if (typeof template !== 'string') throw new InputError(`${file}: Fn::Sub needs a string`);
    const variables = isObject(vars) ? vars : {};
    const unknown: string[] = [];
    const text = template.replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      const v = Object.hasOwn(variables, name) ? resolve(variables[name], depth + 1) : name.includes('.') && !name.startsWith('AWS::') ? getAtt(name.split('.', 2)) : ref(name);
      if (v instanceof Unknown) {
        unknown.push(v.reason);
        return v.text ?? whole;
      }
      return typeof v === 'string' || typeof v === 'number' ? String(v) : whole;
    });
    return unknown.length ? new Unknown(unknown.join('; '), text) : text;
  };

  const intrinsic = (fn: string, arg: unknown, depth: number): unknown => {
    const args = Array.isArray(arg) ? arg : [arg];
    switch (fn) {
      case 'Ref':
        return ref(String(arg));
      case 'Fn::GetAtt':
        return getAtt(arg);
      case 'Fn::Sub':
        return sub(arg, depth);
      case 'Fn::Join': {
        const [delimiter, list] = args;
        const items = resolve(list, depth + 1);
        if (items instanceof Unknown) return items;
        if (!Array.isArray(items)) throw new InputError(`${file}: Fn::Join needs a list`);
        const unknowns = items.filter((x): x is Unknown => x instanceof Unknown);
        const text = items.map(textOf).join(String(delimiter ?? ''));
        return unknowns.length ? new Unknown(unknowns.map((u) => u.reason).join('; '), text) : text;
      }
      case 'Fn::If': {
        const [name, yes, no] = args;
        const c = condition(String(name), depth);
        if (c === true) return resolve(yes, depth + 1);
        if (c === false) return resolve(no, depth + 1);
        const a = resolve(yes, depth + 1);
        const b = resolve(no, depth + 1);
        // Both branches considered: only a value both agree on is known.
        if (!(a instanceof Unknown) && JSON.stringify(a) === JSON.stringify(b) && a !== NO_VALUE) return a;
        return new Unknown(`depends on condition ${String(name)}, which cannot be decided before deploy`);
      }
      case 'Fn::Select': {
        const [index, list] = args.map((x) => resolve(x, depth + 1));
        if (index instanceof Unknown) return index;
        if (list instanceof Unknown) return list;
        if (!Array.isArray(list)) throw new InputError(`${file}: Fn::Select needs a list`);
        return list[Number(index)] ?? new Unknown(`Fn::Select index ${String(index)} is out of range`);
      }
      case 'Fn::Split': {
        const [delimiter, source] = args.map((x) => resolve(x, depth + 1));
        if (source instanceof Unknown) return source;
        return typeof source === 'string' ? source.split(String(delimiter)) : new Unknown('Fn::Split of a non-string');
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = args.map((x) => resolve(x, depth + 1));
        if ([map, top, second].some((x) => x instanceof Unknown)) return new Unknown(`Fn::FindInMap ${args.map(textOf).join('/')} depends on values known only at deploy`);
        const m = Object.hasOwn(mappings, String(map)) ? mappings[String(map)] : undefined;
        const t = isObject(m) && Object.hasOwn(m, String(top)) ? m[String(top)] : undefined;
        const v = isObject(t) && Object.hasOwn(t, String(second)) ? t[String(second)] : undefined;
        if (v === undefined) throw new InputError(`${file}: Fn::FindInMap ${String(map)}/${String(top)}/${String(second)} is not in Mappings`);
        return resolve(v, depth + 1);
      }
      case 'Fn::ImportValue': {
        const name = resolve(arg, depth + 1);
        return new Unknown(`Fn::ImportValue ${textOf(name)} comes from another stack`);
      }
      default:
        return new Unknown(`${fn} is evaluated only at deploy`);
    }
  };

  const resolve = (v: unknown, depth: number): unknown => {
    if (depth > 150) throw new InputError(`${file}: intrinsic functions nested too deeply`);
    if (Array.isArray(v)) return v.map((x) => resolve(x, depth + 1)).filter((x) => x !== NO_VALUE);
    if (!isObject(v)) return v;
    const keys = Object.keys(v);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) return intrinsic(keys[0]!, v[keys[0]!], depth);
    return Object.fromEntries(
      Object.entries(v)
        .map(([k, x]) => [k, resolve(x, depth + 1)] as const)
        .filter(([, x]) => x !== NO_VALUE),
    );
  };

  /**
   * `!If [cond, {statement}, !Ref AWS::NoValue]` as an element of Statement, on a condition that cannot be decided
   * before deploy (the AWS Security Reference Architecture templates do this): the statement *may be present*. Each
   * branch that is a statement is kept, under one more condition key the snapshot cannot know,
   * `cloudformation:Condition/<name>` ("true" for the first branch, "false" for the second), so the policy engine
   * judges both branches as it judges any unknown condition: an Allow allows "when" it holds, a Deny "may block"
   * (INFO), and a trust statement that may admit someone is judged as if it does.
   */
  const conditionalStatements = (v: unknown): unknown => {
    if (!isObject(v) || !Array.isArray(v.Statement)) return v;
    const statements = v.Statement.flatMap((s: unknown): unknown[] => {
      const branches = isObject(s) && Object.keys(s).length === 1 && Array.isArray(s['Fn::If']) ? (s['Fn::If'] as unknown[]) : undefined;
      if (!branches || branches.length !== 3 || condition(String(branches[0]), 0) !== undefined) return [s];
      const key = `cloudformation:Condition/${String(branches[0])}`;
      return [branches[1], branches[2]].flatMap((branch, i): unknown[] => {
        if (isObject(branch) && branch.Ref === 'AWS::NoValue') return [];
        // Only a literal statement can carry the extra condition; anything else stays unknown, as before.
        if (!isObject(branch) || Object.keys(branch).some((k) => k === 'Ref' || k.startsWith('Fn::'))) return [s];
        const own = isObject(branch.Condition) ? branch.Condition : {};
        const bool = isObject(own.Bool) ? own.Bool : {};
        return [{ ...branch, Condition: { ...own, Bool: { ...bool, [key]: i === 0 ? 'true' : 'false' } } }];
      });
    });
    return { ...v, Statement: statements };
  };

  /** A policy document with unknown parts kept as readable placeholders for the quality checks. */
  const toDocument = (v: unknown, where: string): PolicyDocument | undefined => {
    if (v === undefined) return undefined;
    const materialise = (x: unknown): unknown =>
      x instanceof Unknown ? textOf(x) : Array.isArray(x) ? x.map(materialise) : isObject(x) ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, materialise(y)])) : x;
    const resolved = resolve(conditionalStatements(v), 0);
    if (resolved instanceof Unknown && resolved.text === undefined) return undefined;
    return decodePolicyDocument(materialise(resolved), `${file}: ${where}`);
  };

  const policyArns = (id: string, attribute: string, value: unknown): PolicyArnValue[] => {
    if (value === undefined) return [];
    const raw = Array.isArray(value) ? value : [value];
    const resolved = resolve(value, 0);
    const list = resolved instanceof Unknown ? [resolved] : Array.isArray(resolved) ? resolved : [resolved];
    return list.map((item, i) => {
      // A Ref to a ManagedPolicy in this template: a customer-managed policy, whatever its name.
      const r = raw[i];
      if (!(resolved instanceof Unknown) && isObject(r) && typeof r.Ref === 'string' && typeOf(r.Ref) === 'AWS::IAM::ManagedPolicy') return { policyKey: r.Ref };
      if (typeof item === 'string') return { arn: item };
      const reason = item instanceof Unknown ? item.reason : `not a string (${JSON.stringify(item)})`;
      draft.unresolved.push({ address: id, attribute: resolved instanceof Unknown ? attribute : `${attribute}[${i}]`, reason, location: locate(id) });
      return { unknown: reason };
    });
  };

  const principalRefs = (id: string, attribute: string, value: unknown): PrincipalRef[] => {
    if (value === undefined) return [];
    const raw = Array.isArray(value) ? value : [value];
    const resolved = resolve(value, 0);
    if (resolved instanceof Unknown) {
      draft.unresolved.push({ address: id, attribute, reason: resolved.reason, location: locate(id) });
      return [];
    }
    const list = Array.isArray(resolved) ? resolved : [resolved];
    return list.flatMap((item, i): PrincipalRef[] => {
      const r = raw[i];
      const key = isObject(r) && typeof r.Ref === 'string' && Object.hasOwn(resources, r.Ref) ? r.Ref : undefined;
      if (typeof item === 'string') return [key ? { key, name: item } : { name: item }];
      if (key) return [{ key }];
      draft.unresolved.push({ address: id, attribute: `${attribute}[${i}]`, reason: item instanceof Unknown ? item.reason : 'not a name', location: locate(id) });
      return [];
    });
  };

  const inlinePolicies = (id: string, value: unknown) => {
    if (!Array.isArray(value)) return [];
    return value.flatMap((p, i) => {
      if (!isObject(p)) return [];
      const name = resolve(p.PolicyName, 0);
      const doc = toDocument(p.PolicyDocument, `${id}.Policies[${i}]`);
      return doc ? [{ name: typeof name === 'string' ? name : `${id}-policy-${i}`, document: doc }] : [];
    });
  };

  /** A role, user or group whose ManagedPolicyArns may hold AWSSupportAccess (or cannot be read before deploy). */
  const mayCarrySupportAccess = (type: string, id: string): boolean => {
    if (type !== 'AWS::IAM::Role' && type !== 'AWS::IAM::User' && type !== 'AWS::IAM::Group') return false;
    const arns = resolve(props(id).ManagedPolicyArns, 0);
    if (arns === undefined) return false;
    if (!Array.isArray(arns)) return true;
    return arns.some((a) => (typeof a === 'string' ? isAwsSupportAccessArn(a) : true));
  };

  for (const [id, resource] of Object.entries(resources)) {
    if (id.startsWith('Fn::ForEach::')) {
      // AWS::LanguageExtensions loops are expanded by CloudFormation at deploy; what they create is not read.
      draft.unresolved.push({ address: id, attribute: 'Resources', reason: 'Fn::ForEach is expanded only at deploy; the resources it makes were not read', location: locate(id) });
      continue;
    }
    if (!isObject(resource)) throw new InputError(`${file}: resource ${id} must be a mapping`);
    const type = typeof resource.Type === 'string' ? resource.Type : '';
    if (!IAM_TYPES.has(type)) continue;
    const location = locate(id);
    if (typeof resource.Condition === 'string') {
      const c = condition(resource.Condition, 0);
      if (c === false) continue;
      if (c === undefined) {
        // Created only sometimes: counting it could pass an account whose deploy skips it. Said only of a resource
        // that may carry AWSSupportAccess: a conditional role with events:PutEvents decides nothing about the control.
        if (mayCarrySupportAccess(type, id)) draft.unresolved.push({ address: id, attribute: 'Condition', reason: `created only when condition ${resource.Condition} holds, which cannot be decided before deploy`, location });
        continue;
      }
    }
    const p = props(id);
    const name = nameOf(id);
    const nameText = typeof name === 'string' ? name : id;
    switch (type) {
      case 'AWS::IAM::Role':
      case 'AWS::IAM::User':
      case 'AWS::IAM::Group': {
        const kind: PrincipalKind = type === 'AWS::IAM::Role' ? 'role' : type === 'AWS::IAM::User' ? 'user' : 'group';
        const tags = resolve(p.Tags, 0);
        const boundary = resolve(p.PermissionsBoundary, 0);
        if (boundary instanceof Unknown) draft.unresolved.push({ address: id, attribute: 'PermissionsBoundary', reason: boundary.reason, location });
        draft.principals.push({
          kind,
          key: id,
          name: nameText,
          path: pathOf(id),
          trustPolicy: kind === 'role' ? (toDocument(p.AssumeRolePolicyDocument, `${id}.AssumeRolePolicyDocument`) ?? null) : undefined,
          // CloudFormation's ManagedPolicyArns is not exclusive: attachments made by other resources stay.
          managedPolicyArns: policyArns(id, 'ManagedPolicyArns', p.ManagedPolicyArns).filter((a) => !('unknown' in a)),
          managedPolicyArnsExclusive: false,
          inlinePolicies: inlinePolicies(id, p.Policies),
          permissionsBoundaryArn: typeof boundary === 'string' ? boundary : undefined,
          tags: Object.fromEntries(
            (Array.isArray(tags) ? tags : []).filter(isObject).map((t) => [String(t.Key), textOf(t.Value)] as [string, string]),
          ),
          description: typeof p.Description === 'string' ? p.Description : undefined,
          maxSessionDurationSeconds: typeof p.MaxSessionDuration === 'number' ? p.MaxSessionDuration : undefined,
          location,
        });
        break;
      }
      case 'AWS::IAM::ManagedPolicy': {
        draft.policies.push({ key: id, name: nameText, path: pathOf(id), document: toDocument(p.PolicyDocument, `${id}.PolicyDocument`), location });
        for (const [attribute, kind] of [['Roles', 'role'], ['Users', 'user'], ['Groups', 'group']] as const) {
          for (const principal of principalRefs(id, attribute, p[attribute])) draft.attachments.push({ key: id, attribute, kind, principal, policyArn: { policyKey: id }, location });
        }
        break;
      }
      case 'AWS::IAM::Policy': {
        const doc = toDocument(p.PolicyDocument, `${id}.PolicyDocument`);
        const policyName = resolve(p.PolicyName, 0);
        for (const [attribute, kind] of [['Roles', 'role'], ['Users', 'user'], ['Groups', 'group']] as const) {
          for (const principal of principalRefs(id, attribute, p[attribute])) {
            if (doc) draft.inlines.push({ key: id, kind, principal, name: typeof policyName === 'string' ? policyName : id, document: doc });
          }
        }
        break;
      }
      case 'AWS::IAM::RolePolicy':
      case 'AWS::IAM::UserPolicy':
      case 'AWS::IAM::GroupPolicy': {
        const kind: PrincipalKind = type === 'AWS::IAM::RolePolicy' ? 'role' : type === 'AWS::IAM::UserPolicy' ? 'user' : 'group';
        const attribute = kind === 'role' ? 'RoleName' : kind === 'user' ? 'UserName' : 'GroupName';
        const doc = toDocument(p.PolicyDocument, `${id}.PolicyDocument`);
        const policyName = resolve(p.PolicyName, 0);
        for (const principal of principalRefs(id, attribute, p[attribute])) {
          if (doc) draft.inlines.push({ key: id, kind, principal, name: typeof policyName === 'string' ? policyName : id, document: doc });
        }
        break;
      }
    }
  }
  return draft;
}

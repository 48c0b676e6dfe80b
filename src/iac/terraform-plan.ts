import { InputError } from '../errors.js';
import { accountIdOf, isAwsSupportAccessArn, isPartition, parseArn } from '../snapshot/arn.js';
import type { IacRemoval, PolicyDocument, SourceLocationRef } from '../snapshot/model.js';
import { decodePolicyDocument } from '../snapshot/policy-document.js';
import { emptyDraft, mayBeSupportAccess, type IacDraft, type PolicyArnValue, type PrincipalKind, type PrincipalRef } from './draft.js';
import { addressPositions, isObject, LineIndex } from './text.js';

type Json = Record<string, unknown>;

/**
 * Plan JSON formats this reader understands, by the Terraform releases that write them. 0.1 and 0.2 differ from 1.x
 * only in what is not read here (sensitive markers, relevant_attributes, timestamp, applyable…): planned_values,
 * resource_changes, prior_state and configuration references have the same layout (Terraform's JSON output docs).
 */
const FORMAT_ERAS: [RegExp, string][] = [
  [/^0\.1$/, 'Terraform 0.12 to 0.14'],
  [/^0\.2$/, 'Terraform 0.15 to 1.0.x'],
  [/^1(\.\d+)*$/, 'Terraform 1.1 and later'],
];

/** `plan JSON format 0.2 (Terraform 0.15 to 1.0.x)`; for a format not known here, the release the file names. */
function describeFormat(version: string, terraformVersion: unknown): string {
  const era = FORMAT_ERAS.find(([pattern]) => pattern.test(version))?.[1];
  const written = era ?? (typeof terraformVersion === 'string' ? `written by Terraform ${terraformVersion}` : undefined);
  return `plan JSON format ${version}${written ? ` (${written})` : ''}`;
}

/** What a parsed JSON value is, as far as Terraform goes. */
export function terraformKind(raw: unknown): 'plan' | 'state' | 'raw-state' | undefined {
  if (!isObject(raw)) return undefined;
  if ('format_version' in raw && ('planned_values' in raw || 'resource_changes' in raw)) return 'plan';
  if ('format_version' in raw && 'terraform_version' in raw && ('values' in raw || Object.keys(raw).length <= 2)) return 'state';
  if (typeof raw.version === 'number' && 'lineage' in raw && 'resources' in raw) return 'raw-state';
  return undefined;
}

interface PlannedResource {
  address: string;
  type: string;
  name: string;
  index?: unknown;
  /** The module instance address (`module.a[0].module.b`), '' for the root module. */
  moduleAddress: string;
  values: Json;
}

/** `module.a[0].module.b["x"]` → `module.a.module.b`: configuration is per module, not per instance. */
function stripInstanceKeys(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '');
}

function resourcesOf(module: unknown, moduleAddress: string, out: PlannedResource[], depth = 0): PlannedResource[] {
  if (!isObject(module)) return out;
  if (depth > 50) throw new InputError('Terraform modules nested deeper than 50 levels');
  const resources = Array.isArray(module.resources) ? module.resources : [];
  for (const r of resources) {
    if (!isObject(r) || r.mode !== 'managed' || typeof r.address !== 'string' || typeof r.type !== 'string') continue;
    out.push({ address: r.address, type: r.type, name: String(r.name ?? ''), index: r.index, moduleAddress, values: isObject(r.values) ? r.values : {} });
  }
  const children = Array.isArray(module.child_modules) ? module.child_modules : [];
  for (const c of children) if (isObject(c)) resourcesOf(c, typeof c.address === 'string' ? c.address : moduleAddress, out, depth + 1);
  return out;
}

function dataSourcesOf(module: unknown, out: Json[], depth = 0): Json[] {
  if (!isObject(module) || depth > 50) return out;
  for (const r of Array.isArray(module.resources) ? module.resources : []) if (isObject(r) && r.mode === 'data') out.push(r);
  for (const c of Array.isArray(module.child_modules) ? module.child_modules : []) dataSourcesOf(c, out, depth + 1);
  return out;
}

/** Configuration expressions by configuration address (`module.a.aws_iam_role.x`). */
function configurationOf(module: unknown, prefix: string, out: Map<string, Json>, depth = 0): Map<string, Json> {
  if (!isObject(module) || depth > 50) return out;
  for (const r of Array.isArray(module.resources) ? module.resources : []) {
    if (isObject(r) && typeof r.address === 'string') out.set(prefix + r.address, isObject(r.expressions) ? r.expressions : {});
  }
  if (isObject(module.module_calls)) {
    for (const [name, call] of Object.entries(module.module_calls)) {
      if (isObject(call)) configurationOf(call.module, `${prefix}module.${name}.`, out, depth + 1);
    }
  }
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Reads `terraform show -json PLANFILE` output into a draft. The plan's own values decide partition and
 * account; when it states none, the snapshot builder applies `--partition` / `--account-id`.
 */
export function readTerraformPlan(raw: Json, text: string, file: string): IacDraft {
  const version = raw.format_version;
  if (typeof version !== 'string' || !/^\d+(\.\d+)*$/.test(version)) {
    throw new InputError(`${file}: Terraform plan format_version ${JSON.stringify(version)} is not a version number`);
  }
  if (!FORMAT_ERAS.some(([pattern]) => pattern.test(version))) {
    throw new InputError(
      `${file}: Terraform ${describeFormat(version, raw.terraform_version)} is not supported; this supportguard reads plan JSON formats 0.1, 0.2 (Terraform 0.12 to 1.0.x) and 1.x (Terraform 1.1 and later); its layout may differ`,
    );
  }
  const draft = emptyDraft(file, 'terraform');
  const positions = addressPositions(new LineIndex(text));
  const locate = (address: string): SourceLocationRef => {
    const at = positions.get(address);
    return at ? { file, line: at.line, column: at.column } : { file };
  };

  const planned = isObject(raw.planned_values) ? resourcesOf(raw.planned_values.root_module, '', []) : [];
  const changes = new Map<string, Json>();
  for (const rc of Array.isArray(raw.resource_changes) ? raw.resource_changes : []) {
    if (isObject(rc) && typeof rc.address === 'string' && isObject(rc.change)) changes.set(rc.address, rc);
  }
  draft.isPlan = changes.size > 0;
  // Without a configuration block (some tools strip it), references cannot be followed: values stay unknown.
  const config = isObject(raw.configuration) ? configurationOf(raw.configuration.root_module, '', new Map()) : new Map<string, Json>();

  // Data sources read while planning are in prior_state: they say the real partition and account.
  const priorValues = isObject(raw.prior_state) && isObject(raw.prior_state.values) ? raw.prior_state.values : undefined;
  for (const d of dataSourcesOf(priorValues?.root_module, [])) {
    const values = isObject(d.values) ? d.values : {};
    if (d.type === 'aws_partition' && typeof values.partition === 'string' && isPartition(values.partition)) draft.partition ??= values.partition;
    if (d.type === 'aws_caller_identity' && typeof values.account_id === 'string' && /^\d{12}$/.test(values.account_id)) draft.accountId ??= values.account_id;
  }
  // ARNs of resources the plan manages say whose account this is (trust policies may name other accounts: not used).
  for (const r of planned) {
    const arn = str(r.values.arn);
    if (arn && r.type.startsWith('aws_iam_')) {
      draft.accountId ??= accountIdOf(arn);
      const partition = parseArn(arn)?.partition;
      if (partition && isPartition(partition)) draft.partition ??= partition;
    }
  }

  // Instances by address without their own index (`aws_iam_role.x[0]` → `aws_iam_role.x`), for references.
  const instancesOf = new Map<string, PlannedResource[]>();
  for (const p of planned) {
    const base = p.address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]$/, '');
    if (!instancesOf.has(base)) instancesOf.set(base, []);
    instancesOf.get(base)!.push(p);
  }
  const afterUnknown = (r: PlannedResource): Json => {
    const change = changes.get(r.address)?.change;
    return isObject(change) && isObject(change.after_unknown) ? change.after_unknown : {};
  };
  const expressionsOf = (r: PlannedResource) => config.get(`${stripInstanceKeys(r.moduleAddress)}${r.moduleAddress ? '.' : ''}${r.type}.${r.name}`);
  const referencesOf = (r: PlannedResource, attribute: string): string[] => {
    const e = expressionsOf(r)?.[attribute];
    return isObject(e) && Array.isArray(e.references) ? e.references.filter((x): x is string => typeof x === 'string') : [];
  };

  /** Follows `aws_iam_role.x.name` in the same module instance to the planned resource it names. */
  const referencedAddress = (r: PlannedResource, attribute: string, types: string[]): string | undefined => {
    for (const ref of referencesOf(r, attribute)) {
      const m = ref.match(/^([a-z0-9_]+)\.([A-Za-z0-9_-]+)(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?/);
      if (!m || !types.includes(m[1]!)) continue;
      const base = `${r.moduleAddress ? `${r.moduleAddress}.` : ''}${m[1]}.${m[2]}`;
      if (m[3]) return `${base}${m[3]}`;
      const candidates = instancesOf.get(base) ?? [];
      if (candidates.length === 1) return candidates[0]!.address;
      const sameIndex = candidates.find((c) => r.index !== undefined && JSON.stringify(c.index) === JSON.stringify(r.index));
      if (sameIndex) return sameIndex.address;
    }
    return undefined;
  };
  const unknownReason = (r: PlannedResource, attribute: string) => {
    const refs = referencesOf(r, attribute);
    // Say so when the partition data source is the cause: deferred to apply, it is a `read` in resource_changes.
    const deferred = refs.some((x) => {
      const m = x.match(/^data\.aws_partition\.[A-Za-z0-9_-]+/);
      const address = m && `${r.moduleAddress ? `${r.moduleAddress}.` : ''}${m[0]}`;
      const change = address ? changes.get(address)?.change : undefined;
      return isObject(change) && Array.isArray(change.actions) && change.actions.includes('read');
    });
    const partition = deferred ? '; data.aws_partition is read only at apply in this plan' : '';
    // Terraform lists `aws_iam_role.x.name` and `aws_iam_role.x`: name the most specific ones.
    const specific = refs.filter((x) => !refs.some((y) => y !== x && (y.startsWith(`${x}.`) || y.startsWith(`${x}[`))));
    return `known only after apply${specific.length ? ` (from ${specific.slice(0, 3).join(', ')})` : ''}${partition}`;
  };

  const principalRef = (r: PlannedResource, attribute: string, kind: PrincipalKind, mayCarrySupport = true): PrincipalRef | undefined => {
    const type = `aws_iam_${kind}`;
    const key = referencedAddress(r, attribute, [type]);
    const name = str(r.values[attribute]);
    if (name) return key ? { key, name } : { name };
    if (key) return { key };
    // Unknown only matters for the CIS verdict when the attachment may carry AWSSupportAccess.
    if (mayCarrySupport) draft.unresolved.push({ address: r.address, attribute, reason: `the ${kind} is ${unknownReason(r, attribute)}`, location: locate(r.address) });
    return undefined;
  };
  const policyArn = (r: PlannedResource, attribute: string): PolicyArnValue => {
    const arn = str(r.values[attribute]);
    if (arn) return { arn };
    const key = referencedAddress(r, attribute, ['aws_iam_policy']);
    if (key) return { policyKey: key };
    return { unknown: unknownReason(r, attribute) };
  };
  const document = (value: unknown, where: string): PolicyDocument | undefined => {
    const text = str(value);
    return text ? decodePolicyDocument(text, `${file}: ${where}`) : undefined;
  };

  for (const r of planned) {
    const v = r.values;
    const location = locate(r.address);
    switch (r.type) {
      case 'aws_iam_role': {
        const configured = expressionsOf(r);
        // managed_policy_arns and inline_policy are optional+computed. A configured one is exclusive. An
        // unconfigured one only echoes the prior state, which is stale when this very plan detaches a policy:
        // it is ignored (the attachment resources say what will be attached). Without a configuration block
        // (stripped by some tools) the values are all there is, and are used as plain attachments.
        const managedConfigured = configured ? 'managed_policy_arns' in configured : false;
        const useManaged = configured ? managedConfigured : true;
        const useInline = configured ? 'inline_policy' in configured : true;
        const managedPolicyArns: PolicyArnValue[] = [];
        const list = useManaged ? v.managed_policy_arns : undefined;
        if (Array.isArray(list)) {
          for (const [i, a] of list.entries()) managedPolicyArns.push(str(a) ? { arn: a as string } : { unknown: unknownReason(r, 'managed_policy_arns') + ` (element ${i})` });
        } else if (managedConfigured && afterUnknown(r).managed_policy_arns) {
          managedPolicyArns.push({ unknown: unknownReason(r, 'managed_policy_arns') });
        }
        for (const a of managedPolicyArns) if ('unknown' in a) draft.unresolved.push({ address: r.address, attribute: 'managed_policy_arns', reason: a.unknown, location });
        const inline = useInline && Array.isArray(v.inline_policy) ? v.inline_policy.filter(isObject) : [];
        const tags = isObject(v.tags) ? v.tags : isObject(v.tags_all) ? v.tags_all : {};
        draft.principals.push({
          kind: 'role',
          key: r.address,
          // A role without a name gets a generated one at apply: the address stands in for it.
          name: str(v.name) ?? r.address,
          path: str(v.path) ?? '/',
          arn: str(v.arn),
          trustPolicy: document(v.assume_role_policy, `${r.address}.assume_role_policy`) ?? null,
          managedPolicyArns: managedPolicyArns.filter((a) => !('unknown' in a)),
          managedPolicyArnsExclusive: managedConfigured,
          inlinePolicies: inline.flatMap((p) => {
            const doc = document(p.policy, `${r.address}.inline_policy`);
            return str(p.name) && doc ? [{ name: p.name as string, document: doc }] : [];
          }),
          permissionsBoundaryArn: str(v.permissions_boundary),
          tags: Object.fromEntries(Object.entries(tags).filter(([, x]) => typeof x === 'string')) as Record<string, string>,
          description: str(v.description),
          maxSessionDurationSeconds: typeof v.max_session_duration === 'number' ? v.max_session_duration : undefined,
          location,
        });
        break;
      }
      case 'aws_iam_user':
      case 'aws_iam_group': {
        const kind = r.type === 'aws_iam_user' ? 'user' : 'group';
        draft.principals.push({ kind, key: r.address, name: str(v.name) ?? r.address, path: str(v.path) ?? '/', arn: str(v.arn), managedPolicyArns: [], managedPolicyArnsExclusive: false, inlinePolicies: [], tags: {}, location });
        break;
      }
      case 'aws_iam_role_policy_attachment':
      case 'aws_iam_user_policy_attachment':
      case 'aws_iam_group_policy_attachment': {
        const kind = r.type.slice('aws_iam_'.length).split('_')[0] as PrincipalKind;
        const arn = policyArn(r, 'policy_arn');
        const principal = principalRef(r, kind, kind, mayBeSupportAccess(arn));
        if (principal) draft.attachments.push({ key: r.address, attribute: 'policy_arn', kind, principal, policyArn: arn, location });
        break;
      }
      case 'aws_iam_policy_attachment': {
        // Exclusive across the account: whatever else attaches this policy is detached at apply.
        const arn = policyArn(r, 'policy_arn');
        const refs = (attribute: string, kind: PrincipalKind): PrincipalRef[] => {
          const names = v[attribute];
          if (Array.isArray(names)) return names.filter((n): n is string => typeof n === 'string').map((name) => ({ name }));
          if (afterUnknown(r)[attribute]) {
            const key = referencedAddress(r, attribute, [`aws_iam_${kind}`]);
            if (key) return [{ key }];
            draft.unresolved.push({ address: r.address, attribute, reason: `the ${kind}s are ${unknownReason(r, attribute)}`, location });
          }
          return [];
        };
        const roles = refs('roles', 'role');
        const users = refs('users', 'user');
        const groups = refs('groups', 'group');
        for (const [kind, list] of [['role', roles], ['user', users], ['group', groups]] as const) {
          for (const principal of list) draft.attachments.push({ key: r.address, attribute: 'policy_arn', kind, principal, policyArn: arn, location });
        }
        draft.exclusives.push({ kind: 'policy-entities', key: r.address, policyArn: arn, roles, users, groups, location });
        break;
      }
      case 'aws_iam_role_policy_attachments_exclusive': {
        const role = principalRef(r, 'role_name', 'role');
        const arns = Array.isArray(v.policy_arns) ? v.policy_arns.map((a): PolicyArnValue => (str(a) ? { arn: a as string } : { unknown: unknownReason(r, 'policy_arns') })) : [{ unknown: unknownReason(r, 'policy_arns') }];
        if (role) draft.exclusives.push({ kind: 'role-policies', key: r.address, role, policyArns: arns, location });
        break;
      }
      case 'aws_iam_role_policy':
      case 'aws_iam_user_policy':
      case 'aws_iam_group_policy': {
        const kind = r.type.slice('aws_iam_'.length).split('_')[0] as PrincipalKind;
        const principal = principalRef(r, kind, kind);
        const doc = document(v.policy, `${r.address}.policy`);
        if (principal && doc) draft.inlines.push({ key: r.address, kind, principal, name: str(v.name) ?? r.address, document: doc });
        break;
      }
      case 'aws_iam_policy':
        draft.policies.push({ key: r.address, name: str(v.name) ?? r.address, path: str(v.path) ?? '/', arn: str(v.arn), document: document(v.policy, `${r.address}.policy`), location });
        break;
      default:
        break;
    }
  }
  for (const a of draft.attachments) {
    if ('unknown' in a.policyArn) draft.unresolved.push({ address: a.key, attribute: a.attribute, reason: a.policyArn.unknown, location: a.location });
  }
  draft.removals.push(...removalsOf([...changes.values()], (address) => locate(address)));
  return draft;
}

const hasSupport = (v: unknown) => Array.isArray(v) && v.some((a) => typeof a === 'string' && isAwsSupportAccessArn(a));
const supportArnIn = (v: unknown) => (Array.isArray(v) ? (v.find((a) => typeof a === 'string' && isAwsSupportAccessArn(a)) as string | undefined) : undefined);

/**
 * Support-role losses in resource_changes: a role that had AWSSupportAccess deleted or replaced, or the policy detached.
 * `before` is the prior state of every managed resource (no-op changes included), so the role's attachments
 * before the change are known even when they come from other resources.
 */
export function removalsOf(changes: Json[], locate: (address: string) => SourceLocationRef): IacRemoval[] {
  const before = (rc: Json): Json => (isObject(rc.change) && isObject(rc.change.before) ? rc.change.before : {});
  const after = (rc: Json): Json | undefined => (isObject(rc.change) && isObject(rc.change.after) ? rc.change.after : undefined);
  const actions = (rc: Json): string[] => (isObject(rc.change) && Array.isArray(rc.change.actions) ? rc.change.actions.filter((a): a is string => typeof a === 'string') : []);
  const managed = changes.filter((rc) => rc.mode === undefined || rc.mode === 'managed');

  // Which roles carried the AWS-managed policy before the change, and its exact ARN there.
  const supportBefore = new Map<string, string>();
  for (const rc of managed) {
    const b = before(rc);
    if (rc.type === 'aws_iam_role' && typeof b.name === 'string') {
      const arn = supportArnIn(b.managed_policy_arns);
      if (arn) supportBefore.set(b.name, arn);
    }
    if (rc.type === 'aws_iam_role_policy_attachment' && typeof b.role === 'string' && typeof b.policy_arn === 'string' && isAwsSupportAccessArn(b.policy_arn)) supportBefore.set(b.role, b.policy_arn);
    if (rc.type === 'aws_iam_policy_attachment' && typeof b.policy_arn === 'string' && isAwsSupportAccessArn(b.policy_arn) && Array.isArray(b.roles)) {
      for (const role of b.roles) if (typeof role === 'string') supportBefore.set(role, b.policy_arn);
    }
  }

  const out: IacRemoval[] = [];
  const lost = new Set<string>();
  const roleArn = (name: string) => {
    const rc = managed.find((x) => x.type === 'aws_iam_role' && before(x).name === name);
    // Empty when the plan does not say: the snapshot builder synthesises it from the account and name.
    return (rc && str(before(rc).arn)) || '';
  };
  const add = (r: Omit<IacRemoval, 'roleArn'>, arn?: string) => {
    if (lost.has(r.roleName)) return;
    lost.add(r.roleName);
    out.push({ ...r, roleArn: arn ?? roleArn(r.roleName), location: locate(r.address) });
  };

  for (const rc of managed.filter((x) => x.type === 'aws_iam_role')) {
    const a = actions(rc);
    const b = before(rc);
    const name = str(b.name);
    if (!name || !supportBefore.has(name)) continue;
    const policyArn = supportBefore.get(name)!;
    if (a.includes('delete')) {
      add({ kind: a.includes('create') ? 'replaces-support-role' : 'removes-support-role', roleName: name, address: String(rc.address), actions: a.join(','), policyArn }, str(b.arn));
    } else if (a.includes('update') && hasSupport(b.managed_policy_arns)) {
      const af = after(rc);
      if (af && Array.isArray(af.managed_policy_arns) && !hasSupport(af.managed_policy_arns)) {
        add({ kind: 'detaches-support-policy', roleName: name, address: String(rc.address), actions: a.join(','), policyArn }, str(b.arn));
      }
    }
  }
  for (const rc of managed) {
    const a = actions(rc);
    const b = before(rc);
    const af = after(rc);
    const address = String(rc.address);
    if (rc.type === 'aws_iam_role_policy_attachment' && a.includes('delete') && typeof b.role === 'string' && typeof b.policy_arn === 'string' && isAwsSupportAccessArn(b.policy_arn)) {
      add({ kind: 'detaches-support-policy', roleName: b.role, address, actions: a.join(','), policyArn: b.policy_arn });
    }
    if (rc.type === 'aws_iam_policy_attachment' && typeof b.policy_arn === 'string' && isAwsSupportAccessArn(b.policy_arn) && Array.isArray(b.roles)) {
      const kept = a.includes('delete') || !af || !Array.isArray(af.roles) ? [] : af.roles;
      for (const role of b.roles) {
        if (typeof role === 'string' && (a.includes('delete') || (a.includes('update') && !kept.includes(role)))) {
          add({ kind: 'detaches-support-policy', roleName: role, address, actions: a.join(','), policyArn: b.policy_arn });
        }
      }
    }
    // The exclusive resource detaches, at apply, every policy it no longer lists.
    if (rc.type === 'aws_iam_role_policy_attachments_exclusive' && a.includes('update') && typeof b.role_name === 'string' && hasSupport(b.policy_arns) && af && Array.isArray(af.policy_arns) && !hasSupport(af.policy_arns)) {
      add({ kind: 'detaches-support-policy', roleName: b.role_name, address, actions: a.join(','), policyArn: supportArnIn(b.policy_arns)! });
    }
  }
  return out;
}

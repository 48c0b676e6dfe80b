import { accountResourceArn } from '../findings/model.js';
import { isAwsManagedPolicyArn, isAwsSupportAccessArn } from '../snapshot/arn.js';
import {
  ok,
  UNKNOWN_ACCOUNT_ID,
  type AccountSnapshot,
  type IacUnresolved,
  type IamGroup,
  type IamRole,
  type IamUser,
  type ManagedPolicy,
  type Partition,
  type PolicyDocument,
  type SourceLocationRef,
} from '../snapshot/model.js';
import type { IacDraft, PolicyArnValue, PolicyDraft, PrincipalDraft, PrincipalKind, PrincipalRef } from './draft.js';

/**
 * The account id of an IaC unit that names none: IaC has no account until it is deployed.
 * Override it with `--account-id`.
 */
export const PLACEHOLDER_ACCOUNT_ID = UNKNOWN_ACCOUNT_ID;

/** How the files of a unit become one account. */
export interface BuildOptions {
  partition: Partition;
  /** Explicit account id (`--account-id`); otherwise the first one a file states, else the placeholder. */
  accountId?: string;
}

const policyName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/**
 * Joins the drafts of every file given together into one account snapshot (`iam: ok(...)`).
 *
 * Attachments are joined to roles by address/logical id, else by name across files; a role named only by
 * an attachment (managed outside the code) becomes a role with an unknown trust policy. Exclusive
 * resources are applied as Terraform applies them: `managed_policy_arns` (when configured) and
 * `aws_iam_role_policy_attachments_exclusive` keep only the policies they list on the role;
 * `aws_iam_policy_attachment` keeps its policy only on the entities it lists, account-wide.
 */
export function buildIacSnapshot(drafts: readonly IacDraft[], opts: BuildOptions): AccountSnapshot {
  const accountId = opts.accountId ?? drafts.find((d) => d.accountId)?.accountId ?? PLACEHOLDER_ACCOUNT_ID;
  const partition = drafts.find((d) => d.partition)?.partition ?? opts.partition;
  const unresolved: IacUnresolved[] = drafts.flatMap((d) => d.unresolved);
  const sourceLocations: Record<string, SourceLocationRef> = {};

  const principals: PrincipalDraft[] = drafts.flatMap((d) => d.principals);
  const policies: PolicyDraft[] = drafts.flatMap((d) => d.policies);
  const policyByKey = new Map(policies.map((p) => [p.key, p]));
  const arnOf = (p: PrincipalDraft) => p.arn ?? `arn:${partition}:iam::${accountId}:${p.kind}${p.path}${p.name}`;
  const policyArnOf = (p: PolicyDraft) => p.arn ?? `arn:${partition}:iam::${accountId}:policy${p.path}${p.name}`;

  /** Resolves a reference; a name not declared in the code becomes a principal managed elsewhere. */
  // Indexed, so a plan with thousands of roles and attachments stays linear.
  const byKey = new Map<string, PrincipalDraft>();
  const byName = new Map<string, PrincipalDraft>();
  const index = (p: PrincipalDraft) => {
    if (!byKey.has(`${p.kind}\u0000${p.key}`)) byKey.set(`${p.kind}\u0000${p.key}`, p);
    if (!byName.has(`${p.kind}\u0000${p.name}`)) byName.set(`${p.kind}\u0000${p.name}`, p);
  };
  principals.forEach(index);
  const find = (kind: PrincipalKind, ref: PrincipalRef, location: SourceLocationRef): PrincipalDraft | undefined => {
    const keyed = ref.key ? byKey.get(`${kind}\u0000${ref.key}`) : undefined;
    if (keyed) return keyed;
    if (ref.name === undefined) return undefined;
    const named = byName.get(`${kind}\u0000${ref.name}`);
    if (named) return named;
    const external: PrincipalDraft = {
      kind,
      key: `external:${kind}/${ref.name}`,
      name: ref.name,
      path: '/',
      trustPolicy: null,
      managedPolicyArns: [],
      managedPolicyArnsExclusive: false,
      inlinePolicies: [],
      tags: {},
      location,
    };
    principals.push(external);
    index(external);
    return external;
  };
  const arnValue = (v: PolicyArnValue): string | undefined => {
    if ('arn' in v) return v.arn;
    if ('policyKey' in v) {
      const p = policyByKey.get(v.policyKey);
      return p ? policyArnOf(p) : undefined;
    }
    return undefined;
  };

  // Attached policies per principal: its own list, then separate attachment resources.
  const attached = new Map<PrincipalDraft, Set<string>>();
  const attach = (p: PrincipalDraft, arn: string) => {
    if (!attached.has(p)) attached.set(p, new Set());
    attached.get(p)!.add(arn);
  };
  for (const p of [...principals]) for (const a of p.managedPolicyArns) {
    const arn = arnValue(a);
    if (arn) attach(p, arn);
  }
  for (const d of drafts) {
    for (const a of d.attachments) {
      const p = find(a.kind, a.principal, a.location);
      const arn = arnValue(a.policyArn);
      if (p && arn) {
        // A configured managed_policy_arns detaches everything else on every apply.
        if (p.managedPolicyArnsExclusive && !p.managedPolicyArns.some((m) => arnValue(m) === arn)) {
          if (isAwsSupportAccessArn(arn)) unresolved.push({ address: a.key, attribute: a.attribute, reason: `${p.key} sets managed_policy_arns without ${arn}, so Terraform detaches this attachment on every apply`, location: a.location });
          continue;
        }
        attach(p, arn);
      } else if (!p) {
        unresolved.push({ address: a.key, attribute: a.kind, reason: `the ${a.kind} it attaches to is known only after apply`, location: a.location });
      }
    }
  }
  for (const d of drafts) {
    for (const x of d.exclusives) {
      if (x.kind === 'role-policies') {
        const role = find('role', x.role, x.location);
        if (!role) continue;
        const keep = new Set(x.policyArns.map(arnValue).filter((a): a is string => !!a));
        for (const arn of [...(attached.get(role) ?? [])]) {
          if (keep.has(arn)) continue;
          attached.get(role)!.delete(arn);
          if (isAwsSupportAccessArn(arn)) unresolved.push({ address: x.key, attribute: 'policy_arns', reason: `does not list ${arn}, so Terraform detaches it from role ${role.name} on apply`, location: x.location });
        }
      } else {
        const arn = arnValue(x.policyArn);
        if (!arn) continue;
        const listed = new Set<PrincipalDraft>();
        for (const [kind, refs] of [['role', x.roles], ['user', x.users], ['group', x.groups]] as const) {
          for (const r of refs) {
            const p = find(kind, r, x.location);
            if (p) listed.add(p);
          }
        }
        for (const [p, set] of attached) {
          if (!set.has(arn) || listed.has(p)) continue;
          set.delete(arn);
          if (isAwsSupportAccessArn(arn)) unresolved.push({ address: x.key, attribute: `${p.kind}s`, reason: `is exclusive for ${arn} and does not list ${p.kind} ${p.name}, so Terraform detaches it on apply`, location: x.location });
        }
      }
    }
  }

  const inlinesOf = new Map<PrincipalDraft, { name: string; document: PolicyDocument }[]>();
  for (const d of drafts) {
    for (const i of d.inlines) {
      const p = find(i.kind, i.principal, { file: d.file });
      if (!p) continue;
      if (!inlinesOf.has(p)) inlinesOf.set(p, []);
      inlinesOf.get(p)!.push({ name: i.name, document: i.document });
    }
  }
  const inlineOf = (p: PrincipalDraft) => [...p.inlinePolicies, ...(inlinesOf.get(p) ?? [])];
  const attachedRefs = (p: PrincipalDraft) => [...(attached.get(p) ?? [])].map((arn) => ({ name: policyName(arn), arn }));

  const roles: IamRole[] = [];
  const users: IamUser[] = [];
  const groups: IamGroup[] = [];
  for (const p of principals) {
    const arn = arnOf(p);
    sourceLocations[arn] ??= p.location;
    if (p.kind === 'role') {
      const role: IamRole = { name: p.name, arn, id: p.key, path: p.path, trustPolicy: p.trustPolicy ?? null, attachedManagedPolicies: attachedRefs(p), inlinePolicies: inlineOf(p), tags: p.tags };
      if (p.permissionsBoundaryArn) role.permissionsBoundaryArn = p.permissionsBoundaryArn;
      if (p.description) role.description = p.description;
      if (p.maxSessionDurationSeconds !== undefined) role.maxSessionDurationSeconds = p.maxSessionDurationSeconds;
      roles.push(role);
    } else if (p.kind === 'user') {
      users.push({ name: p.name, arn, id: p.key, path: p.path, attachedManagedPolicies: attachedRefs(p), inlinePolicies: inlineOf(p), groups: [], tags: p.tags });
    } else {
      groups.push({ name: p.name, arn, id: p.key, path: p.path, attachedManagedPolicies: attachedRefs(p), inlinePolicies: inlineOf(p) });
    }
  }
  const managedPolicies: ManagedPolicy[] = policies.map((p) => {
    const arn = policyArnOf(p);
    sourceLocations[arn] ??= p.location;
    const policy: ManagedPolicy = { name: p.name, arn, id: p.key, path: p.path, awsManaged: isAwsManagedPolicyArn(arn) };
    if (p.document) policy.document = p.document;
    return policy;
  });

  // AWS-managed policies in use, as GetAccountAuthorizationDetails lists them (documents are AWS's, not in the code).
  const declared = new Set(managedPolicies.map((p) => p.arn));
  const inUse = new Map<string, number>();
  for (const set of attached.values()) for (const arn of set) if (isAwsManagedPolicyArn(arn) && !declared.has(arn)) inUse.set(arn, (inUse.get(arn) ?? 0) + 1);
  for (const [arn, count] of inUse) {
    const resource = arn.slice(arn.indexOf(':policy/') + ':policy'.length);
    managedPolicies.push({ name: policyName(arn), arn, path: resource.slice(0, resource.lastIndexOf('/') + 1), awsManaged: true, attachmentCount: count });
  }

  const removals = drafts.flatMap((d) => d.removals).map((r) => (r.roleArn ? r : { ...r, roleArn: `arn:${partition}:iam::${accountId}:role/${r.roleName}` }));
  for (const r of removals) if (r.location) sourceLocations[r.roleArn] ??= r.location;

  // Account-level findings point at the file of the first support-related role, else at the first file.
  const first = drafts[0];
  const accountArn = accountResourceArn(partition, accountId);
  const mentionsSupport = (r: IamRole) => r.attachedManagedPolicies.some((a) => a.name === 'AWSSupportAccess') || r.permissionsBoundaryArn?.endsWith('/AWSSupportAccess');
  const relevant = roles.find(mentionsSupport) ?? roles[0];
  const firstRole = relevant ? sourceLocations[relevant.arn] : undefined;
  if (first) sourceLocations[accountArn] = firstRole ?? { file: first.file };

  const files = drafts.map((d) => d.file);
  const snapshot: AccountSnapshot = {
    schemaVersion: 1,
    accountId,
    accountName: files.join(' + '),
    partition,
    source: { kind: first?.kind ?? 'terraform', path: files.join(', ') },
    iam: ok({ roles, users, groups, policies: managedPolicies }),
    sourceLocations,
    iac: { isPlan: drafts.some((d) => d.isPlan), removals, unresolved: dedupe(unresolved) },
  };
  return snapshot;
}

function dedupe(list: IacUnresolved[]): IacUnresolved[] {
  const seen = new Set<string>();
  return list.filter((u) => {
    const k = `${u.address}\u0000${u.attribute}\u0000${u.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

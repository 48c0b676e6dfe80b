import type { IamData, IamGroup, IamRole, IamUser, ManagedPolicy, PolicyDocument } from '../snapshot/model.js';
import { shippedManagedPolicy } from './managed-policies.js';

/** The policies that apply to one identity, resolved to documents. */
export interface IdentityPolicies {
  /** Attached managed (own and through groups) and inline documents. */
  documents: PolicyDocument[];
  /** Managed policy ARNs attached (directly or through groups). */
  attachedArns: string[];
  /** Attached managed policies whose document neither the snapshot nor the shipped copies have. */
  missing: string[];
  /** The permissions boundary document; `null` when the identity has a boundary whose document is unknown. */
  boundary?: PolicyDocument | null;
  boundaryArn?: string;
}

/**
 * IAM data indexed by ARN and name, so analysis stays linear in the size of the account
 * (a 10k-role, 5k-user export must not be scanned once per principal).
 */
export class IamIndex {
  readonly policiesByArn = new Map<string, ManagedPolicy>();
  readonly groupsByName = new Map<string, IamGroup>();
  readonly rolesByArn = new Map<string, IamRole>();
  readonly usersByArn = new Map<string, IamUser>();
  private readonly docCache = new Map<string, PolicyDocument | undefined>();

  constructor(readonly iam: IamData) {
    for (const p of iam.policies) this.policiesByArn.set(p.arn, p);
    for (const g of iam.groups) this.groupsByName.set(g.name, g);
    for (const r of iam.roles) this.rolesByArn.set(r.arn, r);
    for (const u of iam.users) this.usersByArn.set(u.arn, u);
  }

  /** A managed policy's default document: the export's copy first, the shipped AWS-managed copy second. */
  policyDocument(arn: string): PolicyDocument | undefined {
    if (this.docCache.has(arn)) return this.docCache.get(arn);
    const doc = this.policiesByArn.get(arn)?.document ?? shippedManagedPolicy(arn);
    this.docCache.set(arn, doc);
    return doc;
  }

  /** Everything that grants or limits a user's or role's permissions. */
  identityPolicies(entity: IamUser | IamRole): IdentityPolicies {
    const attached = [...entity.attachedManagedPolicies];
    const inline = [...entity.inlinePolicies];
    if ('groups' in entity) {
      for (const name of entity.groups) {
        const g = this.groupsByName.get(name);
        if (!g) continue;
        attached.push(...g.attachedManagedPolicies);
        inline.push(...g.inlinePolicies);
      }
    }
    const out: IdentityPolicies = { documents: [], attachedArns: [], missing: [] };
    for (const ref of attached) {
      if (out.attachedArns.includes(ref.arn)) continue;
      out.attachedArns.push(ref.arn);
      const doc = this.policyDocument(ref.arn);
      if (doc) out.documents.push(doc);
      else out.missing.push(ref.arn);
    }
    for (const p of inline) out.documents.push(p.document);
    if (entity.permissionsBoundaryArn) {
      out.boundaryArn = entity.permissionsBoundaryArn;
      out.boundary = this.policyDocument(entity.permissionsBoundaryArn) ?? null;
    }
    return out;
  }
}

const indexes = new WeakMap<IamData, IamIndex>();

/** The (memoised) index of an account's IAM data; several checks share it. */
export function iamIndex(iam: IamData): IamIndex {
  let idx = indexes.get(iam);
  if (!idx) {
    idx = new IamIndex(iam);
    indexes.set(iam, idx);
  }
  return idx;
}

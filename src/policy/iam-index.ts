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

/** A yes/no question about one policy document; `id` names it so answers are cached per question. */
export interface DocumentTest {
  id: string;
  test: (doc: PolicyDocument) => boolean;
}

/** The users and roles whose policies pass a DocumentTest (see IamIndex.identitiesPassing). */
export interface IdentitiesPassing {
  users: readonly IamUser[];
  roles: readonly IamRole[];
  has: ReadonlySet<IamUser | IamRole>;
}

/**
 * IAM data indexed by ARN and name, so analysis stays linear in the size of the account
 * (a 10k-role, 5k-user export must not be scanned once per principal).
 */
export class IamIndex {
  readonly policiesByArn = new Map<string, ManagedPolicy>();
  readonly groupsByName = new Map<string, IamGroup>();
  private rolesMap?: Map<string, IamRole>;
  private usersMap?: Map<string, IamUser>;
  private readonly docCache = new Map<string, PolicyDocument | undefined>();
  private readonly identityCache = new Map<string, IdentityPolicies>();
  private readonly managedTest = new Map<string, Map<string, boolean>>();
  private readonly groupTest = new Map<string, Map<string, boolean>>();
  private readonly entityTest = new Map<string, WeakMap<IamUser | IamRole, boolean>>();
  private readonly passingTest = new Map<string, IdentitiesPassing>();

  constructor(readonly iam: IamData) {
    for (const p of iam.policies) this.policiesByArn.set(p.arn, p);
    for (const g of iam.groups) this.groupsByName.set(g.name, g);
  }

  /** Roles by ARN, built on first use: only trust policies that name principals need it. */
  get rolesByArn(): ReadonlyMap<string, IamRole> {
    if (!this.rolesMap) this.rolesMap = new Map(this.iam.roles.map((r) => [r.arn, r]));
    return this.rolesMap;
  }

  /** Users by ARN, built on first use: only trust policies that name principals need it. */
  get usersByArn(): ReadonlyMap<string, IamUser> {
    if (!this.usersMap) this.usersMap = new Map(this.iam.users.map((u) => [u.arn, u]));
    return this.usersMap;
  }

  /** A managed policy's default document: the export's copy first, the shipped AWS-managed copy second. */
  policyDocument(arn: string): PolicyDocument | undefined {
    if (this.docCache.has(arn)) return this.docCache.get(arn);
    const doc = this.policiesByArn.get(arn)?.document ?? shippedManagedPolicy(arn);
    this.docCache.set(arn, doc);
    return doc;
  }

  /**
   * Does any policy of the identity (inline, attached, and its groups'; not the boundary) pass the test?
   * Answers are memoised per managed policy ARN and per group, so asking it of 15,000 principals that share
   * a few hundred policies costs a few hundred document tests.
   */
  anyIdentityDocument(entity: IamUser | IamRole, t: DocumentTest): boolean {
    let perEntity = this.entityTest.get(t.id);
    if (!perEntity) this.entityTest.set(t.id, (perEntity = new WeakMap()));
    let answer = perEntity.get(entity);
    if (answer === undefined) {
      answer = this.testIdentityDocuments(entity, t);
      perEntity.set(entity, answer);
    }
    return answer;
  }

  /**
   * The users and roles of the account for which anyIdentityDocument(t) is true, in export order, tested once per
   * question. Walking all 15,000 principals once per support role (a cache look-up each) cost more than the
   * tests themselves; the few that pass are walked instead.
   */
  identitiesPassing(t: DocumentTest): IdentitiesPassing {
    let passing = this.passingTest.get(t.id);
    if (!passing) {
      const users = this.iam.users.filter((u) => this.testIdentityDocuments(u, t));
      const roles = this.iam.roles.filter((r) => this.testIdentityDocuments(r, t));
      passing = { users, roles, has: new Set<IamUser | IamRole>([...users, ...roles]) };
      this.passingTest.set(t.id, passing);
    }
    return passing;
  }

  private testIdentityDocuments(entity: IamUser | IamRole, t: DocumentTest): boolean {
    let managed = this.managedTest.get(t.id);
    if (!managed) this.managedTest.set(t.id, (managed = new Map()));
    let groups = this.groupTest.get(t.id);
    if (!groups) this.groupTest.set(t.id, (groups = new Map()));
    // Plain loops, no closure per call: identitiesPassing runs this for each of 15,000 principals.
    if (this.ownDocumentPasses(entity, t, managed)) return true;
    if ('groups' in entity) {
      for (const name of entity.groups) {
        let answer = groups.get(name);
        if (answer === undefined) {
          const g = this.groupsByName.get(name);
          answer = !!g && this.ownDocumentPasses(g, t, managed);
          groups.set(name, answer);
        }
        if (answer) return true;
      }
    }
    return false;
  }

  /** An inline policy or an attached managed policy (answers cached per ARN in `managed`) passes the test. */
  private ownDocumentPasses(e: IamUser | IamRole | IamGroup, t: DocumentTest, managed: Map<string, boolean>): boolean {
    const inline = e.inlinePolicies;
    for (let i = 0; i < inline.length; i++) if (t.test(inline[i]!.document)) return true;
    const refs = e.attachedManagedPolicies;
    for (let i = 0; i < refs.length; i++) {
      const arn = refs[i]!.arn;
      let answer = managed.get(arn);
      if (answer === undefined) {
        const doc = this.policyDocument(arn);
        answer = doc ? t.test(doc) : false;
        managed.set(arn, answer);
      }
      if (answer) return true;
    }
    return false;
  }

  /** Everything that grants or limits a user's or role's permissions (memoised per ARN: several checks ask). */
  identityPolicies(entity: IamUser | IamRole): IdentityPolicies {
    const cached = this.identityCache.get(entity.arn);
    if (cached) return cached;
    const resolved = this.resolveIdentityPolicies(entity);
    this.identityCache.set(entity.arn, resolved);
    return resolved;
  }

  private resolveIdentityPolicies(entity: IamUser | IamRole): IdentityPolicies {
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

const docIds = new WeakMap<PolicyDocument, number>();
let nextDocId = 0;

/** A stable small id per document object, to key answers by "holds these documents". */
function docId(doc: PolicyDocument): number {
  let id = docIds.get(doc);
  if (id === undefined) docIds.set(doc, (id = nextDocId++));
  return id;
}

const setKeys = new WeakMap<IdentityPolicies, string>();

/**
 * `<boundary ARN>|<document ids>`: principals with the same key hold the same documents (members of the same
 * groups, roles made from one template), so an answer that depends on the documents only is computed once per key.
 * Memoised per IdentityPolicies, itself memoised per principal.
 */
export function documentsKey(policies: IdentityPolicies): string {
  let key = setKeys.get(policies);
  if (key === undefined) {
    key = `${policies.boundaryArn ?? ''}|${policies.documents.map(docId).join(',')}`;
    setKeys.set(policies, key);
  }
  return key;
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

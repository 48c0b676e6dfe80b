import { asList, statementsOf } from '../snapshot/policy-document.js';
import type { PolicyDocument, PolicyStatement } from '../snapshot/model.js';
import { actionCatalogue, type ActionCatalogue, type CatalogueAction } from './catalogue.js';
import { matchesAction, matchesWildcard } from './wildcard.js';

function actionsOfStatement(s: PolicyStatement): CatalogueAction[] {
  const { services } = actionCatalogue();
  const out: CatalogueAction[] = [];
  if (s.Action !== undefined) {
    const patterns = asList(s.Action).map(String);
    for (const pattern of patterns) {
      const colon = pattern.indexOf(':');
      const servicePart = pattern === '*' ? '*' : colon < 0 ? '' : pattern.slice(0, colon);
      // Index by service first so `s3:Get*` tests 200 actions, not 22,000.
      const candidates = /[*?]/.test(servicePart)
        ? [...services.entries()].filter(([svc]) => matchesWildcard(servicePart, svc, true)).flatMap(([, list]) => list)
        : (services.get(servicePart.toLowerCase()) ?? []);
      for (const a of candidates) if (matchesAction(pattern, a.action)) out.push(a);
    }
  } else if (s.NotAction !== undefined) {
    const patterns = asList(s.NotAction).map(String);
    for (const list of services.values()) for (const a of list) if (!patterns.some((p) => matchesAction(p, a.action))) out.push(a);
  }
  return out;
}

/** A Deny that removes an action everywhere: no condition and every resource. A conditional Deny removes nothing for sure. */
function isUnconditionalDenyEverywhere(s: PolicyStatement): boolean {
  if (s.Effect !== 'Deny' || s.Condition !== undefined) return false;
  if (s.NotResource !== undefined) return false;
  return asList(s.Resource).map(String).includes('*');
}

function granted(docs: readonly PolicyDocument[]): Set<string> {
  const allowed = new Set<string>();
  const denied = new Set<string>();
  for (const doc of docs) {
    for (const s of statementsOf(doc)) {
      if (s.Effect === 'Allow') for (const a of actionsOfStatement(s)) allowed.add(a.action);
      else if (isUnconditionalDenyEverywhere(s)) for (const a of actionsOfStatement(s)) denied.add(a.action);
    }
  }
  for (const a of denied) allowed.delete(a);
  return allowed;
}

/**
 * Every catalogue action the documents allow on some resource under some condition, minus actions an
 * unconditional, resource-wide Deny removes, and within the permissions boundary when one is given.
 * Conditional allows count (the role *can* do it when the condition holds); conditional denies do not
 * subtract (they do not remove the action for sure). Actions unknown to the catalogue are not listed.
 */
export function expandAllowedActions(docs: readonly PolicyDocument[], boundary?: PolicyDocument | null): CatalogueAction[] {
  const allowed = granted(docs);
  const limit = boundary ? granted([boundary]) : undefined;
  const catalogue = actionCatalogue();
  const out: CatalogueAction[] = [];
  if (allowed.size * 8 < catalogue.size) {
    // A support role allows a few dozen actions: put those in catalogue order instead of asking the set about each
    // of the 22,000 catalogue actions (that walk was the largest part of the least-privilege check).
    const order = catalogueOrder(catalogue);
    for (const action of allowed) {
      if (limit && !limit.has(action)) continue;
      const a = order.get(action);
      if (a) out.push(a.action);
    }
    return out.sort((x, y) => order.get(x.action)!.ordinal - order.get(y.action)!.ordinal);
  }
  for (const list of catalogue.services.values()) {
    for (const a of list) if (allowed.has(a.action) && (!limit || limit.has(a.action))) out.push(a);
  }
  return out;
}

type Ordered = { action: CatalogueAction; ordinal: number };
let ordered: { catalogue: ActionCatalogue; rank: Map<string, number>; byService: Map<string, Map<string, Ordered>> } | undefined;

/**
 * Each catalogue action by its `service:Name`, with its position in catalogue order (service, then action). Built
 * per service when first asked for, so a few dozen support actions do not build the 22,000 of the whole catalogue.
 */
function catalogueOrder(catalogue: ActionCatalogue): { get(action: string): Ordered | undefined } {
  if (ordered?.catalogue !== catalogue) ordered = { catalogue, rank: new Map([...catalogue.services.keys()].map((s, i) => [s, i])), byService: new Map() };
  const { rank, byService } = ordered;
  return {
    get(action: string) {
      const service = action.slice(0, action.indexOf(':'));
      let actions = byService.get(service);
      if (!actions) {
        actions = new Map();
        const base = (rank.get(service) ?? rank.size) * 1_000_000;
        (catalogue.services.get(service) ?? []).forEach((a, i) => actions!.set(a.action, { action: a, ordinal: base + i }));
        byService.set(service, actions);
      }
      return actions.get(action);
    },
  };
}

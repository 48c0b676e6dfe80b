import type { AccountSnapshot } from './model.js';

/**
 * The account's place in its Organization, root first: `['r-ab12', 'ou-ab12-11111111', 'ou-ab12-22222222']` (ids only:
 * the scan reads `ListParents`, which names no OU). Undefined when the snapshot does not say (no `--org --deep` data,
 * the management account, or an offline export).
 *
 * The snapshot keeps no separate path: the SCP reader walks account → OUs → root and records, for each SCP, the levels of
 * that walk it is attached to, in walk order. AWS requires at least one SCP on every root, OU and account while SCPs are
 * enabled (FullAWSAccess by default), so every level appears in some SCP's `targets`; merging those ordered lists gives
 * the path. A level with no SCP of its own (SCPs disabled) cannot be seen and is left out.
 */
export function ouPathOf(account: AccountSnapshot): string[] | undefined {
  const scps = account.serviceControlPolicies;
  if (scps?.status !== 'ok' || scps.data.length === 0) return undefined;
  const lists = scps.data.map((p) => p.targets.filter((t) => t !== account.accountId && /^(r|ou)-[0-9a-z-]+$/.test(t)));
  const order: string[] = [];
  const after = new Map<string, Set<string>>();
  const before = new Map<string, number>();
  for (const t of lists.flat()) {
    if (after.has(t)) continue;
    order.push(t);
    after.set(t, new Set());
    before.set(t, 0);
  }
  for (const list of lists) {
    for (let i = 0; i + 1 < list.length; i++) {
      const [t, next] = [list[i]!, list[i + 1]!];
      if (next === t || after.get(t)!.has(next)) continue;
      after.get(t)!.add(next);
      before.set(next, before.get(next)! + 1);
    }
  }
  if (order.length === 0) return undefined;
  // Kahn's topological sort, ties in first-seen order (walk order: nearest OU first, root last).
  const walk: string[] = [];
  const ready = order.filter((t) => before.get(t) === 0);
  while (ready.length > 0) {
    const t = ready.shift()!;
    walk.push(t);
    for (const n of after.get(t)!) {
      before.set(n, before.get(n)! - 1);
      if (before.get(n) === 0) ready.push(n);
    }
    ready.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }
  // A cycle means the targets were not written by one walk (an edited snapshot): first-seen order is the best guess.
  const path = walk.length === order.length ? walk : order;
  return path.reverse();
}

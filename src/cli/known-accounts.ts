import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { AccountSnapshot } from '../snapshot/model.js';

/** Adds `--known-accounts`: the accounts of your organization, for sources that cannot list it themselves. */
export function addKnownAccountsOption(cmd: Command): Command {
  return cmd.option(
    '--known-accounts <ids>',
    'comma-separated account ids of your own organization: trust in them is not treated as a foreign account (an org scan learns this by itself)',
  );
}

/**
 * Records the accounts named by --known-accounts on each snapshot (merged with what a saved org scan already knows).
 * Offline exports and IaC cannot tell a sibling account from a third party; without this, trust in a sibling
 * account is judged as foreign and asked for an ExternalId.
 */
export function applyKnownAccounts(accounts: AccountSnapshot[], value: string | undefined): void {
  if (value === undefined) return;
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = ids.filter((id) => !/^\d{12}$/.test(id));
  if (ids.length === 0 || bad.length) throw new UsageError(`--known-accounts: not a 12-digit account id: ${bad.join(', ') || '(empty)'}`);
  for (const a of accounts) {
    const merged = new Set([...(a.knownAccounts?.accountIds ?? []), ...ids, a.accountId]);
    a.knownAccounts = { ...a.knownAccounts, accountIds: [...merged].sort() };
  }
}

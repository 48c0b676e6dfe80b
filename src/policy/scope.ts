import type { AccountSnapshot, PolicyDocument } from '../snapshot/model.js';
import type { AccountScope } from './principals.js';

/** The audited account and the accounts the snapshot knows to be in the same organization. */
export function accountScope(account: AccountSnapshot): AccountScope {
  const scope: AccountScope = { accountId: account.accountId, partition: account.partition };
  if (account.knownAccounts) {
    scope.organizationAccountIds = account.knownAccounts.accountIds;
    if (account.knownAccounts.organizationId) scope.organizationId = account.knownAccounts.organizationId;
  }
  return scope;
}

/** SCPs that restrict the account: none for the organization's management account, which SCPs never restrict. */
export function effectiveScps(account: AccountSnapshot): PolicyDocument[] | undefined {
  if (account.serviceControlPolicies?.status !== 'ok') return undefined;
  if (account.knownAccounts?.managementAccountId === account.accountId) return undefined;
  const docs = account.serviceControlPolicies.data.map((p) => p.document);
  return docs.length > 0 ? docs : undefined;
}

/** Lists names for a message, keeping it one readable line: the first `max`, then "and N more" (of `total`, when the list is itself cut). */
export function listForMessage(items: readonly string[], max = 5, total = items.length): string {
  if (total <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${total - max} more`;
}

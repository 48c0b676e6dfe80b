import { BatchImportFindingsCommand, type AwsSecurityFinding, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AsffFinding } from '../report/asff.js';

/** Security Hub takes at most 100 findings in one BatchImportFindings call. */
export const SECURITY_HUB_BATCH_LIMIT = 100;

/** What happened to one account's findings. */
export interface SecurityHubImportResult {
  accountId: string;
  /** Findings sent (or meant to be sent) for this account. */
  sent: number;
  imported: number;
  /** Findings Security Hub refused (FailedFindings) or that never went out because a call failed. */
  failed: { id: string; code: string; message: string }[];
  /** Why the account could not be reached at all, or a batch call failed (one line). */
  error?: string;
}

function describe(e: unknown): string {
  const err = e as { name?: string; message?: string };
  return `${err?.name ?? 'Error'}: ${(err?.message ?? String(e)).split('\n')[0]}`;
}

/**
 * Imports ASFF findings into Security Hub. A finding must be imported from its own account
 * (BatchImportFindings refuses another account's AwsAccountId for the default product), so the
 * findings are grouped by AwsAccountId and each group is sent with that account's client, in
 * batches of at most 100. Nothing is dropped silently: refused findings and failed calls are
 * returned per account, and one account failing does not stop the others.
 */
export async function importToSecurityHub(
  findings: readonly AsffFinding[],
  securityHubClientForAccount: (accountId: string) => Promise<SecurityHubClient> | SecurityHubClient,
  o: { batchSize?: number } = {},
): Promise<SecurityHubImportResult[]> {
  const batchSize = Math.min(o.batchSize ?? SECURITY_HUB_BATCH_LIMIT, SECURITY_HUB_BATCH_LIMIT);
  const byAccount = new Map<string, AsffFinding[]>();
  for (const f of findings) {
    const list = byAccount.get(f.AwsAccountId) ?? [];
    list.push(f);
    byAccount.set(f.AwsAccountId, list);
  }
  const results: SecurityHubImportResult[] = [];
  for (const [accountId, list] of byAccount) {
    const result: SecurityHubImportResult = { accountId, sent: list.length, imported: 0, failed: [] };
    results.push(result);
    let client: SecurityHubClient;
    try {
      client = await securityHubClientForAccount(accountId);
    } catch (e) {
      result.error = `cannot reach account ${accountId}: ${describe(e)}`;
      result.failed = list.map((f) => ({ id: f.Id, code: 'AccountUnreachable', message: result.error! }));
      continue;
    }
    for (let i = 0; i < list.length; i += batchSize) {
      const batch = list.slice(i, i + batchSize);
      try {
        const res = await client.send(new BatchImportFindingsCommand({ Findings: batch as unknown as AwsSecurityFinding[] }));
        const refused = res.FailedFindings ?? [];
        for (const r of refused) result.failed.push({ id: r.Id ?? '', code: r.ErrorCode ?? 'Unknown', message: r.ErrorMessage ?? '' });
        if (typeof res.SuccessCount !== 'number') {
          // An answer without SuccessCount (an empty 200, a proxy's page) confirms nothing: "imported 11 of 11" would be
          // a claim the service never made. Count only what Security Hub confirms.
          const message = 'BatchImportFindings answered without a SuccessCount: the import is not confirmed';
          result.error ??= message;
          const named = new Set(refused.map((r) => r.Id));
          for (const f of batch) if (!named.has(f.Id)) result.failed.push({ id: f.Id, code: 'Unconfirmed', message });
          continue;
        }
        result.imported += Math.min(res.SuccessCount, batch.length - refused.length);
      } catch (e) {
        result.error ??= `BatchImportFindings failed: ${describe(e)}`;
        for (const f of batch) result.failed.push({ id: f.Id, code: (e as { name?: string }).name ?? 'Error', message: describe(e) });
      }
    }
  }
  return results;
}

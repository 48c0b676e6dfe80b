import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkById } from '../../checks/registry.js';
import { PRIMARY_CHECK_ID, runChecks } from '../../checks/engine.js';
import { UsageError } from '../../errors.js';
import { toSnapshotFile } from '../../snapshot/load.js';
import type { SnapshotSet } from '../../snapshot/model.js';
import { contentHash, SAVE_IN_PROGRESS, SAVE_MANIFEST, type SaveManifest } from '../../snapshot/save-manifest.js';
import { emitReport, validateReportOptions, type ReportOptions } from '../audit-output.js';
import { applyConfig } from '../apply-config.js';
import type { CommandContext } from '../context.js';
import { writeFileAtomic } from '../output.js';
import { validateAwsFlags } from '../flags.js';
import { selectChecks } from '../select-checks.js';

export interface ScanCliOptions extends ReportOptions {
  org?: boolean;
  memberRoleName: string;
  externalId?: string;
  profile?: string;
  region?: string;
  endpointUrl?: string;
  deep?: boolean;
  concurrency: string;
  maxAttempts?: string;
  accounts?: string[];
  excludeAccounts?: string[];
  save?: string;
  check?: string[];
}

/** A whole number ≥ 1 from a flag; anything else is a usage error before any AWS call. */
function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`${flag} must be a whole number ≥ 1 (got "${value}")`);
  return Number(value);
}

const ids = (xs?: string[]) => xs?.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);

/**
 * Writes DIR/<accountId>.json per account, each whole or not at all; `supportguard audit DIR` re-judges them. The
 * folder is marked while the save runs and gets its manifest last, so a save cut short is never read as complete.
 */
async function saveSnapshots(dir: string, set: SnapshotSet): Promise<number> {
  const manifest: SaveManifest = { kind: 'supportguard-save', schemaVersion: 1, savedAt: new Date().toISOString(), files: {} };
  await writeFileAtomic(join(dir, SAVE_IN_PROGRESS), `${JSON.stringify({ pid: process.pid, startedAt: manifest.savedAt })}\n`);
  await rm(join(dir, SAVE_MANIFEST), { force: true });
  for (const account of set.accounts) {
    const file = toSnapshotFile(set.organization ? { accounts: [account], organization: set.organization } : { accounts: [account] });
    const text = `${JSON.stringify(file, null, 2)}\n`;
    await writeFileAtomic(join(dir, `${account.accountId}.json`), text);
    manifest.files[`${account.accountId}.json`] = contentHash(text);
  }
  await writeFileAtomic(join(dir, SAVE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  await rm(join(dir, SAVE_IN_PROGRESS), { force: true });
  return set.accounts.length;
}

/** `supportguard scan`: live audit of the caller's account, or with --org of every ACTIVE account of the organization. */
export async function scanCommand(ctx: CommandContext, opts: ScanCliOptions): Promise<void> {
  validateReportOptions(opts);
  const checks = selectChecks(opts.check, ctx.config);
  const concurrency = positiveInt(opts.concurrency, '--concurrency')!;
  const maxAttempts = positiveInt(opts.maxAttempts, '--max-attempts');
  validateAwsFlags(opts);
  // The SDK is loaded only when a scan runs: `audit` and `checks` start without it.
  const [{ awsConfigFromCli }, { scan }] = await Promise.all([import('../aws-config.js'), import('../../collect/scan.js')]);
  const aws = awsConfigFromCli({ region: opts.region, profile: opts.profile, endpointUrl: opts.endpointUrl, maxAttempts }, ctx.io.env);

  const primary = checkById(PRIMARY_CHECK_ID);
  const progress = ctx.io.stderrIsTTY && primary;
  const started = Date.now();
  const result = await scan({
    aws,
    org: opts.org,
    memberRoleName: opts.memberRoleName,
    externalId: opts.externalId,
    deep: opts.deep,
    concurrency,
    accounts: ids(opts.accounts),
    excludeAccounts: ids(opts.excludeAccounts),
    onAccount: progress
      ? (snapshot, done, total) => {
          const verdict = runChecks([primary], [snapshot]).accounts[0]!;
          ctx.io.stderr(`[${done}/${total}] ${snapshot.accountId} ${verdict.status}\n`);
        }
      : undefined,
  });
  // Not scanned is not the same as not there: say which accounts were left out and why.
  for (const w of result.warnings) ctx.io.stderr(`supportguard: warning: ${w}\n`);
  for (const s of result.skipped) ctx.io.stderr(`supportguard: skipped ${s.accountId}${s.name ? ` (${s.name})` : ''}: ${s.reason}\n`);
  if (opts.save) {
    const n = await saveSnapshots(opts.save, result.set);
    ctx.io.stderr(`saved ${n} snapshot(s) to ${opts.save}\n`);
  }
  if (progress) {
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    ctx.io.stderr(`scanned ${result.set.accounts.length} account(s) in ${secs} s with ${result.stats.apiCalls} API call(s)\n`);
  }
  const audit = applyConfig(ctx, runChecks(checks, result.set.accounts, { policy: ctx.config?.config }), result.set.accounts);
  ctx.exitCode = await emitReport(ctx.io, audit, checks, opts);
}

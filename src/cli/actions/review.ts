import { cisSupportRole } from '../../checks/cis-support-role/index.js';
import { runChecks } from '../../checks/engine.js';
import { supportRoleEffectiveAccess } from '../../checks/support-role-effective-access/index.js';
import { readHistory } from '../../history/store.js';
import { buildReview, previousScan } from '../../review/build.js';
import { renderReview, REVIEW_FORMATS } from '../../review/render.js';
import { loadSnapshots } from '../../snapshot/load.js';
import { EXIT, type CommandContext } from '../context.js';
import { parseFormat } from '../flags.js';
import { applyKnownAccounts } from '../known-accounts.js';
import { writeFileAtomic } from '../output.js';

export interface ReviewOptions {
  history?: string;
  format: string;
  output?: string;
  exitZero?: boolean;
  knownAccounts?: string;
}

/** Corrupt history lines reported one by one; the rest are counted. */
const MAX_LINE_WARNINGS = 5;

/** `supportguard review PATH…`: the access review of every support role in the inputs. */
export async function review(ctx: CommandContext, paths: string[], opts: ReviewOptions): Promise<void> {
  const format = parseFormat(opts.format, REVIEW_FORMATS);
  const history = opts.history ? await readHistory(opts.history) : undefined;
  for (const p of history?.problems.slice(0, MAX_LINE_WARNINGS) ?? []) ctx.io.stderr(`supportguard: warning: ${opts.history} line ${p.line}: ${p.message} (line skipped)\n`);
  if (history && history.problems.length > MAX_LINE_WARNINGS) ctx.io.stderr(`supportguard: warning: ${opts.history}: ${history.problems.length - MAX_LINE_WARNINGS} more corrupt line(s) skipped\n`);
  const set = await loadSnapshots(paths);
  applyKnownAccounts(set.accounts, opts.knownAccounts);
  const policy = ctx.config?.config;
  // Only what the review needs: the support roles (CIS check) and who can assume them.
  const result = runChecks([cisSupportRole, supportRoleEffectiveAccess], set.accounts, { policy });
  const collected = set.accounts.map((a) => Date.parse(a.source.collectedAt ?? '')).filter((t) => !Number.isNaN(t));
  const before = collected.length > 0 ? Math.min(...collected) : undefined;
  const record = history ? previousScan(history.records, before) : undefined;
  const generatedAt = new Date().toISOString();
  const r = buildReview(result, { generatedAt, responderPolicy: policy?.responders !== undefined, policyFile: ctx.config?.path, previous: record && opts.history ? { record, file: opts.history } : undefined });
  const text = renderReview(r, format);
  if (opts.output) {
    await writeFileAtomic(opts.output, text);
    ctx.io.stderr(`wrote ${format} review to ${opts.output}\n`);
  } else ctx.io.stdout(text);
  if (opts.exitZero) ctx.exitCode = EXIT.OK;
  else if (r.accountsNotReviewed.length > 0) ctx.exitCode = EXIT.ERROR;
  else ctx.exitCode = r.summary.unapproved > 0 ? EXIT.FINDINGS : EXIT.OK;
}

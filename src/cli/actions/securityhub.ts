import { assumeRoleCredentials } from '../../aws/assume.js';
import { createClients, type AwsClients } from '../../aws/clients.js';
import { callerAccountId } from '../../aws/identity.js';
import { importToSecurityHub } from '../../aws/securityhub.js';
import { RuntimeError, UsageError } from '../../errors.js';
import { toAsff } from '../../report/asff.js';
import { terminalSafe } from '../../report/terminal.js';
import { readJsonReport } from '../../report/read-json.js';
import { awsConfigFromCli } from '../aws-config.js';
import { validateAwsFlags } from '../flags.js';
import { EXIT, type CommandContext } from '../context.js';

export interface ImportOptions {
  memberRoleName: string;
  externalId?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
}

/** `supportguard securityhub import REPORT.json`: sends a saved report's findings to Security Hub, each from its own account. */
export async function securityHubImport(ctx: CommandContext, path: string, opts: ImportOptions): Promise<void> {
  validateAwsFlags(opts);
  if (!/^[\w+=,.@-]{1,64}$/.test(opts.memberRoleName)) throw new UsageError(`--member-role-name "${opts.memberRoleName}" is not a valid IAM role name`);
  const { result, generatedAt } = await readJsonReport(path);
  const findings = result.findings;
  const config = awsConfigFromCli(opts, ctx.io.env);
  const asff = toAsff(findings, { generatedAt, region: config.region });
  const caller = await createClients(config, undefined, ['sts', 'securityHub']);
  const opened: AwsClients<'securityHub'>[] = [caller];
  try {
    let callerAccount: string;
    try {
      callerAccount = await callerAccountId(caller.sts);
    } catch (e) {
      throw new RuntimeError(`cannot identify the caller (sts:GetCallerIdentity): ${(e as Error).name}: ${(e as Error).message}`);
    }
    const partitionOf = new Map(findings.map((f) => [f.accountId, f.partition]));
    const results = await importToSecurityHub(asff, async (accountId) => {
      if (accountId === callerAccount) return caller.securityHub;
      const credentials = await assumeRoleCredentials(caller.sts, {
        accountId,
        partition: partitionOf.get(accountId)!,
        roleName: opts.memberRoleName,
        externalId: opts.externalId,
        sessionName: 'supportguard-securityhub-import',
      });
      const member = await createClients(config, credentials, ['securityHub']);
      opened.push(member);
      return member.securityHub;
    });
    let failures = 0;
    for (const r of results) {
      failures += r.failed.length;
      const refused = r.failed.length ? `; ${r.failed.length} failed` : '';
      ctx.io.stdout(terminalSafe(`${r.accountId}: ${r.imported} of ${r.sent} finding(s) imported${refused}${r.error ? ` (${r.error})` : ''}`) + '\n');
      const codes = [...new Set(r.failed.filter((f) => !r.error || f.message !== r.error).map((f) => `${f.code}: ${f.message}`))];
      for (const c of codes.slice(0, 5)) ctx.io.stdout(`  refused: ${terminalSafe(c)}\n`);
    }
    ctx.io.stderr(`imported ${results.reduce((n, r) => n + r.imported, 0)} of ${asff.length} finding(s) into Security Hub (${config.region})\n`);
    ctx.exitCode = failures > 0 ? EXIT.ERROR : EXIT.OK;
  } finally {
    for (const c of opened) c.destroy();
  }
}

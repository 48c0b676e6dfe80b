import type { AuditResult } from '../checks/engine.js';
import { InputError } from '../errors.js';
import { SEVERITIES, STATUSES, type Finding, type Severity, type Status } from '../findings/model.js';
import { isPartition } from '../snapshot/arn.js';
import { readRegularFile } from '../snapshot/files.js';

/**
 * Reads back a report written with `--format json` (for `securityhub import` and `serve --report`),
 * refusing anything else with a one-line reason.
 */
export async function readJsonReport(path: string): Promise<{ result: AuditResult; generatedAt: string }> {
  const text = await readRegularFile(path, 'report');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code ? `cannot read ${path}: ${code}` : `${path}: not valid JSON (${(e as Error).message})`);
  }
  const report = raw as { tool?: { name?: unknown }; generatedAt?: unknown; findings?: unknown; accounts?: unknown; skipped?: unknown };
  if (!report || typeof report !== 'object' || report.tool?.name !== 'supportguard' || !Array.isArray(report.findings) || !Array.isArray(report.accounts)) {
    throw new InputError(`${path}: not a supportguard JSON report (write one with --format json)`);
  }
  report.findings.forEach((f: Partial<Finding>, i) => {
    if (!f || typeof f.accountId !== 'string' || !/^\d{12}$/.test(f.accountId) || typeof f.checkId !== 'string' || typeof f.status !== 'string' || !isPartition(String(f.partition))) {
      throw new InputError(`${path}: findings[${i}] lacks a 12-digit accountId, a checkId, a status or a known partition`);
    }
    // Every field the renderers read: a report edited by hand must be refused here, not crash the ASFF or HTML writer.
    if (!STATUSES.includes(f.status as Status) || !SEVERITIES.includes(f.severity as Severity)) throw new InputError(`${path}: findings[${i}] has an unknown status or severity`);
    for (const key of ['title', 'message', 'remediation', 'resourceArn', 'resourceType', 'messageId'] as const) {
      if (typeof f[key] !== 'string') throw new InputError(`${path}: findings[${i}].${key} must be a string`);
    }
    const refs = f.references as unknown;
    if (!Array.isArray(refs) || !refs.every((r) => !!r && typeof r === 'object' && ['framework', 'version', 'control'].every((k) => typeof (r as Record<string, unknown>)[k] === 'string'))) {
      throw new InputError(`${path}: findings[${i}].references must be a list of {framework, version, control}`);
    }
    if (f.accountName !== undefined && typeof f.accountName !== 'string') throw new InputError(`${path}: findings[${i}].accountName must be a string`);
  });
  report.accounts.forEach((a: { accountId?: unknown; status?: unknown; ouPath?: unknown }, i) => {
    if (!a || typeof a.accountId !== 'string' || !['PASS', 'FAIL', 'ERROR'].includes(String(a.status))) throw new InputError(`${path}: accounts[${i}] lacks an accountId or a PASS/FAIL/ERROR status`);
    if (a.ouPath !== undefined && !(Array.isArray(a.ouPath) && a.ouPath.every((x) => typeof x === 'string'))) throw new InputError(`${path}: accounts[${i}].ouPath must be a list of OU ids`);
  });
  const generatedAt = typeof report.generatedAt === 'string' && !Number.isNaN(Date.parse(report.generatedAt)) ? report.generatedAt : new Date().toISOString();
  return {
    result: { findings: report.findings as Finding[], accounts: report.accounts as AuditResult['accounts'], skipped: Array.isArray(report.skipped) ? (report.skipped as AuditResult['skipped']) : [] },
    generatedAt,
  };
}

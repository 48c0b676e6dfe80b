import type { AuditResult } from '../checks/engine.js';
import type { Check } from '../checks/types.js';

/** Everything a renderer may use. Renderers are pure: they return text and never print. */
export interface ReportInput {
  result: AuditResult;
  /** The checks that ran (for rule metadata in SARIF, docs links…). */
  checks: readonly Check[];
  /** ISO time of the scan. */
  generatedAt: string;
  /** Colour for terminal output. */
  color?: boolean;
  /** Region to attribute findings to (ASFF, OCSF); IAM is global, so each partition's main region by default. */
  region?: string;
  /**
   * How much the table prints (other formats ignore it). 'problems' (the default): each account's verdict, its FAIL and
   * ERROR findings and a count of the others, and beyond TABLE_ACCOUNT_LIMIT accounts the PASS accounts with nothing to
   * show as one count. 'all' (`--verbose`, or an explicit `--status`): every finding of the result. 'quiet' (`--quiet`):
   * only accounts with a FAIL or ERROR finding, and the summary.
   */
  detail?: TableDetail;
}

export type TableDetail = 'problems' | 'all' | 'quiet';

export type Renderer = (input: ReportInput) => string;

/**
 * A renderer that gives its text in parts, whose concatenation is exactly the text of the format's `Renderer`, each
 * made when the next is asked for (iterate once; `[...parts]` to keep them). For reports larger than one string can
 * hold (V8: ~2^29 characters, ~512 MiB): the CLI writes each part to the file as it comes, never joining them.
 * OCSF, ASFF and JSON have one (`RENDERER_PARTS`): they are the reports that grow that big.
 */
export type PartsRenderer = (input: ReportInput) => Iterable<string>;

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
}

export type Renderer = (input: ReportInput) => string;

import { renderAsff } from './asff.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderOcsf } from './ocsf.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';
import type { ReportFormat } from './formats.js';
import type { Renderer } from './types.js';

/** Output formats by name (REPORT_FORMATS, in its order). Each is a pure function from the audit result to text. */
export const RENDERERS: Record<string, Renderer> = {
  table: renderTable,
  json: renderJson,
  junit: renderJunit,
  csv: renderCsv,
  ocsf: renderOcsf,
  asff: renderAsff,
  html: renderHtml,
  sarif: renderSarif,
} satisfies Record<ReportFormat, Renderer>;

export type { ReportInput, Renderer } from './types.js';
export { summarize, type Summary } from './summary.js';

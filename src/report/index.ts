import { renderAsff, renderAsffParts } from './asff.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson, renderJsonParts } from './json.js';
import { renderJunit } from './junit.js';
import { renderOcsf, renderOcsfParts } from './ocsf.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';
import type { ReportFormat } from './formats.js';
import type { PartsRenderer, Renderer } from './types.js';

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

/**
 * The formats that can also give their text in parts (joined, exactly the text of RENDERERS): those a large
 * organisation makes bigger than one string can hold. Write the parts one by one (`for (const p of parts) out.write(p)`).
 */
export const RENDERER_PARTS: Partial<Record<ReportFormat, PartsRenderer>> = {
  json: renderJsonParts,
  ocsf: renderOcsfParts,
  asff: renderAsffParts,
};

export type { ReportInput, Renderer, PartsRenderer } from './types.js';
export { summarize, type Summary } from './summary.js';

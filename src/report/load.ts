import type { ReportFormat } from './formats.js';
import type { Renderer } from './types.js';

/** Each format's module, imported when a run prints with it: `audit` loads the table, not the seven others. */
const LOADERS: Record<ReportFormat, () => Promise<Renderer>> = {
  table: async () => (await import('./table.js')).renderTable,
  json: async () => (await import('./json.js')).renderJson,
  junit: async () => (await import('./junit.js')).renderJunit,
  csv: async () => (await import('./csv.js')).renderCsv,
  ocsf: async () => (await import('./ocsf.js')).renderOcsf,
  asff: async () => (await import('./asff.js')).renderAsff,
  html: async () => (await import('./html.js')).renderHtml,
  sarif: async () => (await import('./sarif.js')).renderSarif,
};

/** The renderer of one format (the function RENDERERS holds under that name). */
export function loadRenderer(format: ReportFormat): Promise<Renderer> {
  return LOADERS[format]();
}

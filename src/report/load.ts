import type { ReportFormat } from './formats.js';
import type { PartsRenderer, Renderer } from './types.js';

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

/** The formats whose text can come in parts (RENDERER_PARTS), loaded the same way. */
const PART_LOADERS: Partial<Record<ReportFormat, () => Promise<PartsRenderer>>> = {
  json: async () => (await import('./json.js')).renderJsonParts,
  ocsf: async () => (await import('./ocsf.js')).renderOcsfParts,
  asff: async () => (await import('./asff.js')).renderAsffParts,
};

/** The renderer of one format (the function RENDERERS holds under that name). */
export function loadRenderer(format: ReportFormat): Promise<Renderer> {
  return LOADERS[format]();
}

/**
 * The text of one format in parts: the format's parts renderer (RENDERER_PARTS), or its whole text as the one part.
 * What the CLI writes with: a large OCSF, ASFF or JSON report is never made into one string.
 */
export async function loadPartsRenderer(format: ReportFormat): Promise<PartsRenderer> {
  const parts = PART_LOADERS[format];
  if (parts) return parts();
  const render = await loadRenderer(format);
  return (input) => [render(input)];
}

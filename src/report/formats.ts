/**
 * The report formats by name, in the order --help lists them. A module of its own so that the CLI can describe
 * --format without loading the renderers; `RENDERERS` (./index.ts) must have exactly these keys, in this order.
 */
export const REPORT_FORMATS = ['table', 'json', 'junit', 'csv', 'ocsf', 'asff', 'html', 'sarif'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * The file each format gets in an `-o DIR/` folder (`-f table,json,sarif -o reports/`): one documented name a format,
 * so a pipeline knows where to pick the SARIF up. The JSON flavours keep `.json` last so editors recognise them.
 */
export const REPORT_FILE_NAMES: Record<ReportFormat, string> = {
  table: 'supportguard.txt',
  json: 'supportguard.json',
  junit: 'supportguard.junit.xml',
  csv: 'supportguard.csv',
  ocsf: 'supportguard.ocsf.json',
  asff: 'supportguard.asff.json',
  html: 'supportguard.html',
  sarif: 'supportguard.sarif',
};

/**
 * The report formats by name, in the order --help lists them. A module of its own so that the CLI can describe
 * --format without loading the renderers; `RENDERERS` (./index.ts) must have exactly these keys, in this order.
 */
export const REPORT_FORMATS = ['table', 'json', 'junit', 'csv', 'ocsf', 'asff', 'html', 'sarif'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * What `supportguard emit` can produce, in the order --help lists them. A module of its own so that the CLI can
 * describe `emit <kind>` without loading the renderers; `EMITTERS` (./index.ts) must have exactly these keys, in this order.
 */
export const EMIT_KINDS = ['terraform', 'cloudformation', 'stackset', 'scp', 'eventbridge', 'cloudwatch', 'runbook'] as const;

export type EmitKind = (typeof EMIT_KINDS)[number];

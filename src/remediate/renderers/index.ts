import type { RemediationSpec } from '../spec.js';
import { renderCloudFormation } from './cloudformation.js';
import { renderCloudWatch } from './cloudwatch.js';
import { renderEventBridge } from './eventbridge.js';
import { renderRunbook } from './runbook.js';
import { renderScp } from './scp.js';
import { renderStackSet } from './stackset.js';
import { renderTerraform } from './terraform.js';
import type { EmitKind } from './kinds.js';
import type { EmitOptions, Emitted, Emitter } from './types.js';

/** Every artefact `supportguard emit` can produce from one spec (EMIT_KINDS, in its order). */
export const EMITTERS: Record<string, Emitter> = {
  terraform: (spec) => renderTerraform(spec),
  cloudformation: (spec) => renderCloudFormation(spec),
  stackset: (spec) => renderStackSet(spec),
  scp: (spec, o) => renderScp(spec, o),
  eventbridge: (spec, o) => renderEventBridge(spec, o),
  cloudwatch: (spec, o) => renderCloudWatch(spec, o),
  runbook: (spec) => renderRunbook(spec),
} satisfies Record<EmitKind, Emitter>;

/** Renders one artefact by name; throws for an unknown name. */
export function emit(kind: string, spec: RemediationSpec, options: EmitOptions = {}): Emitted {
  const e = EMITTERS[kind];
  if (!e) throw new Error(`unknown artefact "${kind}"`);
  return e(spec, options);
}

export type { EmitOptions, Emitted, Emitter } from './types.js';

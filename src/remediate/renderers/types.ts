import type { RemediationSpec } from '../spec.js';

/** Options some emitters need beyond the spec. */
export interface EmitOptions {
  /** SCP: principals (ARN patterns) still allowed to change the role, e.g. the pipeline role. */
  scpExemptPrincipals?: string[];
  /** EventBridge: `cloudformation` (a rule + SNS target template) or `json` (the event pattern alone); CloudWatch: `cloudformation` or `terraform`. */
  format?: 'cloudformation' | 'json' | 'terraform';
  /** CloudWatch: the log group the trail delivers to. */
  logGroupName?: string;
}

/** What an emitter returns: the artefact, and notes for the person running it (printed to stderr). */
export interface Emitted {
  text: string;
  notes: string[];
}

/** An emitter: a pure function of the spec. */
export type Emitter = (spec: RemediationSpec, options: EmitOptions) => Emitted;

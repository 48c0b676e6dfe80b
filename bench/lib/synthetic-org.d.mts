import type { AuditResult } from '../../src/checks/engine.js';
import type { Check } from '../../src/checks/types.js';

export declare function syntheticAccountId(i: number): string;
export declare const HOSTILE_NAMES: readonly string[];
export declare function syntheticOrgResult(n: number, checks: readonly Pick<Check, 'id' | 'title' | 'severity' | 'references' | 'remediation'>[]): AuditResult;

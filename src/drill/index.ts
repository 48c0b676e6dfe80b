export { runDrill, DEFAULT_DRILL_ROLE_NAME, DEFAULT_DRILL_DURATION, type DrillOptions } from './run.js';
export { judgeAccount, judgeCall, timeToEngage, SUBSCRIPTION_NOTE, type AccountObservations } from './verdict.js';
export { renderDrillTable, renderDrillJson, describeTimings } from './render.js';
export { drillHistoryRecord } from './record.js';
export type { AccountDrill, CallOutcome, DrillResult, DrillTimings, ProbeResult, SupportCall, TestCaseResult } from './model.js';

export { buildHistoryRecord, HISTORY_KIND, type HistoryAccount, type HistoryRecord, type SupportRoleUse } from './record.js';
export { appendHistory, parseHistory, readHistory, type HistoryProblem, type HistoryContents } from './store.js';
export { DRILL_KIND, validateDrillRecord, type DrillHistoryAccount, type DrillHistoryRecord } from './drill-record.js';
export { checkHistoryTarget } from './store.js';

export { buildHistoryRecord, HISTORY_KIND, type HistoryAccount, type HistoryRecord, type SupportRoleUse } from './record.js';
export { appendHistory, parseHistory, readHistory, type HistoryProblem } from './store.js';
export { checkHistoryTarget } from './store.js';

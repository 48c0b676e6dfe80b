export { buildHistoryRecord, HISTORY_KIND, type HistoryAccount, type HistoryRecord, type RoleAccessEntry, type SupportRoleUse } from './record.js';
export { accessChangesOverTime, describeAccessChange, diffRoleAccess, roleAccessFromResult, type AccessChange, type AccessChangeKind, type RoleAccess } from './access.js';
export { appendHistory, parseHistory, readHistory, type HistoryProblem, type HistoryContents } from './store.js';
export { DRILL_KIND, validateDrillRecord, type DrillHistoryAccount, type DrillHistoryRecord } from './drill-record.js';
export { checkHistoryTarget } from './store.js';

export { buildReview, previousScan } from './build.js';
export { renderReview, renderReviewCsv, renderReviewMarkdown, REVIEW_CSV_COLUMNS, REVIEW_FORMATS, type ReviewFormat } from './render.js';
export type { Approval, Review, ReviewPrincipal, ReviewRole } from './model.js';

// Package promotion's stage, imported by the step only when the plan promotes to a feed (its own chunk in a
// bundle).
export { runPromotions } from '../promote/run-promotions.js';
export { promotionsPart } from '../report/promotions-verdict.js';

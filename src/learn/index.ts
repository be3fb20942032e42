/** Sparse linear learning: vectors, logistic regression (dual and primal), folds, thresholds, metrics, multi-label recipe, model files. */
export * from './sparse.js';
export * from './logistic.js';
export * from './onevsrest.js';
export * from './primal.js';
export * from './folds.js';
export * from './thresholds.js';
export * from './metrics.js';
export * from './multilabel.js';
export * from './modelfile.js';
export * from './textmodel.js';
export * from './random.js';
export * from './calibration.js';
export * from './priorshift.js';

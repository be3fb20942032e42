/** Sparse linear learning: vectors, one-vs-rest logistic regression, folds, thresholds, model files. */
export * from './sparse.js';
export * from './logistic.js';
export * from './onevsrest.js';
export * from './folds.js';
export * from './thresholds.js';
export * from './modelfile.js';
export * from './random.js';

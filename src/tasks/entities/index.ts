/** Entity framing (SemEval-2025 Task 10 subtask 1): who an article names and the role it casts each in. */
export * from './taxonomy.js';
export * from './io.js';
export * from './score.js';
export * from './model.js';
export * from './store.js';
export * from './predict.js';
export * from './discover.js';
export { annotateEntities, entitiesAnnotator } from './annotate.js';

/** Narrative classification (SemEval-2025 Task 10 subtask 2) and explanation (subtask 3). */
export * from './taxonomy.js';
export * from './io.js';
export * from './score.js';
export * from './labels.js';
export * from './decode.js';
export * from './model.js';
export * from './train.js';
export * from './build.js';
export * from './explain.js';
export * from './annotate.js';

/**
 * One-vs-rest logistic regression over sparse vectors: one binary model per label, all trained on
 * one shared Gram matrix (see logistic.ts), then turned into an ordinary linear model for inference.
 */
import { gramMatrix, type SparseVector } from './sparse.js';
import { DEFAULT_LOGISTIC_OPTIONS, dualDecision, sigmoid, trainDualLogistic, type DualSolution, type LogisticOptions } from './logistic.js';

export interface OneVsRestOptions {
  C: number;
  /** Positive-class weight as a function of positive and negative counts. */
  positiveWeight: (positives: number, negatives: number) => number;
  bias: number;
  maxEpochs: number;
  tolerance: number;
  seed: number;
  /** Optional weight of each example, indexed by Gram row (see LogisticOptions.rowWeight). */
  rowWeight?: ArrayLike<number>;
}

/** sqrt(n_neg / n_pos), capped at 10: a softened "balanced" class weight. */
export const softBalanced = (pos: number, neg: number): number => (pos > 0 ? Math.min(10, Math.sqrt(neg / pos)) : 1);

export const DEFAULT_OVR_OPTIONS: OneVsRestOptions = {
  C: 10,
  positiveWeight: softBalanced,
  bias: 1,
  maxEpochs: DEFAULT_LOGISTIC_OPTIONS.maxEpochs,
  tolerance: 0.01,
  seed: 1,
};

/**
 * A linear multi-label model: weights stored feature-major (weights[row * numLabels + l]). Dense by
 * default (row = feature index); with `rowOf` only the features that have weights are stored
 * (rowOf[f] is f's row, or -1), which keeps a loaded model small when most hashed features are empty.
 */
export class LinearModel {
  constructor(
    readonly labels: readonly string[],
    readonly dims: number,
    readonly weights: Float32Array,
    readonly bias: Float32Array,
    readonly rowOf?: Int32Array,
  ) {
    const L = Math.max(1, labels.length);
    const ok = rowOf ? rowOf.length === dims && weights.length % L === 0 : weights.length === dims * labels.length;
    if (!ok) throw new Error('LinearModel: weights size does not match dims × labels');
  }

  /** Raw decision values w·x + b, one per label. */
  decision(x: SparseVector): Float64Array {
    const L = this.labels.length;
    const out = Float64Array.from(this.bias);
    const rowOf = this.rowOf;
    for (let k = 0; k < x.indices.length; k++) {
      const row = rowOf ? rowOf[x.indices[k]] : x.indices[k];
      if (row < 0) continue;
      const base = row * L;
      const v = x.values[k];
      for (let l = 0; l < L; l++) out[l] += v * this.weights[base + l];
    }
    return out;
  }

  /** Probabilities (logistic of the decision values), one per label. */
  scores(x: SparseVector): Float64Array {
    const d = this.decision(x);
    for (let l = 0; l < d.length; l++) d[l] = sigmoid(d[l]);
    return d;
  }

  /** Contribution of each of x's features to label l's decision value (same order as x.indices). */
  contributions(x: SparseVector, l: number): Float64Array {
    const L = this.labels.length;
    const out = new Float64Array(x.indices.length);
    for (let k = 0; k < x.indices.length; k++) {
      const row = this.rowOf ? this.rowOf[x.indices[k]] : x.indices[k];
      if (row >= 0) out[k] = x.values[k] * this.weights[row * L + l];
    }
    return out;
  }
}

function logisticOptions(o: OneVsRestOptions, pos: number, neg: number): Partial<LogisticOptions> {
  return { C: o.C, positiveWeight: o.positiveWeight(pos, neg), bias: o.bias, maxEpochs: o.maxEpochs, tolerance: o.tolerance, rowWeight: o.rowWeight };
}

/**
 * Trains every label on the rows `rows` of an n×n Gram matrix. `targets[l][i]` says whether
 * example i (a Gram row) has label l. Labels without positives among `rows` get null.
 */
export function trainOneVsRestDual(
  gram: Float64Array,
  n: number,
  rows: readonly number[],
  targets: readonly Uint8Array[],
  options: Partial<OneVsRestOptions> = {},
): (DualSolution | null)[] {
  const o = { ...DEFAULT_OVR_OPTIONS, ...options };
  return targets.map((t, l) => {
    const labels = rows.map((r) => t[r] === 1);
    const pos = labels.filter(Boolean).length;
    if (pos === 0) return null;
    return trainDualLogistic(gram, n, rows, labels, logisticOptions(o, pos, rows.length - pos), o.seed + l);
  });
}

/** Probabilities of each query row (of the same Gram matrix) under dual solutions; row-major query × label. */
export function predictDual(solutions: readonly (DualSolution | null)[], gram: Float64Array, n: number, trainRows: readonly number[], queryRows: readonly number[]): Float64Array[] {
  const out = queryRows.map(() => new Float64Array(solutions.length));
  solutions.forEach((sol, l) => {
    if (!sol) return;
    const d = dualDecision(sol, gram, n, trainRows, queryRows);
    for (let q = 0; q < queryRows.length; q++) out[q][l] = sigmoid(d[q]);
  });
  return out;
}

/** Turns dual solutions over training vectors X into a LinearModel over `dims` features. */
export function toLinearModel(labels: readonly string[], X: readonly SparseVector[], rows: readonly number[], solutions: readonly (DualSolution | null)[], dims: number): LinearModel {
  const L = labels.length;
  const weights = new Float32Array(dims * L);
  const b = new Float32Array(L);
  solutions.forEach((sol, l) => {
    if (!sol) {
      b[l] = -20; // never seen in training: probability ~0
      return;
    }
    b[l] = sol.intercept;
    rows.forEach((r, k) => {
      const c = sol.coef[k];
      if (c === 0) return;
      const x = X[r];
      for (let j = 0; j < x.indices.length; j++) weights[x.indices[j] * L + l] += c * x.values[j];
    });
  });
  return new LinearModel(labels, dims, weights, b);
}

/**
 * Trains a one-vs-rest model on sparse vectors `X` (all of dimension `dims`) with label sets `Y`
 * (label ids into `labels`). The convenient entry point when no cross-validation is needed.
 */
export function trainOneVsRest(X: readonly SparseVector[], Y: readonly (readonly number[])[], labels: readonly string[], dims: number, options: Partial<OneVsRestOptions> = {}): LinearModel {
  const o = { ...DEFAULT_OVR_OPTIONS, ...options };
  const n = X.length;
  const gram = gramMatrix(X, X, dims);
  const targets = labels.map((_, l) => Uint8Array.from(Y, (ys) => (ys.includes(l) ? 1 : 0)));
  const rows = Array.from({ length: n }, (_, i) => i);
  const sols = trainOneVsRestDual(gram, n, rows, targets, o);
  return toLinearModel(labels, X, rows, sols, dims);
}

/**
 * One-vs-rest L2 logistic regression in primal form, trained by LIBLINEAR's dual coordinate
 * descent (Yu, Huang & Lin 2011) with the weight vector kept explicitly, so an epoch costs the
 * number of non-zeros instead of n². logistic.ts's solver works on a Gram matrix, which is right for a
 * few hundred articles but not for ten thousand paragraphs (the n×n matrix alone would be 700 MB).
 * Produces the same LinearModel as onevsrest.ts, so inference and model files are shared.
 */
import { dualNewtonStep } from './logistic.js';
import { LinearModel, softBalanced } from './onevsrest.js';
import { shuffle, xorshift32 } from './random.js';
import type { SparseVector } from './sparse.js';

export interface PrimalOptions {
  C: number;
  /** Positive-class weight from the positive and negative counts. */
  positiveWeight: (pos: number, neg: number) => number;
  bias: number;
  maxEpochs: number;
  tolerance: number;
  seed: number;
}

export const DEFAULT_PRIMAL_OPTIONS: PrimalOptions = {
  C: 1,
  positiveWeight: softBalanced,
  bias: 1,
  maxEpochs: 30,
  tolerance: 0.05,
  seed: 1,
};

/** Trains one binary model; returns weights (length dims) and the bias weight. */
export function trainPrimalBinary(X: readonly SparseVector[], y: ArrayLike<boolean>, dims: number, options: Partial<PrimalOptions> = {}): { w: Float64Array; b: number } {
  const o = { ...DEFAULT_PRIMAL_OPTIONS, ...options };
  const m = X.length;
  let pos = 0;
  for (let i = 0; i < m; i++) if (y[i]) pos++;
  const pw = o.positiveWeight(pos, m - pos);
  const w = new Float64Array(dims);
  let wb = 0; // weight of the constant bias feature
  const b2 = o.bias * o.bias;
  const alpha = new Float64Array(m);
  const alphaC = new Float64Array(m);
  const upper = new Float64Array(m);
  const qdiag = new Float64Array(m);
  const ys = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    ys[i] = y[i] ? 1 : -1;
    upper[i] = o.C * (y[i] ? pw : 1);
    alpha[i] = Math.min(0.001 * upper[i], 1e-8);
    alphaC[i] = upper[i] - alpha[i];
    const v = X[i].values;
    let s = b2;
    for (let k = 0; k < v.length; k++) s += v[k] * v[k];
    qdiag[i] = s;
    const a = ys[i] * alpha[i];
    const idx = X[i].indices;
    for (let k = 0; k < idx.length; k++) w[idx[k]] += a * v[k];
    wb += a * o.bias;
  }
  const order = Array.from({ length: m }, (_, i) => i);
  const rand = xorshift32(o.seed);
  const innerEps = 1e-2;
  for (let epoch = 0; epoch < o.maxEpochs; epoch++) {
    shuffle(order, rand);
    let gmax = 0;
    for (const i of order) {
      const idx = X[i].indices;
      const v = X[i].values;
      let wx = wb * o.bias;
      for (let k = 0; k < idx.length; k++) wx += w[idx[k]] * v[k];
      const step = dualNewtonStep(upper[i], qdiag[i], ys[i] * wx, alpha, alphaC, i, innerEps);
      gmax = Math.max(gmax, step.gradient);
      if (step.delta === 0) continue;
      const delta = step.delta * ys[i];
      for (let k = 0; k < idx.length; k++) w[idx[k]] += delta * v[k];
      wb += delta * o.bias;
    }
    if (gmax < o.tolerance) break;
  }
  return { w, b: wb * o.bias };
}

/** One-vs-rest model over `labels`; `Y[i]` holds label ids of example i. */
export function trainPrimalOneVsRest(X: readonly SparseVector[], Y: readonly (readonly number[])[], labels: readonly string[], dims: number, options: Partial<PrimalOptions> = {}): LinearModel {
  const L = labels.length;
  const weights = new Float32Array(dims * L);
  const bias = new Float32Array(L);
  for (let l = 0; l < L; l++) {
    const y = Y.map((ys) => ys.includes(l));
    if (!y.some(Boolean)) {
      bias[l] = -20; // never seen in training: probability ~0
      continue;
    }
    const { w, b } = trainPrimalBinary(X, y, dims, { ...options, seed: (options.seed ?? 1) + l });
    for (let f = 0; f < dims; f++) if (w[f] !== 0) weights[f * L + l] = w[f];
    bias[l] = b;
  }
  return new LinearModel(labels, dims, weights, bias);
}

/** Probabilities of many vectors under a model (row per vector). */
export function predictProbabilities(model: LinearModel, X: readonly SparseVector[]): Float64Array[] {
  return X.map((x) => model.scores(x));
}

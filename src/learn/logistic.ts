/**
 * L2-regularised logistic regression trained by dual coordinate descent (Yu, Huang & Lin 2011, the
 * method behind LIBLINEAR's `-s 7`), run over a precomputed Gram matrix. With a few hundred
 * documents and hundreds of thousands of n-gram features the Gram matrix is small, so one matrix
 * serves every label of a one-vs-rest model and every inner cross-validation fold.
 * Hand-written because npm has no maintained sparse linear classifier.
 */
import { shuffle, xorshift32 } from './random.js';

export interface LogisticOptions {
  /** Inverse regularisation strength (LIBLINEAR's C). */
  C: number;
  /** Weight of positive examples relative to negatives ("balanced" = n_neg / n_pos, capped). */
  positiveWeight: number;
  /** Value of the constant bias feature (LIBLINEAR's -B); the bias is regularised like any weight. */
  bias: number;
  maxEpochs: number;
  /** Stop when the largest projected gradient of an epoch falls below this. */
  tolerance: number;
  /** Optional weight of each example, indexed by Gram row (multiplies its C); absent = 1. */
  rowWeight?: ArrayLike<number>;
}

export const DEFAULT_LOGISTIC_OPTIONS: LogisticOptions = { C: 1, positiveWeight: 1, bias: 1, maxEpochs: 60, tolerance: 1e-3 };

/** A kernel-form solution: decision f(x) = Σ coef[i]·(x_i·x) + intercept, over the training rows. */
export interface DualSolution {
  /** y_i·α_i per training row. */
  readonly coef: Float64Array;
  /** Σ coef[i]·bias², the intercept contributed by the bias feature. */
  readonly intercept: number;
}

/**
 * Trains one binary classifier on the rows `rows` of an n×n Gram matrix (row-major, stride n).
 * `labels[k]` is the class of `rows[k]`. Deterministic: rows are visited in a seeded order.
 */
export function trainDualLogistic(
  gram: Float64Array,
  stride: number,
  rows: ArrayLike<number>,
  labels: ArrayLike<boolean>,
  options: Partial<LogisticOptions> = {},
  seed = 1,
): DualSolution {
  const o = { ...DEFAULT_LOGISTIC_OPTIONS, ...options };
  const m = rows.length;
  const b2 = o.bias * o.bias;
  const y = new Float64Array(m);
  const upper = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    y[k] = labels[k] ? 1 : -1;
    upper[k] = o.C * (labels[k] ? o.positiveWeight : 1) * (o.rowWeight ? o.rowWeight[rows[k]] : 1);
  }
  // alpha[k] and its complement upper[k] - alpha[k], kept separately for precision near the bounds.
  const alpha = new Float64Array(m);
  const alphaC = new Float64Array(m);
  // f[k] = w·x_k (including the bias feature) for the current alpha.
  const f = new Float64Array(m);
  const kdiag = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    alpha[k] = Math.min(0.001 * upper[k], 1e-8);
    alphaC[k] = upper[k] - alpha[k];
    kdiag[k] = gram[rows[k] * stride + rows[k]] + b2;
  }
  for (let k = 0; k < m; k++) {
    const rk = rows[k] * stride;
    const a = y[k] * alpha[k];
    if (a === 0) continue;
    for (let j = 0; j < m; j++) f[j] += a * (gram[rk + rows[j]] + b2);
  }
  const order = Array.from({ length: m }, (_, k) => k);
  const rand = xorshift32(seed);
  const innerEps = 1e-2;
  for (let epoch = 0; epoch < o.maxEpochs; epoch++) {
    shuffle(order, rand);
    let gmax = 0;
    for (const i of order) {
      const step = dualNewtonStep(upper[i], kdiag[i], y[i] * f[i], alpha, alphaC, i, innerEps);
      gmax = Math.max(gmax, step.gradient);
      if (step.delta === 0) continue;
      const delta = step.delta * y[i];
      const ri = rows[i] * stride;
      for (let j = 0; j < m; j++) f[j] += delta * (gram[ri + rows[j]] + b2);
    }
    if (gmax < o.tolerance) break;
  }
  const coef = new Float64Array(m);
  let intercept = 0;
  for (let k = 0; k < m; k++) {
    coef[k] = y[k] * alpha[k];
    intercept += coef[k] * b2;
  }
  return { coef, intercept };
}

/** Decision values of a dual solution for query rows of a Gram matrix (query × train, stride = train count). */
export function dualDecision(sol: DualSolution, cross: Float64Array, stride: number, trainCols: ArrayLike<number>, queryRows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(queryRows.length);
  for (let q = 0; q < queryRows.length; q++) {
    const base = queryRows[q] * stride;
    let s = sol.intercept;
    for (let k = 0; k < trainCols.length; k++) s += sol.coef[k] * cross[base + trainCols[k]];
    out[q] = s;
  }
  return out;
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * One coordinate of the dual logistic-regression problem (Yu, Huang & Lin 2011, as in LIBLINEAR):
 * solves the one-variable subproblem for example i by Newton steps, working on whichever of
 * alpha_i and its complement C - alpha_i keeps the steps stable, and updates both in place. `a` is
 * the example's squared norm, `b` = y_i times its current decision value. Returns the change of
 * alpha_i (0 when already optimal) and the absolute projected gradient, for the stopping test.
 */
export function dualNewtonStep(
  C: number,
  a: number,
  b: number,
  alpha: Float64Array,
  alphaC: Float64Array,
  i: number,
  innerEps: number,
): { delta: number; gradient: number } {
  let sign = 1;
  let zOld = alpha[i];
  if (0.5 * a * (alphaC[i] - alpha[i]) + b < 0) {
    sign = -1;
    zOld = alphaC[i];
  }
  let z = zOld;
  if (C - z < 0.5 * C) z = 0.1 * z;
  let gp = a * (z - zOld) + sign * b + Math.log(z / (C - z));
  const gradient = Math.abs(gp);
  let it = 0;
  while (it <= 100 && Math.abs(gp) >= innerEps) {
    const gpp = a + C / (C - z) / z;
    const tmp = z - gp / gpp;
    z = tmp <= 0 ? z * 0.1 : tmp;
    gp = a * (z - zOld) + sign * b + Math.log(z / (C - z));
    it++;
  }
  if (it === 0) return { delta: 0, gradient };
  if (sign === 1) {
    alpha[i] = z;
    alphaC[i] = C - z;
  } else {
    alphaC[i] = z;
    alpha[i] = C - z;
  }
  return { delta: sign * (z - zOld), gradient };
}

/**
 * Label shift: the label mix of the articles being analysed differs from the training mix (a news
 * feed is mostly reporting; the training split is 88% opinion). Given calibrated probabilities of a
 * batch, expectation–maximisation estimates the batch's label priors and re-weights the posteriors
 * to them (Saerens, Latinne & Decaestecker, "Adjusting the outputs of a classifier to new a priori
 * probabilities", Neural Computation 2002):
 *
 *   E: p'(c|x) ∝ p(c|x) · π'_c / π_c      M: π'_c = mean over the batch of p'(c|x)
 *
 * For small batches the M-step can be regularised toward the training priors with a Dirichlet
 * pseudo-count (maximum a posteriori EM): π'_c = (Σ p'(c|x) + α·π_c) / (n + α).
 * Multi-label models run the binary form of the same iteration on each label by itself.
 */

const EPS = 1e-9;

export interface PriorShiftOptions {
  maxIterations: number;
  /** Stop when no prior moves by more than this between iterations. */
  tolerance: number;
  /** Dirichlet pseudo-count pulling the estimate toward the training priors (0: maximum likelihood). */
  pseudoCount: number;
}

export const DEFAULT_PRIOR_SHIFT: PriorShiftOptions = { maxIterations: 200, tolerance: 1e-6, pseudoCount: 0 };

export interface PriorEstimate {
  /** The estimated priors of the batch. */
  priors: Float64Array;
  iterations: number;
  converged: boolean;
  /** Rows the estimate was made from. */
  n: number;
}

/** Posterior under new priors: p'(c|x) ∝ p(c|x) · new_c / train_c. */
export function shiftPosterior(p: ArrayLike<number>, trainPriors: ArrayLike<number>, newPriors: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length);
  let s = 0;
  for (let c = 0; c < p.length; c++) {
    out[c] = (p[c] * Math.max(newPriors[c], 0)) / Math.max(trainPriors[c], EPS);
    s += out[c];
  }
  if (s <= 0) return Float64Array.from(p);
  for (let c = 0; c < p.length; c++) out[c] /= s;
  return out;
}

/** Binary posterior of one label under a new prior. */
export function shiftBinary(p: number, trainPrior: number, newPrior: number): number {
  const a = (p * newPrior) / Math.max(trainPrior, EPS);
  const b = ((1 - p) * (1 - newPrior)) / Math.max(1 - trainPrior, EPS);
  return a + b > 0 ? a / (a + b) : p;
}

/**
 * EM estimate of a batch's class priors from calibrated multi-class probabilities `probs` (rows
 * summing to 1) of a model trained with priors `trainPriors`.
 */
export function emPriors(probs: readonly ArrayLike<number>[], trainPriors: ArrayLike<number>, options: Partial<PriorShiftOptions> = {}): PriorEstimate {
  const o = { ...DEFAULT_PRIOR_SHIFT, ...options };
  const C = trainPriors.length;
  const n = probs.length;
  let priors = Float64Array.from(trainPriors);
  if (n === 0) return { priors, iterations: 0, converged: true, n };
  for (let iter = 1; iter <= o.maxIterations; iter++) {
    const sum = new Float64Array(C);
    for (const p of probs) {
      const q = shiftPosterior(p, trainPriors, priors);
      for (let c = 0; c < C; c++) sum[c] += q[c];
    }
    const next = Float64Array.from(sum, (v, c) => (v + o.pseudoCount * trainPriors[c]) / (n + o.pseudoCount));
    let moved = 0;
    for (let c = 0; c < C; c++) moved = Math.max(moved, Math.abs(next[c] - priors[c]));
    priors = next;
    if (moved < o.tolerance) return { priors, iterations: iter, converged: true, n };
  }
  return { priors, iterations: o.maxIterations, converged: false, n };
}

/**
 * EM estimate of each label's prior in a batch, labels taken one at a time: `rows` are calibrated
 * per-label probabilities (rows × labels), `trainPriors` each label's share of positives in training.
 */
export function emLabelPriors(rows: readonly ArrayLike<number>[], trainPriors: ArrayLike<number>, options: Partial<PriorShiftOptions> = {}): PriorEstimate {
  const o = { ...DEFAULT_PRIOR_SHIFT, ...options };
  const L = trainPriors.length;
  const n = rows.length;
  const priors = Float64Array.from(trainPriors);
  if (n === 0) return { priors, iterations: 0, converged: true, n };
  let iterations = 0;
  let converged = true;
  for (let l = 0; l < L; l++) {
    const t = Math.min(1 - EPS, Math.max(EPS, trainPriors[l]));
    let pi = t;
    let done = false;
    for (let iter = 1; iter <= o.maxIterations; iter++) {
      let s = 0;
      for (const r of rows) s += shiftBinary(r[l], t, pi);
      const next = Math.min(1 - EPS, Math.max(EPS, (s + o.pseudoCount * t) / (n + o.pseudoCount)));
      const moved = Math.abs(next - pi);
      pi = next;
      iterations = Math.max(iterations, iter);
      if (moved < o.tolerance) {
        done = true;
        break;
      }
    }
    converged &&= done;
    priors[l] = pi;
  }
  return { priors, iterations, converged, n };
}

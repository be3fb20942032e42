/**
 * Calibration: turning a model's scores into probabilities that mean what they say, fitted on
 * out-of-fold scores (never on the examples the model was trained on), and measuring how far a set
 * of probabilities is from its outcomes.
 *
 * - Binary (one label of a multi-label model): Platt scaling on the logit of the score,
 *   p' = σ(a·logit(p) + b), with Platt's smoothed targets (n₊+1)/(n₊+2) and 1/(n₋+2) so a label with
 *   few positives is not pushed to 0 or 1.
 * - Multi-class: bias-corrected temperature scaling (softmax(log p / T + b), one temperature and one
 *   bias per class), the calibration that Alexandari, Kundaje & Shrikumar (ICML 2020) found hard to
 *   beat before estimating label shift by expectation–maximisation (priorshift.ts).
 * - Expected calibration error over equal-width bins, with the bins themselves for reliability plots.
 *
 * Written here because the fits are two to four parameters of a convex likelihood (Newton's method
 * on a few numbers) and no maintained npm package does calibration of this kind.
 */

const EPS = 1e-6;
const clamp = (p: number) => Math.min(1 - EPS, Math.max(EPS, p));
export const logitOf = (p: number): number => Math.log(clamp(p) / (1 - clamp(p)));
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Platt scaling of one label: p' = σ(a·logit(p) + b). The identity is { a: 1, b: 0 }. */
export interface Platt {
  a: number;
  b: number;
}

export const IDENTITY_PLATT: Platt = { a: 1, b: 0 };

/**
 * Fits Platt scaling on scores `p` with outcomes `y` (optionally weighted), by Newton's method on the
 * log-likelihood with Platt's smoothed targets and a small ridge (1e-3) that keeps a and b finite when
 * the scores separate the outcomes. Returns the identity when there are no positives or no negatives.
 */
export function fitPlatt(p: ArrayLike<number>, y: ArrayLike<boolean | number>, weights?: ArrayLike<number>): Platt {
  const n = p.length;
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    if (y[i]) pos += w;
    else neg += w;
  }
  if (pos === 0 || neg === 0) return { ...IDENTITY_PLATT };
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const x = Float64Array.from({ length: n }, (_, i) => logitOf(p[i]));
  let a = 1;
  let b = 0;
  const ridge = 1e-3;
  const objective = (aa: number, bb: number) => {
    let f = 0.5 * ridge * ((aa - 1) * (aa - 1) + bb * bb);
    for (let i = 0; i < n; i++) {
      const w = weights ? weights[i] : 1;
      const t = y[i] ? hi : lo;
      const z = aa * x[i] + bb;
      // −[t log σ(z) + (1−t) log(1−σ(z))] computed stably
      f += w * (Math.max(z, 0) - t * z + Math.log1p(Math.exp(-Math.abs(z))));
    }
    return f;
  };
  let f = objective(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = ridge * (a - 1);
    let gb = ridge * b;
    let haa = ridge;
    let hab = 0;
    let hbb = ridge;
    for (let i = 0; i < n; i++) {
      const w = weights ? weights[i] : 1;
      const t = y[i] ? hi : lo;
      const q = sigmoid(a * x[i] + b);
      const d = w * (q - t);
      const h = w * q * (1 - q);
      ga += d * x[i];
      gb += d;
      haa += h * x[i] * x[i];
      hab += h * x[i];
      hbb += h;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-12)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let accepted = false;
    while (step > 1e-8) {
      const na = a - step * da;
      const nb = b - step * db;
      const nf = objective(na, nb);
      if (nf <= f + 1e-12) {
        accepted = true;
        const done = Math.abs(na - a) + Math.abs(nb - b) < 1e-9;
        a = na;
        b = nb;
        f = nf;
        if (done) return { a, b };
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
  }
  return { a, b };
}

/** One score through Platt scaling. */
export function applyPlatt(c: Platt, p: number): number {
  return sigmoid(c.a * logitOf(p) + c.b);
}

/** A row of per-label scores through each label's Platt scaling (a plain loop: this runs for every sentence). */
export function applyPlattRow(platts: readonly Platt[], p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length);
  for (let l = 0; l < p.length; l++) {
    const c = platts[l];
    out[l] = sigmoid(c.a * logitOf(p[l]) + c.b);
  }
  return out;
}

/**
 * The calibrated value of a threshold on the raw score: Platt scaling is increasing when a > 0, so
 * `raw ≥ t` and `applyPlatt(raw) ≥ applyPlatt(t)` decide alike.
 */
export function plattThreshold(c: Platt, t: number): number {
  return applyPlatt(c, t);
}

/** Multi-class calibration: softmax(log p / temperature + bias). The identity is temperature 1, bias 0. */
export interface TemperatureBias {
  temperature: number;
  bias: number[];
}

/** Class probabilities through bias-corrected temperature scaling. */
export function applyTemperatureBias(c: TemperatureBias, p: ArrayLike<number>): Float64Array {
  const u = Float64Array.from({ length: p.length }, (_, k) => Math.log(clamp(p[k])) / c.temperature + (c.bias[k] ?? 0));
  return softmaxInPlace(u);
}

function softmaxInPlace(u: Float64Array): Float64Array {
  let m = -Infinity;
  for (const v of u) m = Math.max(m, v);
  let s = 0;
  for (let k = 0; k < u.length; k++) {
    u[k] = Math.exp(u[k] - m);
    s += u[k];
  }
  for (let k = 0; k < u.length; k++) u[k] /= s;
  return u;
}

/**
 * Fits bias-corrected temperature scaling on out-of-fold class probabilities `probs` with class ids
 * `y` (optionally weighted): Newton's method on the multinomial log-likelihood in (1/T, b₁…b_C), the
 * first bias fixed at 0, with a small ridge on the biases.
 */
export function fitTemperatureBias(probs: readonly ArrayLike<number>[], y: readonly number[], weights?: ArrayLike<number>): TemperatureBias {
  const n = probs.length;
  const C = n ? probs[0].length : 0;
  if (n === 0 || C < 2) return { temperature: 1, bias: new Array<number>(C).fill(0) };
  const z = probs.map((p) => Float64Array.from({ length: C }, (_, k) => Math.log(clamp(p[k]))));
  // Parameters θ = [s, b1 … b_{C−1}] (b0 = 0).
  const P = C;
  let theta = new Float64Array(P);
  theta[0] = 1;
  const ridge = 1e-3;
  const logits = (t: Float64Array, i: number) => {
    const u = new Float64Array(C);
    for (let k = 0; k < C; k++) u[k] = t[0] * z[i][k] + (k > 0 ? t[k] : 0);
    return u;
  };
  const objective = (t: Float64Array) => {
    let f = 0;
    for (let k = 1; k < P; k++) f += 0.5 * ridge * t[k] * t[k];
    for (let i = 0; i < n; i++) {
      const w = weights ? weights[i] : 1;
      const u = logits(t, i);
      let m = -Infinity;
      for (const v of u) m = Math.max(m, v);
      let s = 0;
      for (const v of u) s += Math.exp(v - m);
      f += w * (m + Math.log(s) - u[y[i]]);
    }
    return f;
  };
  let f = objective(theta);
  for (let iter = 0; iter < 100; iter++) {
    const g = new Float64Array(P);
    const H = new Float64Array(P * P);
    for (let k = 1; k < P; k++) {
      g[k] += ridge * theta[k];
      H[k * P + k] += ridge;
    }
    for (let i = 0; i < n; i++) {
      const w = weights ? weights[i] : 1;
      const q = softmaxInPlace(logits(theta, i));
      // d u_k / d θ: for s it is z_k; for b_j it is [k = j].
      const grad = (k: number, j: number) => (j === 0 ? z[i][k] : k === j ? 1 : 0);
      for (let a = 0; a < P; a++) {
        let ga = 0;
        let ea = 0;
        for (let k = 0; k < C; k++) ea += q[k] * grad(k, a);
        ga = ea - grad(y[i], a);
        g[a] += w * ga;
        for (let b = a; b < P; b++) {
          let eb = 0;
          let eab = 0;
          for (let k = 0; k < C; k++) {
            eb += q[k] * grad(k, b);
            eab += q[k] * grad(k, a) * grad(k, b);
          }
          const h = w * (eab - ea * eb);
          H[a * P + b] += h;
          if (b !== a) H[b * P + a] += h;
        }
      }
    }
    const d = solve(H, g, P);
    if (!d) break;
    let step = 1;
    let accepted = false;
    while (step > 1e-8) {
      const next = Float64Array.from(theta, (v, k) => v - step * d[k]);
      const nf = objective(next);
      if (nf <= f + 1e-12) {
        const moved = next.reduce((s, v, k) => s + Math.abs(v - theta[k]), 0);
        theta = next;
        f = nf;
        accepted = moved > 1e-9;
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
  }
  // A non-positive inverse temperature would reverse the ranking; keep the identity then.
  if (!(theta[0] > 1e-6)) return { temperature: 1, bias: new Array<number>(C).fill(0) };
  return { temperature: 1 / theta[0], bias: [0, ...Array.from(theta.subarray(1))] };
}

/** Solves H d = g (symmetric positive definite, small) by Gaussian elimination with pivoting; null when singular. */
function solve(H: Float64Array, g: Float64Array, P: number): Float64Array | null {
  const A = Array.from({ length: P }, (_, r) => [...Array.from(H.subarray(r * P, r * P + P)), g[r]]);
  for (let c = 0; c < P; c++) {
    let piv = c;
    for (let r = c + 1; r < P; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    if (Math.abs(A[piv][c]) < 1e-12) return null;
    [A[c], A[piv]] = [A[piv], A[c]];
    for (let r = 0; r < P; r++) {
      if (r === c) continue;
      const m = A[r][c] / A[c][c];
      for (let k = c; k <= P; k++) A[r][k] -= m * A[c][k];
    }
  }
  return Float64Array.from({ length: P }, (_, r) => A[r][P] / A[r][r]);
}

/** One bin of a reliability diagram: the scores in [lo, hi), their mean, and how often they came true. */
export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Mean predicted probability in the bin. */
  confidence: number;
  /** Share of the bin's predictions that came true. */
  frequency: number;
}

export interface Reliability {
  /** Expected calibration error: Σ (count / n) · |confidence − frequency| over the bins. */
  ece: number;
  /** The largest |confidence − frequency| of a non-empty bin. */
  mce: number;
  n: number;
  bins: ReliabilityBin[];
}

/**
 * Expected calibration error and reliability bins of probabilities `p` against outcomes `y`, over
 * `bins` equal-width bins of [0, 1] (the last bin includes 1).
 */
export function reliability(p: ArrayLike<number>, y: ArrayLike<boolean | number>, bins = 10): Reliability {
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p[i] * bins)));
    count[b]++;
    sumP[b] += p[i];
    sumY[b] += y[i] ? 1 : 0;
  }
  const n = p.length;
  let ece = 0;
  let mce = 0;
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = count[b];
    const confidence = c ? sumP[b] / c : 0;
    const frequency = c ? sumY[b] / c : 0;
    if (c) {
      ece += (c / n) * Math.abs(confidence - frequency);
      mce = Math.max(mce, Math.abs(confidence - frequency));
    }
    out.push({ lo: b / bins, hi: (b + 1) / bins, count: c, confidence, frequency });
  }
  return { ece: n ? ece : 0, mce, n, bins: out };
}

/**
 * Top-label reliability of multi-class probabilities: the probability of each row's likeliest class
 * against whether that class was right (the usual ECE of a classifier).
 */
export function topLabelReliability(probs: readonly ArrayLike<number>[], y: readonly number[], bins = 10): Reliability {
  const conf: number[] = [];
  const hit: boolean[] = [];
  probs.forEach((p, i) => {
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
    conf.push(p[best]);
    hit.push(best === y[i]);
  });
  return reliability(conf, hit, bins);
}

/**
 * Reliability of multi-label probabilities over every (row, label) pair: rows × labels probabilities
 * against the label sets `Y` (label ids per row).
 */
export function multiLabelReliability(probs: readonly ArrayLike<number>[], Y: readonly (readonly number[])[], bins = 10): Reliability {
  const p: number[] = [];
  const y: boolean[] = [];
  probs.forEach((row, i) => {
    const on = new Set(Y[i]);
    for (let l = 0; l < row.length; l++) {
      p.push(row[l]);
      y.push(on.has(l));
    }
  });
  return reliability(p, y, bins);
}

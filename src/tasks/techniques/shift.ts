/**
 * Label shift for paragraph techniques: a row of calibrated probabilities moved to a batch's
 * technique priors (estimated by the batch step, src/tasks/shift.ts, with per-label EM), and the
 * article resampling that measures whether this helps (bench/techniques-cv.mjs).
 */
import { labelPriors } from '../../learn/multilabel.js';
import { shiftBinary } from '../../learn/priorshift.js';

/** Calibrated probabilities of one row under new label priors (each label by itself). */
export function shiftRow(p: ArrayLike<number>, trainPriors: ArrayLike<number>, priors: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: p.length }, (_, l) => shiftBinary(p[l], trainPriors[l], priors[l]));
}

/** Largest importance ratio of one paragraph, so a single odd paragraph cannot take over a resample. */
const MAX_RATIO = 50;

/**
 * Rows drawn from `Y` (label ids per row, grouped into articles by `groups`) so that their label mix
 * moves from its own toward `target`: each row's importance ratio under independent labels,
 * Π_l (t_l/s_l)^y (1−t_l)/(1−s_l))^(1−y), clipped to [1/50, 50], averaged over its article; articles
 * drawn with replacement in proportion until `size` rows. Returns row indices.
 */
export function resampleArticles(Y: readonly (readonly number[])[], groups: readonly (string | number)[], target: ArrayLike<number>, size: number, rand: () => number): number[] {
  const L = target.length;
  const source = labelPriors(Y, L);
  const eps = 1e-3;
  const clamp = (x: number) => Math.min(1 - eps, Math.max(eps, x));
  const byArticle = new Map<string | number, number[]>();
  groups.forEach((g, i) => {
    const rows = byArticle.get(g);
    if (rows) rows.push(i);
    else byArticle.set(g, [i]);
  });
  const articles = [...byArticle.values()];
  const weights = articles.map((rows) => {
    let sum = 0;
    for (const i of rows) {
      const on = new Set(Y[i]);
      let log = 0;
      for (let l = 0; l < L; l++) log += on.has(l) ? Math.log(clamp(target[l]) / clamp(source[l])) : Math.log((1 - clamp(target[l])) / (1 - clamp(source[l])));
      sum += Math.exp(Math.max(-Math.log(MAX_RATIO), Math.min(Math.log(MAX_RATIO), log)));
    }
    return sum / rows.length;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  while (out.length < size) {
    let u = rand() * total;
    let a = 0;
    while (a < articles.length - 1 && u >= weights[a]) u -= weights[a++];
    out.push(...articles[a]);
  }
  return out;
}

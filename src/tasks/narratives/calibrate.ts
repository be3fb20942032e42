/** Calibrated label probabilities of a narrative model: per-label Platt scaling fitted on inner out-of-fold scores, and each label's training prior for label-shift adaptation. */
import { IDENTITY_PLATT, applyPlatt, fitPlatt, logitOf, type Platt } from '../../learn/calibration.js';
import { sigmoid } from '../../learn/index.js';

/**
 * What a stored model keeps to turn its raw label scores (score-vector order, labels.ts) into
 * calibrated probabilities, and back: one Platt map per label, and each label's share of positives
 * among the training articles (the priors that emLabelPriors adapts from).
 */
export interface NarrativeCalibration {
  /** One Platt map per label (domains, narratives, sub-narratives). */
  platt: Platt[];
  /** Each label's share of positives among the training articles. */
  priors: number[];
  /**
   * Labels with at least this many positives get a Platt map of their own; the others share their
   * level's map (domains, narratives or sub-narratives pooled). Null: no map at all (the raw scores
   * were already the best calibrated). Chosen inside training (chooseMinPositives).
   */
  minPositives: number | null;
  /**
   * Platt maps per label for the scores of decided labels (what a reader sees beside a chosen
   * narrative): fitted per level on the decided (article, label) pairs of the inner held-out
   * articles, since a label that was decided is right more often than its score alone says.
   * Absent in files from before them: `platt` serves.
   */
  shown?: Platt[];
  /** Pseudo-count of the batch-prior EM (shift.ts), chosen in training on simulated shifted batches; absent: 0. */
  pseudoCount?: number;
}

/**
 * The candidates: no map (null), then support cut-offs from "every label on its own" to "one map per
 * level" (1e9, finite so it survives JSON).
 */
export const MIN_POSITIVES_GRID: readonly (number | null)[] = [null, 1, 5, 20, 1e9];

/** Label levels of a score vector: [start, end) of domains, narratives, sub-narratives. */
export type Levels = readonly (readonly [number, number])[];

/**
 * Platt maps for every label from scores `probs` (rows × at least L) and label sets `targets`
 * (label ids per row): per label when it has `minPositives` positives, else the level's shared map;
 * identity maps when `minPositives` is null.
 */
export function fitLabelPlatt(probs: readonly ArrayLike<number>[], targets: readonly (readonly number[])[], levels: Levels, minPositives: number | null): Platt[] {
  const L = levels[levels.length - 1][1];
  if (minPositives === null) return Array.from({ length: L }, () => ({ ...IDENTITY_PLATT }));
  const on = targets.map((t) => new Set(t));
  const out: Platt[] = new Array(L);
  for (const [start, end] of levels) {
    const shared = pooledPlatt(probs, on, start, end);
    for (let l = start; l < end; l++) {
      const y = on.map((s) => s.has(l));
      const positives = y.filter(Boolean).length;
      out[l] = positives >= minPositives ? fitPlatt(probs.map((p) => p[l]), y) : shared;
    }
  }
  return out;
}

/** One Platt map over every (row, label) pair of the labels [start, end). */
function pooledPlatt(probs: readonly ArrayLike<number>[], on: readonly Set<number>[], start: number, end: number): Platt {
  const p: number[] = [];
  const y: boolean[] = [];
  probs.forEach((row, i) => {
    for (let l = start; l < end; l++) {
      p.push(row[l]);
      y.push(on[i].has(l));
    }
  });
  return fitPlatt(p, y);
}

/**
 * The support cut-off with the lowest log-loss under two-fold cross-fitting on the rows (maps fitted
 * on the even rows scored on the odd ones, and the reverse): the choice is made on the training
 * scores alone. The loss counts the (row, label) pairs of `shown` (label ids per row: those a reader
 * would see a score for), every pair when absent. Ties keep the earlier cut-off of the grid.
 */
export function chooseMinPositives(probs: readonly ArrayLike<number>[], targets: readonly (readonly number[])[], levels: Levels, grid: readonly (number | null)[] = MIN_POSITIVES_GRID, shown?: readonly (readonly number[])[]): number | null {
  const halves = [0, 1].map((h) => probs.map((_, i) => i).filter((i) => i % 2 === h));
  let best: { m: number | null; loss: number } = { m: grid[0], loss: Infinity };
  for (const m of grid) {
    let loss = 0;
    for (let h = 0; h < 2; h++) {
      const fitRows = halves[h];
      const evalRows = halves[1 - h];
      const maps = fitLabelPlatt(fitRows.map((i) => probs[i]), fitRows.map((i) => targets[i]), levels, m);
      loss += logLoss(evalRows.map((i) => probs[i]), evalRows.map((i) => targets[i]), maps, shown && evalRows.map((i) => shown[i]));
    }
    if (loss < best.loss - 1e-9) best = { m, loss };
  }
  return best.m;
}

/** Summed binary log-loss of calibrated scores over the (row, label) pairs of `pairs`, or every pair. */
function logLoss(probs: readonly ArrayLike<number>[], targets: readonly (readonly number[])[], maps: readonly Platt[], pairs?: readonly (readonly number[])[]): number {
  let s = 0;
  probs.forEach((row, i) => {
    const on = new Set(targets[i]);
    for (const l of pairs ? pairs[i] : maps.keys()) {
      const q = Math.min(1 - 1e-12, Math.max(1e-12, applyPlatt(maps[l], row[l])));
      s -= on.has(l) ? Math.log(q) : Math.log(1 - q);
    }
  });
  return s;
}

/**
 * Calibration of a model from its inner out-of-fold scores `probs` and the training label sets
 * `targets` (the rows the priors count: the real training articles, not pooled or extra documents).
 * `shown`: the labels decided on each row, whose scores a reader sees; the maps are chosen for them.
 */
export function fitNarrativeCalibration(probs: readonly ArrayLike<number>[], targets: readonly (readonly number[])[], levels: Levels, shown?: readonly (readonly number[])[]): NarrativeCalibration {
  const L = levels[levels.length - 1][1];
  const minPositives = chooseMinPositives(probs, targets, levels, MIN_POSITIVES_GRID, shown);
  const platt = fitLabelPlatt(probs, targets, levels, minPositives);
  const priors = new Array<number>(L).fill(0);
  for (const t of targets) for (const l of t) if (l < L) priors[l] += 1 / Math.max(1, targets.length);
  return { platt, priors, minPositives, ...(shown ? { shown: fitShownPlatt(probs, targets, shown, levels) } : {}) };
}

/**
 * The calibration moved from the inner models' scale to the final model's. The maps are fitted on
 * scores of inner models trained on part of the training articles; the final model, trained on all
 * of them, is surer (its logits spread wider), so the maps applied to it as they are would claim too
 * much. On probe articles that no model trained on (the unlabeled ones), each label's logits under
 * the final model are matched to those under the inner models by mean and spread — the spread ratio
 * taken as the median over the level's labels, for stability — and the map is composed with that
 * linear change, which keeps it a Platt map: a' = a / r, b' = b + a·(m_inner − m_final / r).
 */
export function matchScale(c: NarrativeCalibration, innerProbe: readonly (readonly ArrayLike<number>[])[], finalProbe: readonly ArrayLike<number>[], levels: Levels): NarrativeCalibration {
  const shown = c.shown && moveMaps(c.shown, innerProbe, finalProbe, levels);
  if (c.minPositives === null) return { ...c, shown };
  return { ...c, platt: moveMaps(c.platt, innerProbe, finalProbe, levels), shown };
}

/** Maps fitted on the inner models' scores, composed with the change of scale of matchScale. */
function moveMaps(maps: readonly Platt[], innerProbe: readonly (readonly ArrayLike<number>[])[], finalProbe: readonly ArrayLike<number>[], levels: Levels): Platt[] {
  const moments = (rows: readonly ArrayLike<number>[], l: number) => {
    const z = rows.map((r) => logitOf(r[l]));
    const m = z.reduce((a, v) => a + v, 0) / Math.max(1, z.length);
    return { m, sd: Math.sqrt(z.reduce((a, v) => a + (v - m) ** 2, 0) / Math.max(1, z.length)) };
  };
  const inner = innerProbe.flat();
  const platt = [...maps];
  for (const [start, end] of levels) {
    const stats = Array.from({ length: end - start }, (_, k) => ({ i: moments(inner, start + k), f: moments(finalProbe, start + k) }));
    const ratios = stats.filter((s) => s.i.sd > 1e-6 && s.f.sd > 1e-6).map((s) => s.f.sd / s.i.sd).sort((x, y) => x - y);
    if (ratios.length === 0) continue;
    const r = ratios[Math.floor(ratios.length / 2)];
    stats.forEach((s, k) => {
      const { a, b } = maps[start + k];
      platt[start + k] = { a: a / r, b: b + a * (s.i.m - s.f.m / r) };
    });
  }
  return platt;
}

/**
 * The maps of decided labels: one Platt map per level over the (row, label) pairs of `shown` (label
 * ids per row), each label of the level taking it.
 */
export function fitShownPlatt(probs: readonly ArrayLike<number>[], targets: readonly (readonly number[])[], shown: readonly (readonly number[])[], levels: Levels): Platt[] {
  const L = levels[levels.length - 1][1];
  const out: Platt[] = new Array(L);
  for (const [start, end] of levels) {
    const p: number[] = [];
    const y: boolean[] = [];
    probs.forEach((row, i) => {
      const on = new Set(targets[i]);
      for (const l of shown[i])
        if (l >= start && l < end) {
          p.push(row[l]);
          y.push(on.has(l));
        }
    });
    const map = fitPlatt(p, y);
    for (let l = start; l < end; l++) out[l] = map;
  }
  return out;
}

/** Calibrated probabilities of the first L raw scores (L = the number of Platt maps). */
export function calibrated(c: NarrativeCalibration, raw: ArrayLike<number>): Float64Array {
  return Float64Array.from(c.platt, (m, l) => applyPlatt(m, raw[l]));
}

/**
 * Raw scores that calibrate to `q`: the inverse of each label's Platt map, so a decoder tuned on raw
 * scores decides on shifted calibrated probabilities. A map that does not increase (a ≤ 0, never
 * fitted on real scores) leaves the raw score as it was.
 */
export function uncalibrated(c: NarrativeCalibration, q: ArrayLike<number>, raw: ArrayLike<number>): Float64Array {
  return Float64Array.from(c.platt, (m, l) => (m.a > 1e-9 ? sigmoid((logitOf(q[l]) - m.b) / m.a) : raw[l]));
}

/** The score-vector levels of a label space: domains, narratives, sub-narratives. */
export function levelsOf(labels: { domains: readonly unknown[]; narratives: readonly unknown[]; subNarratives: readonly unknown[] }): Levels {
  const D = labels.domains.length;
  const N = labels.narratives.length;
  const S = labels.subNarratives.length;
  return [
    [0, D],
    [D, D + N],
    [D + N, D + N + S],
  ];
}

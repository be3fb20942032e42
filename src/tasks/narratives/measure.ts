/** Measurements on the held-out folds of a narrative cross-validation (cv.ts): calibration of the shown scores, and decisions on batches resampled to another label mix with and without label-shift adaptation. */
import { reliability, type Reliability } from '../../learn/calibration.js';
import type { PriorShiftOptions } from '../../learn/priorshift.js';
import type { CvResult } from './cv.js';
import { decidedLabels } from './model.js';
import type { Subtask2Row } from './io.js';
import { rowTargets } from './labels.js';
import { scoreSubtask2, type Subtask2Score } from './score.js';
import { batchPriors, shiftedRaw } from './shift.js';
import { isOtherSub, type Taxonomy } from './taxonomy.js';

/** Reliability (10 bins) of the held-out probabilities, calibrated and raw. */
export interface HeldOutCalibration {
  /** Every (article, label) pair of the narratives and sub-narratives. */
  all: Reliability;
  allRaw: Reliability;
  /** The pairs the Analysis shows: each chosen narrative and specific sub-narrative of an article. */
  shown: Reliability;
  shownRaw: Reliability;
}

/** Calibration of the held-out scores of a cross-validation, against the gold labels. */
export function heldOutCalibration(cv: CvResult): HeldOutCalibration {
  const pairs = { all: [[], [], []] as number[][], shown: [[], [], []] as number[][] };
  for (const fold of cv.heldOut) {
    const m = fold.model;
    const D = m.labels.domains.length;
    const N = m.labels.narratives.length;
    const L = D + N + m.labels.subNarratives.length;
    fold.rows.forEach((i, k) => {
      const raw = fold.raw[k];
      const d = m.decode(raw);
      const q = m.displayed(raw, decidedLabels(m, d));
      const gold = new Set(rowTargets(cv.docs[i].gold, m.labels));
      const shown = [...d.narrativeIds.map((n) => D + n), ...d.subIds.filter((s) => !isOtherSub(m.labels.subNarratives[s])).map((s) => D + N + s)];
      const add = (into: number[][], l: number) => {
        into[0].push(q[l]);
        into[1].push(raw[l]);
        into[2].push(gold.has(l) ? 1 : 0);
      };
      for (let l = D; l < L; l++) add(pairs.all, l);
      for (const l of shown) add(pairs.shown, l);
    });
  }
  return { all: reliability(pairs.all[0], pairs.all[2]), allRaw: reliability(pairs.all[1], pairs.all[2]), shown: reliability(pairs.shown[0], pairs.shown[2]), shownRaw: reliability(pairs.shown[1], pairs.shown[2]) };
}

/** A batch drawn from each held-out fold: the fold's articles that `select` keeps (by index into cv.docs). */
export interface ShiftBatch {
  name: string;
  select(i: number): boolean;
}

export interface ShiftResult {
  name: string;
  articles: number;
  /** Decisions on the raw scores, as without adaptation. */
  without: Subtask2Score;
  /** Decisions after estimating the batch's label priors (one batch per fold) and shifting the scores to them. */
  with: Subtask2Score;
}

/**
 * Each batch kind, drawn from every held-out fold, decided with and without label-shift adaptation
 * (shift.ts; EM per label over the batch's calibrated probabilities), scored over all folds' batches.
 */
export function shiftExperiment(cv: CvResult, batches: readonly ShiftBatch[], taxonomy: Taxonomy, options: Partial<PriorShiftOptions> = {}): ShiftResult[] {
  return batches.map((b) => {
    const gold: Subtask2Row[] = [];
    const without: Subtask2Row[] = [];
    const adapted: Subtask2Row[] = [];
    for (const fold of cv.heldOut) {
      const m = fold.model;
      const picked = fold.rows.map((i, k) => ({ i, raw: fold.raw[k] })).filter((r) => b.select(r.i));
      if (picked.length === 0) continue;
      const priors = batchPriors(m, picked.map((r) => m.calibrated(r.raw)), options);
      for (const r of picked) {
        const id = cv.docs[r.i].id;
        gold.push(cv.docs[r.i].gold);
        const d0 = m.decode(r.raw);
        const d1 = m.decode(shiftedRaw(m, r.raw, priors));
        without.push({ id, narratives: d0.narratives, subNarratives: d0.subNarratives });
        adapted.push({ id, narratives: d1.narratives, subNarratives: d1.subNarratives });
      }
    }
    return { name: b.name, articles: gold.length, without: scoreSubtask2(gold, without, taxonomy), with: scoreSubtask2(gold, adapted, taxonomy) };
  });
}

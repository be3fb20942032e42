/**
 * Genre decisions from calibrated class probabilities: per-class offsets on log-probabilities tuned
 * for macro-F1 on out-of-fold rows, and the same offsets re-tuned for a batch whose label priors were
 * estimated by EM (learn/priorshift.ts) — the stored rows are shifted to the new priors and reweighted
 * to the new mix, so the offsets maximise macro-F1 as it would be counted on that batch. The rule a
 * batch is decided by — EM with a Dirichlet pseudo-count pulling it toward the training priors, the
 * training priors, or uniform priors — is chosen inside the training data, on simulated batches of
 * random label mixes.
 */
import { countsF1, foldSplit, seededRandom, stratifiedKFold } from '../../learn/index.js';
import { emPriors, shiftPosterior } from '../../learn/priorshift.js';

/** Out-of-fold calibrated probabilities of training articles with their class ids: what decisions are tuned on. */
export interface GenreRows {
  probs: readonly Float64Array[];
  y: readonly number[];
}

const logOf = (p: number) => Math.log(Math.max(1e-12, p));

/** The winning class of probabilities `probs` after additive offsets on their logs. */
export function decideGenre(probs: ArrayLike<number>, offsets: ArrayLike<number>): number {
  let best = 0;
  let bestV = -Infinity;
  for (let c = 0; c < probs.length; c++) {
    const v = logOf(probs[c]) + offsets[c];
    if (v > bestV) {
      bestV = v;
      best = c;
    }
  }
  return best;
}

/** Macro-F1 over `classes` classes of the decisions on log-probability rows `logs`, weighted per row. */
function macroF1OfLogs(logs: readonly Float64Array[], y: readonly number[], offsets: ArrayLike<number>, weights: readonly number[], classes: number): number {
  const tp = new Float64Array(classes);
  const fp = new Float64Array(classes);
  const fn = new Float64Array(classes);
  for (let i = 0; i < logs.length; i++) {
    const l = logs[i];
    let d = 0;
    for (let c = 1; c < classes; c++) if (l[c] + offsets[c] > l[d] + offsets[d]) d = c;
    const w = weights[i];
    if (d === y[i]) tp[d] += w;
    else {
      fp[d] += w;
      fn[y[i]] += w;
    }
  }
  let s = 0;
  for (let c = 0; c < classes; c++) s += countsF1(tp[c], fp[c], fn[c]);
  return s / classes;
}

/** Macro-F1 of the decisions with `offsets` on probability rows (weights default to 1). */
export function macroF1Of(probs: readonly ArrayLike<number>[], y: readonly number[], offsets: ArrayLike<number>, weights: readonly number[] = y.map(() => 1)): number {
  const classes = offsets.length;
  return macroF1OfLogs(probs.map((p) => Float64Array.from(p, logOf)), y, offsets, weights, classes);
}

const OFFSET_GRID = Array.from({ length: 33 }, (_, k) => -4 + k * 0.25);

/**
 * Offsets of a three-class decision (the first class fixed at 0) maximising macro-F1 on `probs` with
 * gold `y`, each row weighted by `weights` (default 1); ties go to the offsets nearest 0.
 */
export function tuneOffsets(probs: readonly ArrayLike<number>[], y: readonly number[], weights: readonly number[] = y.map(() => 1)): Float64Array {
  const logs = probs.map((p) => Float64Array.from(p, logOf));
  let best = { v: -1, a: 0, b: 0 };
  for (const a of OFFSET_GRID)
    for (const b of OFFSET_GRID) {
      const v = macroF1OfLogs(logs, y, [0, a, b], weights, 3);
      if (v > best.v + 1e-12 || (Math.abs(v - best.v) <= 1e-12 && Math.abs(a) + Math.abs(b) < Math.abs(best.a) + Math.abs(best.b))) best = { v, a, b };
    }
  return Float64Array.from([0, best.a, best.b]);
}

/** Per-row weights that turn the class mix of `y` (shares `from`) into the mix `to`. */
export function mixWeights(y: readonly number[], from: ArrayLike<number>, to: ArrayLike<number>): number[] {
  return y.map((c) => Math.max(0, to[c]) / Math.max(1e-9, from[c]));
}

/** The class shares of `y` over `classes` classes. */
export function classPriors(y: readonly number[], classes: number): Float64Array {
  const p = new Float64Array(classes);
  for (const c of y) p[c] += 1 / y.length;
  return p;
}

/**
 * Offsets for a batch whose priors are `priors`: the stored rows shifted to them and reweighted from
 * the training mix `trainPriors` to theirs, then tuned for macro-F1. Decide the batch's shifted
 * posteriors (shiftPosterior) with them.
 */
export function offsetsUnderPriors(rows: GenreRows, trainPriors: ArrayLike<number>, priors: ArrayLike<number>): Float64Array {
  const shifted = rows.probs.map((p) => shiftPosterior(p, trainPriors, priors));
  return tuneOffsets(shifted, rows.y, mixWeights(rows.y, trainPriors, priors));
}

/** Macro-F1 over the classes `present` of single-label decisions `pred` against `y`. */
export function macroF1Over(y: readonly number[], pred: readonly number[], present: readonly number[], classes = 3): number {
  const tp = new Float64Array(classes);
  const fp = new Float64Array(classes);
  const fn = new Float64Array(classes);
  y.forEach((g, i) => {
    if (pred[i] === g) tp[g]++;
    else {
      fp[pred[i]]++;
      fn[g]++;
    }
  });
  return present.reduce((s, c) => s + countsF1(tp[c], fp[c], fn[c]), 0) / present.length;
}

/**
 * How a batch is decided: 'em' under the priors EM estimates from it, 'training' under the training
 * priors (the training-mix offsets), 'uniform' as if every genre were equally common (prior-free).
 */
export type GenreRule = 'em' | 'training' | 'uniform';
export const GENRE_RULES: readonly GenreRule[] = ['em', 'training', 'uniform'];

/** Equal priors over `classes` classes. */
export const uniformPriors = (classes: number) => new Float64Array(classes).fill(1 / classes);

/** The priors `rule` decides `batch` under (EM with `pseudoCount` for 'em'). */
export function rulePriors(rule: GenreRule, trainPriors: ArrayLike<number>, batch: readonly Float64Array[], pseudoCount: number): Float64Array {
  if (rule === 'uniform') return uniformPriors(trainPriors.length);
  if (rule === 'training') return Float64Array.from(trainPriors);
  return emPriors(batch, trainPriors, { pseudoCount }).priors;
}

/** Decisions on a batch's calibrated rows by `rule` (EM's pseudo-count `pseudoCount` for 'em'). */
export function decideBatch(rows: GenreRows, trainPriors: ArrayLike<number>, batch: readonly Float64Array[], rule: GenreRule, pseudoCount = 0): number[] {
  const priors = rulePriors(rule, trainPriors, batch, pseudoCount);
  const offsets = offsetsUnderPriors(rows, trainPriors, priors);
  return batch.map((p) => decideGenre(shiftPosterior(p, trainPriors, priors), offsets));
}

/** Candidate pseudo-counts of EM: 0 is maximum likelihood; not adapting at all is the 'training' rule. */
export const PSEUDO_COUNTS: readonly number[] = [0, 10, 30, 100, 300, 1000];

/** A candidate decision rule of the choice. */
export interface RuleCandidate {
  rule: GenreRule;
  pseudoCount: number;
}

/**
 * The candidates in tie order (a tie goes to the later one): uniform first, then EM from the largest
 * move to the smallest, then the training priors — on a tie the smaller move wins.
 */
export const RULE_CANDIDATES: readonly RuleCandidate[] = [
  { rule: 'uniform', pseudoCount: 0 },
  ...PSEUDO_COUNTS.map((pseudoCount) => ({ rule: 'em' as const, pseudoCount })),
  { rule: 'training', pseudoCount: 0 },
];

export interface RuleChoice {
  rule: GenreRule;
  /** EM's pseudo-count: the best EM candidate's (what 'em' uses; reported for the others). */
  pseudoCount: number;
  /** Mean macro-F1 of each of RULE_CANDIDATES on the simulated batches. */
  values: number[];
}

/** Row indices of each class. */
const indicesByClass = (y: readonly number[], classes: number) => Array.from({ length: classes }, (_, c) => y.flatMap((v, i) => (v === c ? [i] : [])));

/** `draws` batches of about `size` of `ids`, drawn with replacement class by class in label mixes uniform on the simplex of the classes present. */
function simulatedBatches(byClass: readonly number[][], o: { draws: number; size: number }, rand: () => number): number[][] {
  const batches: number[][] = [];
  for (let d = 0; d < o.draws; d++) {
    const g = byClass.map((ids) => (ids.length ? -Math.log(1 - rand()) : 0));
    const total = g.reduce((a, b) => a + b, 0);
    const batch: number[] = [];
    byClass.forEach((ids, c) => {
      for (let j = 0; j < Math.round((o.size * g[c]) / total); j++) batch.push(ids[Math.floor(rand() * ids.length)]);
    });
    batches.push(batch);
  }
  return batches;
}

/** Index of the best value among `keys` (ties go to the later key). */
function bestOf(values: readonly number[], keys: readonly number[]): number {
  return keys.reduce((best, k) => (values[k] >= values[best] - 1e-12 ? k : best), keys[0]);
}

/**
 * The decision rule with the best mean macro-F1 on simulated batches, chosen honestly inside the
 * training data: the out-of-fold rows `raw` (uncalibrated) are split in two stratified halves; each
 * half's calibration (`calibrate`) and decision rows come from the other half, and batches of `size`
 * rows are drawn from it in random label mixes; every candidate of RULE_CANDIDATES decides every batch.
 */
export function chooseRule(raw: readonly Float64Array[], y: readonly number[], calibrate: (probs: readonly Float64Array[], y: readonly number[]) => (p: Float64Array) => Float64Array, o: { draws: number; size: number; seed: number }): RuleChoice {
  const classes = raw.length ? raw[0].length : 0;
  const rand = seededRandom(o.seed);
  const halves = stratifiedKFold(y.map((c) => [c]), 2, o.seed);
  const totals = RULE_CANDIDATES.map(() => 0);
  let n = 0;
  for (let h = 0; h < 2; h++) {
    const { train, test } = foldSplit(halves, h);
    const cal = calibrate(train.map((i) => raw[i]), train.map((i) => y[i]));
    const rows: GenreRows = { probs: train.map((i) => cal(raw[i])), y: train.map((i) => y[i]) };
    const priors = classPriors(rows.y, classes);
    const testY = test.map((i) => y[i]);
    const testP = test.map((i) => cal(raw[i]));
    for (const batch of simulatedBatches(indicesByClass(testY, classes), o, rand)) {
      const by = batch.map((i) => testY[i]);
      const present = [...new Set(by)].sort();
      const probs = batch.map((i) => testP[i]);
      RULE_CANDIDATES.forEach((r, k) => (totals[k] += macroF1Over(by, decideBatch(rows, priors, probs, r.rule, r.pseudoCount), present, classes)));
      n++;
    }
  }
  const values = totals.map((t) => t / n);
  const all = RULE_CANDIDATES.map((_, k) => k);
  const best = RULE_CANDIDATES[bestOf(values, all)];
  const bestEm = RULE_CANDIDATES[bestOf(values, all.filter((k) => RULE_CANDIDATES[k].rule === 'em'))];
  return { rule: best.rule, pseudoCount: bestEm.pseudoCount, values };
}

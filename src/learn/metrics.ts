/**
 * F1 and its parts, defined once for every scorer, tuner and benchmark: precision, recall, F1 from
 * counts or from precision and recall, per-label rows, set F1, and micro/macro F1 of multi-label rows.
 * A ratio with nothing to count is 0 (sklearn's zero_division=0) unless the caller says otherwise.
 */

/** tp / (tp + fp): `zeroDivision` when nothing was predicted. */
export function precisionOf(tp: number, fp: number, zeroDivision = 0): number {
  return tp + fp === 0 ? zeroDivision : tp / (tp + fp);
}

/** tp / (tp + fn): `zeroDivision` when there was nothing to find. */
export function recallOf(tp: number, fn: number, zeroDivision = 0): number {
  return tp + fn === 0 ? zeroDivision : tp / (tp + fn);
}

/** The harmonic mean of a precision and a recall (0 when both are 0): for measures that are not counts (span overlap). */
export function harmonicF1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** F1 from counts, 2tp / (2tp + fp + fn): `zeroDivision` when all three are 0. Counts may be weighted. */
export function countsF1(tp: number, fp: number, fn: number, zeroDivision = 0): number {
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? zeroDivision : (2 * tp) / denominator;
}

/** One label's row of a score table. */
export interface PerLabel {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Gold occurrences (tp + fn), weighted when the counts are. */
  support: number;
}

/** A label's precision, recall and F1 (harmonic mean of the two) from its counts. */
export function perLabelScore(label: string, tp: number, fp: number, fn: number): PerLabel {
  const precision = precisionOf(tp, fp);
  const recall = recallOf(tp, fn);
  return { label, precision, recall, f1: harmonicF1(precision, recall), support: tp + fn };
}

/** Binary F1 of a prediction set against a gold set, 0 when both are empty. */
export function setF1(gold: ReadonlySet<string>, pred: ReadonlySet<string>): number {
  let tp = 0;
  for (const p of pred) if (gold.has(p)) tp++;
  return countsF1(tp, pred.size - tp, gold.size - tp);
}

export interface MultiLabelScore {
  microF1: number;
  microPrecision: number;
  microRecall: number;
  macroF1: number;
  perLabel: PerLabel[];
  /** Rows scored (the gold rows). */
  rows: number;
  /** Gold rows with no prediction row (scored as predicting nothing). */
  missing: number;
}

const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);

/**
 * Micro/macro F1 of multi-label predictions. `gold` and `pred` map a row key (article id, or
 * "id\tline") to its labels; only gold keys are scored and labels outside `labels` are ignored, as
 * sklearn's MultiLabelBinarizer(classes=…) does in the SemEval scorers. Macro-F1 averages over
 * `labels` (a label never predicted nor present scores 0).
 */
export function scoreMultiLabel(gold: ReadonlyMap<string, readonly string[]>, pred: ReadonlyMap<string, readonly string[]>, labels: readonly string[]): MultiLabelScore {
  const index = new Map(labels.map((l, k) => [l, k]));
  const tp = new Array<number>(labels.length).fill(0);
  const fp = new Array<number>(labels.length).fill(0);
  const fn = new Array<number>(labels.length).fill(0);
  let missing = 0;
  for (const [key, g] of gold) {
    const p = pred.get(key);
    if (!p) missing++;
    const gs = new Set(g.filter((l) => index.has(l)));
    const ps = new Set((p ?? []).filter((l) => index.has(l)));
    for (const l of ps) (gs.has(l) ? tp : fp)[index.get(l)!]++;
    for (const l of gs) if (!ps.has(l)) fn[index.get(l)!]++;
  }
  const microPrecision = precisionOf(sum(tp), sum(fp));
  const microRecall = recallOf(sum(tp), sum(fn));
  const perLabel = labels.map((label, k) => perLabelScore(label, tp[k], fp[k], fn[k]));
  const macroF1 = perLabel.reduce((s, x) => s + x.f1, 0) / Math.max(1, labels.length);
  return { microF1: harmonicF1(microPrecision, microRecall), microPrecision, microRecall, macroF1, perLabel, rows: gold.size, missing };
}

/** Micro-F1 of probability rows against gold label-id sets, a label on when its probability reaches its threshold. */
export function microF1At(probs: readonly ArrayLike<number>[], Y: readonly (readonly number[])[], thresholds: ArrayLike<number>): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    const g = Y[i];
    for (let l = 0; l < p.length; l++) {
      const on = p[l] >= thresholds[l];
      const gold = g.includes(l);
      if (on && gold) tp++;
      else if (on) fp++;
      else if (gold) fn++;
    }
  }
  return countsF1(tp, fp, fn);
}

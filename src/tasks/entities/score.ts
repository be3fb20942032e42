/**
 * The official subtask-1 metrics (as in the organisers' subtask1_scorer.py): exact-match ratio of
 * fine-role sets (the ranking metric), micro precision/recall/F1 over fine roles (zero division
 * counts as 1, as there), and main-role accuracy. Rows are matched by (file, mention without double
 * quotes, start, end); a gold row with no prediction counts as wrong.
 */
import { countsF1, precisionOf, recallOf } from '../../learn/metrics.js';
import type { AnnotationRow } from './io.js';

export interface Subtask1Scores {
  /** Exact-match ratio of fine-role sets (the official metric). */
  emr: number;
  microPrecision: number;
  microRecall: number;
  microF1: number;
  mainAccuracy: number;
  /** Gold rows scored. */
  count: number;
  /** Gold rows without a prediction. */
  missing: number;
  /** Predicted rows with no gold row. */
  extra: number;
}

type Labelled = Pick<AnnotationRow, 'file' | 'mention' | 'start' | 'end' | 'main' | 'fine'>;

export function rowKey(r: Pick<AnnotationRow, 'file' | 'mention' | 'start' | 'end'>): string {
  return `${r.file}\t${r.mention.replace(/"/g, '')}\t${r.start}\t${r.end}`;
}

/** Scores labelled pairs directly (gold[i] against pred[i]). */
export function scorePairs(pairs: readonly { gold: { main: string; fine: readonly string[] }; pred: { main: string; fine: readonly string[] } | null }[]): Omit<Subtask1Scores, 'extra'> {
  let exact = 0;
  let mainOk = 0;
  let tp = 0;
  let predCount = 0;
  let goldCount = 0;
  let missing = 0;
  for (const { gold, pred } of pairs) {
    const g = new Set(gold.fine);
    const p = new Set(pred?.fine ?? []);
    if (!pred) missing++;
    if (g.size === p.size && [...g].every((x) => p.has(x))) exact++;
    if (pred && pred.main === gold.main) mainOk++;
    for (const x of p) if (g.has(x)) tp++;
    predCount += p.size;
    goldCount += g.size;
  }
  const n = pairs.length;
  // Every predicted role is a tp or an fp, every gold role a tp or an fn; nothing to count scores 1.
  const precision = precisionOf(tp, predCount - tp, 1);
  const recall = recallOf(tp, goldCount - tp, 1);
  const f1 = countsF1(tp, predCount - tp, goldCount - tp, 1);
  return { emr: n ? exact / n : 0, microPrecision: precision, microRecall: recall, microF1: f1, mainAccuracy: n ? mainOk / n : 0, count: n, missing };
}

/** Scores a prediction file's rows against a gold file's rows. */
export function scoreSubtask1(gold: readonly Labelled[], pred: readonly Labelled[]): Subtask1Scores {
  const byKey = new Map<string, Labelled>();
  for (const p of pred) byKey.set(rowKey(p), p);
  const goldKeys = new Set(gold.map(rowKey));
  const extra = [...byKey.keys()].filter((k) => !goldKeys.has(k)).length;
  return { ...scorePairs(gold.map((g) => ({ gold: g, pred: byKey.get(rowKey(g)) ?? null }))), extra };
}

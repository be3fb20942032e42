/**
 * The official subtask-2 metric, as in the organisers' subtask2_scorer.py: for each article, binary
 * F1 between the one-hot gold and predicted label vectors over the class list (labels outside the
 * list are ignored; an article with neither gold nor predicted labels in the list scores 0), then
 * the mean (and population standard deviation) over articles, separately for narratives ("coarse")
 * and sub-narratives ("fine"). The official script pairs rows by file order; here they are paired
 * by article id, which is what that pairing intends when both files list the same ids in order.
 */
import { setF1 } from '../../learn/metrics.js';
import type { Subtask2Row } from './io.js';
import type { Taxonomy } from './taxonomy.js';

export interface F1Summary {
  mean: number;
  sd: number;
}

export interface Subtask2Score {
  coarse: F1Summary;
  fine: F1Summary;
  articles: number;
}

/** Per-article F1 restricted to the class list. */
export function articleF1(gold: readonly string[], pred: readonly string[], classes: ReadonlySet<string>): number {
  return setF1(new Set(gold.filter((l) => classes.has(l))), new Set(pred.filter((l) => classes.has(l))));
}

function summarise(values: number[]): F1Summary {
  if (values.length === 0) return { mean: 0, sd: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, sd };
}

/**
 * Scores predictions against gold. Throws a one-line error listing ids missing from, or unknown
 * to, the prediction (the official scorer refuses mismatched files too).
 */
export function scoreSubtask2(gold: readonly Subtask2Row[], pred: readonly Subtask2Row[], taxonomy: Taxonomy): Subtask2Score {
  const predById = new Map(pred.map((r) => [r.id, r]));
  const goldIds = new Set(gold.map((r) => r.id));
  const missing = gold.filter((r) => !predById.has(r.id)).map((r) => r.id);
  const unknown = pred.filter((r) => !goldIds.has(r.id)).map((r) => r.id);
  if (missing.length || unknown.length) {
    const parts = [];
    if (missing.length) parts.push(`${missing.length} gold id(s) without a prediction (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})`);
    if (unknown.length) parts.push(`${unknown.length} predicted id(s) not in the gold file (${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''})`);
    throw new Error(`ids do not match: ${parts.join('; ')}`);
  }
  const coarseClasses = new Set(taxonomy.narratives);
  const fineClasses = new Set(taxonomy.subNarratives);
  const coarse: number[] = [];
  const fine: number[] = [];
  for (const g of gold) {
    const p = predById.get(g.id)!;
    coarse.push(articleF1(g.narratives, p.narratives, coarseClasses));
    fine.push(articleF1(g.subNarratives, p.subNarratives, fineClasses));
  }
  return { coarse: summarise(coarse), fine: summarise(fine), articles: gold.length };
}

/** "F1@coarse 0.512 (0.301)\tF1@fine 0.403 (0.288)": a score as the narratives commands print it. */
export function scoreText(s: { coarse: F1Summary; fine: F1Summary }): string {
  return `F1@coarse ${s.coarse.mean.toFixed(3)} (${s.coarse.sd.toFixed(3)})\tF1@fine ${s.fine.mean.toFixed(3)} (${s.fine.sd.toFixed(3)})`;
}

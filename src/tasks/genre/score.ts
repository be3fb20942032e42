/**
 * Subtask 1 scorer: macro-F1 over the three genres (official), micro-F1 (= accuracy for single-label
 * rows) and per-class F1. Optional per-article weights give the score a different class mix would
 * get with the same per-class behaviour (used to check the model on a reporting-heavy mix).
 */
import { GENRES } from './taxonomy.js';
import { perLabelScore, type PerLabel } from '../../learn/metrics.js';

export interface GenreScore {
  macroF1: number;
  microF1: number;
  perClass: PerLabel[];
  rows: number;
  missing: number;
}

/** `gold`, `pred`: article id → genre. `weight(id, goldLabel)` defaults to 1. */
export function scoreGenre(gold: ReadonlyMap<string, string>, pred: ReadonlyMap<string, string>, weight: (id: string, gold: string) => number = () => 1): GenreScore {
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, w: number) => m.set(k, (m.get(k) ?? 0) + w);
  let correct = 0;
  let total = 0;
  let missing = 0;
  for (const [id, g] of gold) {
    const p = pred.get(id);
    if (p === undefined) missing++;
    const w = weight(id, g);
    total += w;
    if (p === g) {
      add(tp, g, w);
      correct += w;
    } else {
      add(fn, g, w);
      if (p !== undefined) add(fp, p, w);
    }
  }
  const perClass = GENRES.map((label) => perLabelScore(label, tp.get(label) ?? 0, fp.get(label) ?? 0, fn.get(label) ?? 0));
  return { macroF1: perClass.reduce((s, c) => s + c.f1, 0) / perClass.length, microF1: total === 0 ? 0 : correct / total, perClass, rows: gold.size, missing };
}

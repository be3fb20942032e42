/**
 * Scorers with the official definitions:
 * - SemEval-2023 Task 3 subtask 3: micro-F1 (official) and macro-F1 over the technique list, one row
 *   per paragraph (learn/metrics.ts scoreMultiLabel, keyed by paragraphKey).
 * - PTC span identification (SI): the span-overlap precision and recall of Da San Martino et al.
 *   (EMNLP 2019): P = Σ_s Σ_t |s∩t|/|s| / |S|, R = Σ_s Σ_t |s∩t|/|t| / |T| over predicted spans S
 *   and gold spans T of the same article, summed over articles; F1 their harmonic mean.
 * - PTC span identification with techniques (FLC, Da San Martino et al. 2019): the SI measure
 *   counting only the overlap of spans with the same technique.
 * - PTC technique classification (TC): micro-F1 over the gold spans (each predicted span label is
 *   compared with the gold label of the same span), which equals accuracy when every span is predicted.
 */
import { mergeSpans, type Span } from '../../doc/span.js';
import { harmonicF1, perLabelScore, precisionOf, recallOf, type PerLabel } from '../../learn/metrics.js';

/** Row key of a paragraph: "id<TAB>line". */
export const paragraphKey = (id: string, line: number): string => `${id}\t${line}`;

export interface SpanScore {
  precision: number;
  recall: number;
  f1: number;
  predicted: number;
  gold: number;
}

/** Size of the intersection of two half-open spans. */
function intersection(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/**
 * PTC SI score. `gold` and `pred` map article id → spans. Overlapping spans of one article are
 * merged first (the official scorer rejects overlapping predictions; merging is the same thing for
 * a well-formed file). Articles only in `pred` count toward |S|.
 */
export function scoreSpanIdentification(gold: ReadonlyMap<string, readonly Span[]>, pred: ReadonlyMap<string, readonly Span[]>): SpanScore {
  let pSum = 0;
  let rSum = 0;
  let S = 0;
  let T = 0;
  const ids = new Set([...gold.keys(), ...pred.keys()]);
  for (const id of ids) {
    const g = mergeSpans(gold.get(id) ?? []);
    const p = mergeSpans(pred.get(id) ?? []);
    S += p.length;
    T += g.length;
    for (const s of p)
      for (const t of g) {
        const n = intersection(s, t);
        if (n === 0) continue;
        pSum += n / (s.end - s.start);
        rSum += n / (t.end - t.start);
      }
  }
  const precision = S === 0 ? 0 : pSum / S;
  const recall = T === 0 ? 0 : rSum / T;
  return { precision, recall, f1: harmonicF1(precision, recall), predicted: S, gold: T };
}

export interface TcSpan {
  id: string;
  start: number;
  end: number;
  technique: string;
}

/**
 * PTC FLC score: the SI measure with C(s, t) counted only when s and t carry the same technique,
 * i.e. the SI score over (article, technique) pairs, each technique's spans merged on their own.
 */
export function scoreTechniqueSpans(gold: readonly TcSpan[], pred: readonly TcSpan[]): SpanScore {
  const byPair = (spans: readonly TcSpan[]) => {
    const m = new Map<string, Span[]>();
    for (const s of spans) m.set(`${s.id}\t${s.technique}`, [...(m.get(`${s.id}\t${s.technique}`) ?? []), { start: s.start, end: s.end }]);
    return m;
  };
  return scoreSpanIdentification(byPair(gold), byPair(pred));
}

/**
 * PTC TC score: micro-F1 over gold spans. A prediction is matched to the gold span with the same
 * (id, start, end); a gold span may carry several techniques (one row each), matched as a multiset.
 */
export function scoreTechniqueClassification(gold: readonly TcSpan[], pred: readonly TcSpan[]): SpanScore & { perTechnique: PerLabel[] } {
  const key = (s: TcSpan) => `${s.id}\t${s.start}\t${s.end}`;
  const goldBy = new Map<string, string[]>();
  for (const g of gold) goldBy.set(key(g), [...(goldBy.get(key(g)) ?? []), g.technique]);
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const remaining = new Map([...goldBy].map(([k, v]) => [k, [...v]]));
  for (const p of pred) {
    const left = remaining.get(key(p));
    const at = left ? left.indexOf(p.technique) : -1;
    if (left && at >= 0) {
      left.splice(at, 1);
      inc(tp, p.technique);
    } else inc(fp, p.technique);
  }
  for (const left of remaining.values()) for (const t of left) inc(fn, t);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const TP = total(tp);
  // Every prediction is a tp or an fp, every gold span a tp or an fn.
  const precision = precisionOf(TP, pred.length - TP);
  const recall = recallOf(TP, gold.length - TP);
  const labels = [...new Set([...gold.map((g) => g.technique), ...pred.map((p) => p.technique)])].sort();
  const perTechnique = labels.map((label) => perLabelScore(label, tp.get(label) ?? 0, fp.get(label) ?? 0, fn.get(label) ?? 0));
  return { precision, recall, f1: harmonicF1(precision, recall), predicted: pred.length, gold: gold.length, perTechnique };
}

/**
 * The article's topic domain (war in Ukraine or climate change), apart from whether it pushes a
 * narrative. The narrative model's own domain outputs are trained as "carries a narrative of this
 * domain", so an article about the war that pushes no listed narrative ("Other") scores low on
 * both; the topic model answers the question a reader asks of the domain field instead.
 *
 * Training labels: the domain of the gold narratives when they all share one, else the collection
 * domain that SemEval-2025 Task 10 file names carry (EN_UA_…, EN_CC_…, A7_URW_BG_…, RU-URW-…), else
 * none (the article is left out of the topic model).
 */
import { trainDualLogistic, type DualSolution, type SparseVector } from '../../learn/index.js';
import type { Subtask2Row } from './io.js';
import { domainOf, type Domain } from './taxonomy.js';

/** The collection domain a SemEval-2025 Task 10 document id names, if it names one. */
export function topicHint(id: string): Domain | null {
  if (/(^|[_-])(UA|URW)([_-])/.test(id)) return 'URW';
  if (/(^|[_-])CC([_-])/.test(id)) return 'CC';
  return null;
}

/** Topic label of a training article (see the file comment), or null when unknown. */
export function topicLabel(id: string, gold: Subtask2Row): Domain | null {
  const domains = new Set<Domain>();
  for (const n of gold.narratives) {
    const d = domainOf(n);
    if (d) domains.add(d);
  }
  if (domains.size === 1) return [...domains][0];
  return topicHint(id);
}

/** A fitted topic model in kernel form: P(URW) = σ(Σ coef[k]·(vectors[k]·x) + intercept). */
export interface FittedTopic {
  solution: DualSolution;
  vectors: SparseVector[];
}

/**
 * Fits the binary URW-vs-CC logistic regression on the rows of an n×n Gram matrix whose topic is
 * known (`topics[r]` for Gram row r, null = unknown). Null when either domain has no article.
 */
export function fitTopic(gram: Float64Array, n: number, X: readonly SparseVector[], topics: readonly (Domain | null)[], C: number, seed: number): FittedTopic | null {
  const rows: number[] = [];
  topics.forEach((t, r) => {
    if (t) rows.push(r);
  });
  const y = rows.map((r) => topics[r] === 'URW');
  const pos = y.filter(Boolean).length;
  if (pos === 0 || pos === rows.length) return null;
  const solution = trainDualLogistic(gram, n, rows, y, { C, positiveWeight: (rows.length - pos) / pos, bias: 1, maxEpochs: 60, tolerance: 0.01 }, seed);
  return { solution, vectors: rows.map((r) => X[r]) };
}

/** Topic of a probability of URW: the likelier domain and its probability. */
export function topicFromProbability(pUrw: number): { label: Domain; score: number } {
  return pUrw >= 0.5 ? { label: 'URW', score: pUrw } : { label: 'CC', score: 1 - pUrw };
}

/**
 * The article's topic domain (war in Ukraine, climate change, or neither: "none"), apart from whether
 * it pushes a narrative. The narrative model's own domain outputs are trained as "carries a narrative of this
 * domain", so an article about the war that pushes no listed narrative ("Other") scores low on
 * both; the topic model answers the question a reader asks of the domain field instead.
 *
 * Training labels: the domain of the gold narratives when they all share one, else the collection
 * domain that SemEval-2025 Task 10 file names carry (EN_UA_…, EN_CC_…, A7_URW_BG_…, RU-URW-…), else
 * none (the article is left out of the topic model).
 *
 * The in-domain gate: a second binary model, the language's training articles (all collected on one
 * of the two topics) against screened articles on other topics (out-of-domain.ts). An article that
 * pushes no narrative and that the gate places outside both topics gets the domain "none".
 */
import { dualDecision, foldSplit, kFold, sigmoid, trainDualLogistic, type DualSolution, type SparseVector } from '../../learn/index.js';
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

/** The in-domain gate: the fitted model, its first `inDomain` rows in domain, and its decision threshold. */
export interface FittedGate {
  model: FittedTopic;
  inDomain: number;
  threshold: number;
}

/** Thresholds on P(in domain) tried for the gate, highest (most articles called "none") first. */
const GATE_THRESHOLDS = [0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05, 0.02, 0.01];

/**
 * Largest share of in-domain training articles the gate may call "none" in its inner cross-validation:
 * an article about the war or climate losing its domain costs more than an unrelated one keeping one.
 */
export const GATE_MAX_FALSE_NONE = 0.005;

/**
 * Fits the in-domain gate: P(in domain) over the n×n Gram matrix of `inDomain` in-domain rows
 * followed by out-of-domain rows (balanced class weights). Its threshold is the highest of
 * GATE_THRESHOLDS that calls at most GATE_MAX_FALSE_NONE of the in-domain rows "none" in a seeded
 * inner k-fold cross-validation on these rows only. Null without both kinds of rows.
 */
export function fitGate(gram: Float64Array, n: number, X: readonly SparseVector[], inDomain: number, C: number, seed: number, innerFolds = 5): FittedGate | null {
  const out = n - inDomain;
  if (inDomain === 0 || out === 0) return null;
  const train = (rows: readonly number[]) => {
    const pos = rows.filter((r) => r < inDomain).length;
    return trainDualLogistic(gram, n, rows, rows.map((r) => r < inDomain), { C, positiveWeight: (rows.length - pos) / Math.max(1, pos), bias: 1, maxEpochs: 60, tolerance: 0.01 }, seed);
  };
  const all = Array.from({ length: n }, (_, r) => r);
  const inner = new Float64Array(inDomain);
  const folds = kFold(n, Math.min(innerFolds, n), seed);
  for (let f = 0; f < Math.min(innerFolds, n); f++) {
    const { train: tr, test } = foldSplit(folds, f);
    const d = dualDecision(train(tr), gram, n, tr, test);
    test.forEach((r, k) => {
      if (r < inDomain) inner[r] = sigmoid(d[k]);
    });
  }
  const falseNone = (t: number) => inner.filter((p) => p < t).length / inDomain;
  const threshold = GATE_THRESHOLDS.find((t) => falseNone(t) <= GATE_MAX_FALSE_NONE) ?? GATE_THRESHOLDS[GATE_THRESHOLDS.length - 1];
  return { model: { solution: train(all), vectors: X.slice(0, n) }, inDomain, threshold };
}

/** The domain an Analysis shows: a topic, or "none" for an article about neither. */
export type ArticleDomain = Domain | 'none';

/** What the domain decision reads: every model output that bears on it. */
export interface DomainEvidence {
  /** Domains of the chosen narratives ("Other" excluded). */
  chosen: ReadonlySet<Domain>;
  /** The topic model's answer, or null without one. */
  topic: { label: Domain; score: number } | null;
  /** P(in domain) from the gate and the gate's threshold, or null without a gate. */
  inDomain: { p: number; threshold: number } | null;
  /** Whether the article names a term of either topic (out-of-domain.ts namesTopicTerm); read only with a gate. */
  namesTopic: boolean;
  /** The narrative model's domain outputs (probabilities, in `domains` order). */
  narrativeDomains: readonly [Domain, number][];
}

/**
 * The article's domain and its score. Chosen narratives of one domain win over the topic model when
 * they disagree (the shown narratives and domain must agree). With a gate, an article with no chosen
 * narrative is "none" when the gate puts it outside both topics (P(in domain) below its threshold)
 * or when it names no term of either topic: the gate, trained against opinion pieces on other
 * topics, does not recognise plain local news (docs/narratives.md); its score is 1 − P(in domain). Otherwise the topic model,
 * else the likelier of the narrative-domain outputs (a language trained on one domain only).
 */
export function decideDomain(e: DomainEvidence): { label: ArticleDomain; score: number } {
  const prob = (d: Domain) => e.narrativeDomains.find(([name]) => name === d)?.[1] ?? 0;
  if (e.chosen.size === 1) {
    const d = [...e.chosen][0];
    if (!e.topic || e.topic.label !== d) return { label: d, score: prob(d) };
  }
  if (e.chosen.size === 0 && e.inDomain && (e.inDomain.p < e.inDomain.threshold || !e.namesTopic)) return { label: 'none', score: 1 - e.inDomain.p };
  if (e.topic) return e.topic;
  const [a, b] = e.narrativeDomains;
  const best = a[1] >= b[1] ? a : b;
  return { label: best[0], score: best[1] / Math.max(1e-9, a[1] + b[1]) };
}

/** Topic of a probability of URW: the likelier domain and its probability. */
export function topicFromProbability(pUrw: number): { label: Domain; score: number } {
  return pUrw >= 0.5 ? { label: 'URW', score: pUrw } : { label: 'CC', score: 1 - pUrw };
}

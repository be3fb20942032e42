/** How much an analyst's decision on an article would teach the narrative model: a priority in [0, 1] with its reasons (issue 17). */
import type { Analysis } from '../schema.js';
import type { Annotation } from '../store/annotations.js';

/** How much a decision on an article would teach the model, and why in words. */
export interface ReviewPriority {
  /** Higher first. */
  priority: number;
  /** Why, in words, for the reviewer. */
  reasons: string[];
}

type Narratives = NonNullable<Analysis['narratives']>;

/** What the priority knows beyond the article's own analysis. */
export interface PriorityContext {
  /** Per label (narrative or sub-narrative), in how many decided articles an analyst kept or added it. */
  labelCounts: ReadonlyMap<string, number>;
  /** Articles with at least one current narrative decision (the denominator of the label frequencies). */
  decidedArticles: number;
  /** Another tier's narratives section for the same article, when one is kept beside the analysis's own. */
  otherTier?: Narratives;
}

/**
 * The weights of the three signals, fixed in advance from what each says about a decision's value,
 * never tuned on a score (bench/review-simulation.mjs relies on that): a label near its threshold is
 * the classic uncertainty-sampling signal and weighs most; two tiers disagreeing means one of them is
 * wrong for sure; a rare label is worth a decision because the model has few examples of it.
 * A signal that cannot be measured (no second tier, no decision in the corpus yet) is left out and the
 * priority is the weighted mean of the others, so an article is not pushed down for what is unknown.
 */
export const PRIORITY_WEIGHTS = { margin: 0.5, tiers: 0.3, rarity: 0.2 } as const;

/** Scores are 0.5 away from their threshold at most in practice; a label without a recorded threshold is measured against 0.5. */
const MARGIN_SCALE = 0.5;
const DEFAULT_THRESHOLD = 0.5;

const round = (x: number) => Math.round(x * 1000) / 1000;
const isCatchAll = (label: string) => label === 'Other' || label.endsWith(': Other');
/** A language model's label has no probability (its score is 1): only the fast tier's scores have a threshold to be near. */
const isModelTier = (l: { tier?: string }) => l.tier === 'llm' || l.tier === 'hybrid';

/** One signal's value in [0, 1], with what to tell the reviewer when it matters. */
interface Signal {
  value: number;
  reason?: string;
}

interface Scored {
  label: string;
  score: number;
  threshold: number;
}

/** The section's labels with a probability and the threshold it was compared with (candidates of an "Other" article included). */
function scoredLabels(n: Narratives): Scored[] {
  const shown = [...n.narratives, ...n.subNarratives].filter((l) => !isModelTier(l));
  return [
    ...shown.map((l) => ({ label: l.label, score: l.score, threshold: l.threshold ?? DEFAULT_THRESHOLD })),
    ...(n.candidates ?? []).map((l) => ({ label: l.label, score: l.score, threshold: DEFAULT_THRESHOLD })),
  ].filter((l) => !isCatchAll(l.label));
}

/** Closeness of the nearest call to its threshold: 1 on the threshold, 0 at MARGIN_SCALE or further. */
function marginSignal(n: Narratives): Signal | undefined {
  const scored = scoredLabels(n);
  if (scored.length === 0) return undefined;
  const nearest = scored.reduce((a, b) => (Math.abs(b.score - b.threshold) < Math.abs(a.score - a.threshold) ? b : a));
  const value = Math.max(0, 1 - Math.abs(nearest.score - nearest.threshold) / MARGIN_SCALE);
  return { value, reason: `"${nearest.label}" scored ${nearest.score.toFixed(2)} against its threshold ${nearest.threshold.toFixed(2)}` };
}

const labelSet = (labels: readonly { label: string }[]) => new Set(labels.map((l) => l.label).filter((l) => !isCatchAll(l)));

/** The two tiers' label sets: a mixed section's labels split by tier, or the section against `otherTier`. */
function tierSets(n: Narratives, other: Narratives | undefined): [Set<string>, Set<string>] | undefined {
  const all = [...n.narratives, ...n.subNarratives];
  if (other?.status === 'ok') return [labelSet(all), labelSet([...other.narratives, ...other.subNarratives])];
  const model = all.filter(isModelTier);
  if (model.length === 0 || model.length === all.length) return undefined;
  return [labelSet(model), labelSet(all.filter((l) => !isModelTier(l)))];
}

/** 1 − Jaccard similarity of the two tiers' labels (both "Other": they agree). */
function tierSignal(n: Narratives, other: Narratives | undefined): Signal | undefined {
  const sets = tierSets(n, other);
  if (!sets) return undefined;
  const [a, b] = sets;
  const union = new Set([...a, ...b]);
  if (union.size === 0) return { value: 0 };
  const differ = [...union].filter((l) => a.has(l) !== b.has(l)).length;
  const value = differ / union.size;
  return differ ? { value, reason: `the tiers disagree on ${differ} of ${union.size} label${union.size === 1 ? '' : 's'}` } : { value };
}

/**
 * The rarest label the article shows, by inverse document frequency among the decided articles,
 * scaled to [0, 1]: 1 for a label no decision carries yet, 0 for one every decided article carries.
 */
function raritySignal(n: Narratives, ctx: PriorityContext): Signal | undefined {
  if (ctx.decidedArticles <= 0) return undefined;
  const labels = [...new Set(scoredLabels(n).map((l) => l.label).concat([...labelSet([...n.narratives, ...n.subNarratives])]))];
  if (labels.length === 0) return undefined;
  const N = ctx.decidedArticles;
  const idf = (label: string) => Math.log((1 + N) / (1 + Math.min(N, ctx.labelCounts.get(label) ?? 0))) / Math.log(1 + N);
  const rarest = labels.reduce((a, b) => (idf(b) > idf(a) ? b : a));
  const value = idf(rarest);
  const count = ctx.labelCounts.get(rarest) ?? 0;
  // Worth saying only when the label is rare: in at most a tenth of the decided articles.
  return count <= N / 10 ? { value, reason: `"${rarest}" is in ${count} of ${N} decided article${N === 1 ? '' : 's'}` } : { value };
}

/** How much a decision on `analysis` would teach the model, and why. An article without narrative scores has priority 0. */
export function priorityOf(analysis: Pick<Analysis, 'narratives'>, context: PriorityContext): ReviewPriority {
  const n = analysis.narratives;
  if (n?.status !== 'ok') return { priority: 0, reasons: ['no narrative labels to decide on'] };
  const signals: [number, Signal | undefined][] = [
    [PRIORITY_WEIGHTS.margin, marginSignal(n)],
    [PRIORITY_WEIGHTS.tiers, tierSignal(n, context.otherTier)],
    [PRIORITY_WEIGHTS.rarity, raritySignal(n, context)],
  ];
  const measured = signals.flatMap(([weight, s]) => (s ? [{ weight, ...s }] : []));
  if (measured.length === 0) return { priority: 0, reasons: ['no narrative scores'] };
  const total = measured.reduce((a, s) => a + s.weight, 0);
  const priority = measured.reduce((a, s) => a + s.weight * s.value, 0) / total;
  return { priority: round(priority), reasons: measured.flatMap((s) => (s.reason ? [s.reason] : [])) };
}

/**
 * The context from the corpus's decisions: per narrative label, the articles whose latest current
 * decision by some author keeps it (accept or add); a label rejected by everyone who decided on it
 * does not count. Decisions on other tasks are ignored.
 */
export function priorityContext(decisions: Iterable<Annotation>): PriorityContext {
  const kept = new Map<string, Set<string>>();
  const articles = new Set<string>();
  for (const d of decisions) {
    if (d.task !== 'narratives' || !d.current) continue;
    const article = d.articleHash ?? d.articleId;
    articles.add(article);
    if (d.decision === 'reject' || isCatchAll(d.label)) continue;
    let set = kept.get(d.label);
    if (!set) kept.set(d.label, (set = new Set()));
    set.add(article);
  }
  return { labelCounts: new Map([...kept].map(([label, s]) => [label, s.size])), decidedArticles: articles.size };
}

/**
 * The narratives task: fills `analysis.narratives` with the domain, narratives and sub-narratives
 * (probability, threshold, evidence sentences with raw offsets) and the dominant sub-narrative with an
 * explanation of at most 80 words from the article's own sentences, and publishes the chosen labels
 * and domain as the Doc's "narratives" layer. One model per language, models/narratives/<LANG>.nscm.
 */
import type { Doc } from '../../doc/doc.js';
import { setLayer } from '../../doc/doc.js';
import type { SparseVector } from '../../learn/sparse.js';
import type { Narratives } from '../../schema.js';
import type { Task, TaskLabelRow, TaskShift } from '../task.js';
import { NARRATIVE_COLUMNS, NARRATIVE_FACETS } from './facets.js';
import { languageModelPath, modelLanguages, taskModelDir } from '../models.js';
import { explanationFrom, rankSentences } from './explain.js';
import { chooseDominant, dominantCandidates, dominantNames, dominantReason, type DominantCandidates, type DominantRule } from './dominant.js';
import { decidedLabels, NarrativeModel } from './model.js';
import { decideDomain } from './topic.js';
import { namesTopicTerm } from './out-of-domain.js';
import { byScore } from './label-names.js';
import { domainOf, isOtherSub, type Domain } from './taxonomy.js';
import { loadModel, versionTag } from '../../learn/modelfile.js';
import { roundTo } from '../../util/round.js';
import { mergeNarratives } from './merge.js';
import { labelNames } from './labels.js';
import { shiftedRaw, trainingPriors } from './shift.js';

/** What the narratives task tells later tasks about an article (entities' stance features read it). */
export interface NarrativesLayer {
  /** The chosen narrative labels, "Other" left out (empty: the article carries none). */
  labels: string[];
  /** The article's domain ("URW", "CC", "none"), or null when undecided. */
  domain: string | null;
}

declare module '../../doc/doc.js' {
  interface DocLayers {
    narratives: NarrativesLayer;
  }
}

/**
 * How the dominant narrative is picked (dominant.ts) with a model file that does not name its rule
 * (files from before issue 13; newer files hold the rule chosen inside training, meta.dominantRule).
 */
export const DOMINANT_RULE: DominantRule = 'combined';

/** Scores in the Analysis keep four decimals. */
const round4 = (v: number): number => roundTo(v, 4);

/** Folder of the shipped narrative models ($NARRASCOPE_MODELS/narratives overrides). */
export function narrativeModelDir(): string {
  return taskModelDir('narratives');
}

export function narrativeModelPath(lang: string, dir = narrativeModelDir()): string {
  return languageModelPath(dir, lang);
}

/** The model for a language code (any case), or null when there is none. Read once. */
export function narrativeModelFor(lang: string, dir = narrativeModelDir()): NarrativeModel | null {
  if (!modelLanguages(dir).includes(lang.toLowerCase())) return null;
  return loadModel(narrativeModelPath(lang, dir), 'narratives', (data, path) => NarrativeModel.decode(data, path));
}

/** The layer of a narratives section: its chosen labels without "Other", and its domain. */
export function narrativesLayerOf(n: Narratives): NarrativesLayer {
  return { labels: n.narratives.map((x) => x.label).filter((l) => l !== 'Other'), domain: n.domain?.label ?? null };
}

function unavailable(reason: string): Narratives {
  return { status: 'unavailable', reason, domain: null, narratives: [], subNarratives: [], dominant: null };
}

/** A Doc as a model scored it: its counts (whole text and sentences), vector and raw label scores. */
interface ScoredDoc {
  model: NarrativeModel;
  counts: ReturnType<NarrativeModel['hasher']['countsWithSegments']>;
  x: SparseVector;
  raw: Float64Array;
}

/** Kept beside each annotated Doc so a batch's label-shift step does not hash and score it again. */
const scoredDocs = new WeakMap<Doc, ScoredDoc>();

function scoreDoc(doc: Doc, model: NarrativeModel): ScoredDoc {
  const kept = scoredDocs.get(doc);
  if (kept?.model === model) return kept;
  // One hashing pass gives the article's counts and its sentences' (for evidence).
  const counts = model.hasher.countsWithSegments(doc.view.text, doc.viewSentences);
  const x = model.vectorizeCounts(counts.whole);
  const scored = { model, counts, x, raw: model.probabilities(x) };
  scoredDocs.set(doc, scored);
  return scored;
}

/** Runs a model on a document and builds the Narratives section. Exported for tests and the CLI. */
export function annotateNarratives(doc: Doc, model: NarrativeModel): Narratives {
  const scored = scoreDoc(doc, model);
  return sectionFrom(doc, model, scored, scored.raw);
}

/**
 * The Narratives section of a scored Doc decided on raw scores `p` (the model's own, or shifted to a
 * batch's label mix): labels decided on the raw scores with the tuned thresholds and rule, shown
 * with their calibrated probabilities and the calibrated value of their thresholds.
 */
function sectionFrom(doc: Doc, model: NarrativeModel, scored: ScoredDoc, p: Float64Array): Narratives {
  const text = doc.view.text;
  const sentences = doc.viewSentences;
  const { counts, x } = scored;
  let vectors: SparseVector[] | undefined;
  const sentenceVectors = () => (vectors ??= counts.segments.map((c) => model.vectorizeCounts(c)));
  const decoded = model.decode(p);
  // "<narrative>: Other" is a SemEval catch-all: the user-facing analysis shows the narrative alone.
  const specificSubs = decoded.subIds.filter((s) => !isOtherSub(model.labels.subNarratives[s]));
  const { domains, narratives, subNarratives } = model.labels;
  const D = domains.length;
  const N = narratives.length;
  const q = model.displayed(p, decidedLabels(model, decoded));
  const raw = doc.article.raw;
  const evidenceFor = (label: number) =>
    rankSentences(model, text, sentences, label, 3, sentenceVectors()).map((e) => {
      const span = doc.view.toRawSpan(e);
      return { ...span, text: raw.slice(span.start, span.end), weight: round4(e.weight) };
    });
  const isOther = decoded.narrativeIds.length === 0;
  const result: Narratives = {
    status: 'ok',
    model: model.meta.version,
    domain: domainOfArticle(model, text, x, p, decoded.narratives),
    // Highest score first (report, dashboard and JSON alike); the label breaks ties.
    narratives: decoded.narrativeIds.map((n) => ({ label: narratives[n], score: round4(q[D + n]), threshold: round4(model.calibratedThreshold(D + n, model.params.narrative[n])), evidence: evidenceFor(D + n) })).sort(byScore),
    subNarratives: specificSubs.map((s) => ({
      label: subNarratives[s],
      narrative: narratives[model.labels.parent[s]],
      score: round4(q[D + N + s]),
      threshold: round4(model.calibratedThreshold(D + N + s, model.params.sub[s])),
      evidence: evidenceFor(D + N + s),
    })).sort(byScore),
    dominant: null,
    // The submission's labels as decoded, so an export of the stored analysis equals `predict narratives`.
    semeval: { narratives: decoded.narratives, subNarratives: decoded.subNarratives },
  };
  if (isOther) result.candidates = closestNarratives(q, D, narratives);
  // Dominant (dominant.ts): from the decoded narratives, or, for an article decoded as "Other", from
  // the narratives that still clear their own thresholds; picked among by calibrated probability.
  const candidates = dominantCandidates(p, model.labels, model.params, decoded);
  if (candidates.narrativeIds.length) {
    const rule = model.meta.dominantRule ?? DOMINANT_RULE;
    const pick = chooseDominant(q, model.labels, candidates.narrativeIds, candidates.specificSubs, rule)!;
    const names = dominantNames(pick, model.labels);
    const label = pick.sub !== null ? D + N + pick.sub : D + pick.narrative;
    const ev = rankSentences(model, text, sentences, label, 3, sentenceVectors());
    const exp = explanationFrom(text, ev);
    result.dominant = {
      narrative: names.narrative,
      subNarrative: names.subNarrative,
      reason: reasonFor(q, model, candidates, pick, rule),
      explanation: exp.text,
      evidence: exp.spans.map((s) => doc.view.toRawSpan(s)),
    };
  }
  return result;
}

/** Why the dominant narrative was picked; for an article decoded as "Other", also why it has one. */
function reasonFor(q: Float64Array, model: NarrativeModel, c: DominantCandidates, pick: NonNullable<ReturnType<typeof chooseDominant>>, rule: DominantRule): string {
  const why = dominantReason(q, model.labels, c.narrativeIds, c.specificSubs, pick, rule);
  if (!c.belowOther) return why;
  const head = 'no narrative is shown as chosen (the likeliest is below the "Other" gate)';
  if (c.narrativeIds.length === 1) return `${head}, but this one clears its own threshold`;
  return `${head}, but ${c.narrativeIds.length} clear their own thresholds; of those, ${why.replace(/ chosen narratives/, ' narratives')}`;
}

/**
 * Label-shift adaptation over a batch (TaskShift): one evidence row per article, its calibrated
 * label probabilities; the section decided again on its raw scores shifted to the batch's priors.
 */
const narrativesShift: TaskShift<NarrativeModel, Narratives> = {
  kind: 'multilabel',
  byDefault: false,
  labels: (model) => labelNames(model.labels),
  trainingPriors,
  evidence: (doc, section, model) => (section.status === 'ok' ? [model.calibrated(scoreDoc(doc, model).raw)] : []),
  redecide(doc, section, model, priors) {
    if (section.status !== 'ok') return section;
    const scored = scoreDoc(doc, model);
    return sectionFrom(doc, model, scored, shiftedRaw(model, scored.raw, priors));
  },
};

/** The article's domain (topic.ts decideDomain) from the chosen narratives and the model's domain outputs. */
function domainOfArticle(model: NarrativeModel, text: string, x: SparseVector, p: Float64Array, chosen: readonly string[]): Narratives['domain'] {
  // A model trained on a user's own taxonomy (docs/taxonomy.md) has no war or climate labels to decide a topic from.
  if (!model.labels.narratives.some((n) => domainOf(n) !== null)) return null;
  const d = decideDomain({
    namesTopic: namesTopicTerm(text),
    chosen: new Set(chosen.map(domainOf).filter((d): d is Domain => d !== null)),
    topic: model.topic(x),
    inDomain: model.inDomain(x),
    narrativeDomains: model.labels.domains.map((name, k): [Domain, number] => [name as Domain, p[k]]),
  });
  return { label: d.label, score: round4(d.score) };
}

/** The three most probable narratives of an article decoded as "Other". */
function closestNarratives(p: Float64Array, D: number, narratives: readonly string[]): { label: string; score: number }[] {
  return narratives
    .map((label, n) => ({ label, score: round4(p[D + n]) }))
    .sort(byScore)
    .slice(0, 3);
}

/** Label rows: the domain, each narrative and each sub-narrative of an analysed article. */
function labelRows(n: Narratives): TaskLabelRow[] {
  if (n.status !== 'ok') return [];
  return [
    ...(n.domain ? [{ task: 'domain', label: n.domain.label, score: n.domain.score }] : []),
    ...n.narratives.map((x) => ({ task: 'narrative', label: x.label, score: x.score })),
    ...n.subNarratives.map((x) => ({ task: 'subnarrative', label: x.label, score: x.score })),
  ];
}

/**
 * The narratives task; status "unavailable" with the reason when it does not run. `modelDir`
 * overrides the model folder (`predict narratives --models`).
 */
export const narrativesAnnotatorFrom = (modelDir?: string): Task<NarrativeModel, Narratives> => ({
  id: 'narratives',
  requires: [],
  languages: () => modelLanguages(modelDir ?? narrativeModelDir()),
  model: (lang) => narrativeModelFor(lang, modelDir)!,
  version: (model) => versionTag(model.meta.version, model.digest),
  skip: (doc) => (!doc.view.text.trim() || doc.wordCount === 0 ? 'no usable text remains after cleaning' : undefined),
  annotate(doc, model) {
    const section = annotateNarratives(doc, model);
    setLayer(doc, 'narratives', narrativesLayerOf(section));
    return section;
  },
  notRun: unavailable,
  facets: NARRATIVE_FACETS,
  labelRows,
  columns: NARRATIVE_COLUMNS,
  mergeParts: mergeNarratives,
  shift: narrativesShift,
  commands: async () => (await import('./commands.js')).narrativesCommands(narrativesAnnotatorFrom),
  heldOut: async () => (await import('./heldout.js')).heldOutNarratives,
  train: async () => (await import('./build.js')).trainNarrativeModel,
  score: async () => (await import('./score.js')).scoreSubtask2,
  io: { parse: async () => (await import('./io.js')).parseSubtask2, format: async () => (await import('./io.js')).formatSubtask2 },
});

export const narrativesAnnotator = narrativesAnnotatorFrom();

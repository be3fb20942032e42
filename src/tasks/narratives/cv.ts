/**
 * Seeded k-fold cross-validation of the narrative models on a language's training split. Folds are
 * iteratively stratified over the gold labels; every fold's model (feature space, weights and
 * thresholds, with its own inner cross-validation) sees only that fold's training articles plus
 * the unlabeled test articles. Out-of-domain articles (out-of-domain.ts) are split into folds of
 * their own: each fold's gate trains on the others and is measured on the held-out ones.
 */
import { kFold, stratifiedKFold, foldSplit, type SparseVector } from '../../learn/index.js';
import { extraTrainingDocs, loadExplanations, loadTestDocs, loadTrainSplit, readTaxonomy, type LabelledDoc } from './corpus.js';
import type { Subtask2Row } from './io.js';
import { buildLabelSpace, rowTargets } from './labels.js';
import { scoreSubtask2, type Subtask2Score } from './score.js';
import { OTHER, isOtherSub } from './taxonomy.js';
import { DEFAULT_TRAIN_OPTIONS, fitNarratives, hashTexts, type NarrativeTrainOptions } from './train.js';
import { decidedLabels, toNarrativeModel, type NarrativeModel } from './model.js';
import { chrF, explanationFrom, rankSentences } from './explain.js';
import { segmentSentences } from '../../text/index.js';
import { decideDomain, topicLabel, type ArticleDomain, type DomainEvidence } from './topic.js';
import { domainOf, type Domain } from './taxonomy.js';
import { namesTopicTerm, type OutOfDomainDoc } from './out-of-domain.js';
import { chooseDominant, dominantCandidates, dominantNames, DOMINANT_RULES, type DominantRule } from './dominant.js';

/** Score index of the label an explanation should support: the sub-narrative, else its narrative. */
export function explanationLabel(model: NarrativeModel, narrative: string, subNarrative: string): number {
  const { domains, narratives, subNarratives } = model.labels;
  const s = subNarratives.indexOf(subNarrative);
  if (s >= 0) return domains.length + narratives.length + s;
  const n = narratives.indexOf(narrative);
  return n >= 0 ? domains.length + n : -1;
}

export interface CvResult {
  lang: string;
  docs: LabelledDoc[];
  /** Fold of each document (same order as docs). */
  folds: Int32Array;
  predictions: Subtask2Row[];
  score: Subtask2Score;
  /** Score on the articles whose gold is not "Other" alone. */
  nonOther: Subtask2Score;
  seconds: number;
  /** Mean chrF of explanations (for the gold dominant sub-narrative) against subtask-3 explanations. */
  explanationChrF: number;
  explanationCount: number;
  /**
   * Topic domain on the held-out articles whose topic is known (topic.ts): accuracy of the topic
   * model, and of the likelier of the narrative model's two domain outputs, for comparison.
   */
  topic: TopicAccuracy;
  /** The same on the held-out articles whose gold is "Other" alone. */
  topicOther: TopicAccuracy;
  /**
   * The dominant narrative against the subtask-3 gold (dominant.ts), counted over the articles with a
   * gold dominant narrative: `chosen` under the rule each fold's training chose, picked from
   * dominantCandidates (an article decoded as "Other" still gets one when a narrative clears its
   * threshold); `decodedOnly` the 'combined' rule from the decoded narratives alone (no dominant for
   * an article decoded as "Other"); `byRule` each rule with the candidates. `narrative`: same
   * narrative; `pair`: same narrative and sub-narrative ("none" = "<narrative>: Other"); `none`: no
   * dominant given. `decodedOnly` is the rule before issue 13 (raw scores, the fixed 'combined' rule).
   */
  dominant: { articles: number; chosen: DominantCount; decodedOnly: DominantCount; byRule: Record<DominantRule, DominantCount>; rules: DominantRule[] };
  /** Each outer fold's stored model, its held-out rows (indices into docs) and their raw scores, for measurements on them (calibration, label shift). */
  heldOut: { model: NarrativeModel; rows: number[]; raw: Float64Array[] }[];
  /** The Analysis domain (topic.ts decideDomain) with and without the in-domain gate; null without out-of-domain articles. */
  domain: DomainCv | null;
}

/** Held-out dominant-narrative counts of one way of picking it (CvResult.dominant). */
export interface DominantCount {
  narrative: number;
  pair: number;
  none: number;
}

/** Held-out counts of the domain decision (cv.ts). */
export interface DomainCv {
  /** In-domain articles whose topic is known: right domain under the full rule, and without gate and rule. */
  known: number;
  right: number;
  rightWithoutGate: number;
  /** Of those, the ones whose gold is "Other" alone. */
  knownOther: number;
  rightOther: number;
  rightOtherWithoutGate: number;
  /** All in-domain articles, and how many the full rule called "none". */
  inDomain: number;
  inDomainNone: number;
  /**
   * Out-of-domain articles, how many got "none" from the gate alone and under the full rule (by
   * construction they name no topic term, so the full rule's figure is not a test of it), and how
   * many got a narrative chosen (which keeps them out of "none").
   */
  outOfDomain: number;
  outOfDomainNoneGate: number;
  outOfDomainNone: number;
  outOfDomainWithNarratives: number;
}

/**
 * The Analysis domain of an article under a stored model: with its gate and the topic-term rule,
 * with the gate alone (`gate-only`), or neither (`none`, the rule before the gate).
 */
function domainUnder(model: NarrativeModel, text: string, x: SparseVector, rule: 'full' | 'gate-only' | 'none'): ArticleDomain {
  const p = model.probabilities(x);
  const d = model.decode(p);
  const e: DomainEvidence = {
    chosen: new Set(d.narratives.map(domainOf).filter((v): v is Domain => v !== null)),
    topic: model.topic(x),
    inDomain: rule === 'none' ? null : model.inDomain(x),
    namesTopic: rule === 'full' ? namesTopicTerm(text) : true,
    narrativeDomains: model.labels.domains.map((name, k): [Domain, number] => [name as Domain, p[k]]),
  };
  return decideDomain(e).label;
}

export interface TopicAccuracy {
  articles: number;
  /** Null when no fold had a topic model (a language trained on one domain only). */
  accuracy: number | null;
  narrativeDomainAccuracy: number;
}

/** The fold assignment used for a language: stratified over the full label space of its gold rows. */
export function cvFolds(docs: readonly LabelledDoc[], k: number, seed: number, taxonomyNarratives: readonly string[]): Int32Array {
  const labels = buildLabelSpace(docs.map((d) => d.gold), taxonomyNarratives);
  return stratifiedKFold(docs.map((d) => rowTargets(d.gold, labels)), k, seed);
}

/** True when a gold row is "Other" only. */
export function isOtherOnly(row: Subtask2Row): boolean {
  return row.narratives.length === 1 && row.narratives[0] === OTHER;
}

export function crossValidate(dataDir: string, lang: string, k: number, seed: number, options: Partial<NarrativeTrainOptions> = {}, log: (msg: string) => void = () => {}, outOfDomainDocs: readonly OutOfDomainDoc[] = []): CvResult {
  const t0 = performance.now();
  const opts = { ...DEFAULT_TRAIN_OPTIONS, ...options, seed };
  const taxonomy = readTaxonomy(dataDir);
  const docs = loadTrainSplit(dataDir, lang);
  const unlabeled = hashTexts(loadTestDocs(dataDir, lang).map((d) => d.text), opts.hasher);
  const counts = hashTexts(docs.map((d) => d.text), opts.hasher);
  const folds = cvFolds(docs, k, seed, taxonomy.narratives);
  const extra = extraTrainingDocs(dataDir, lang, taxonomy, opts);
  const predictions: Subtask2Row[] = new Array(docs.length);
  const explanations = loadExplanations(dataDir, lang);
  let chrfSum = 0;
  let chrfCount = 0;
  const topics = docs.map((d) => topicLabel(d.id, d.gold));
  const topicHits = { articles: 0, topic: 0, domain: 0, modelled: 0 };
  const otherHits = { articles: 0, topic: 0, domain: 0, modelled: 0 };
  const ood = hashTexts(outOfDomainDocs.map((d) => d.text), opts.hasher);
  const oodFolds = ood.length >= k ? kFold(ood.length, k, seed) : null;
  const dc: DomainCv = { known: 0, right: 0, rightWithoutGate: 0, knownOther: 0, rightOther: 0, rightOtherWithoutGate: 0, inDomain: 0, inDomainNone: 0, outOfDomain: 0, outOfDomainNoneGate: 0, outOfDomainNone: 0, outOfDomainWithNarratives: 0 };
  const count = (): DominantCount => ({ narrative: 0, pair: 0, none: 0 });
  const dominant: CvResult['dominant'] = { articles: 0, chosen: count(), decodedOnly: count(), byRule: { combined: count(), narrative: count(), sub: count() }, rules: [] };
  const dominantGold = docs.map((d) => explanations.get(d.id)?.narrative ?? null);
  const heldOut: CvResult['heldOut'] = [];
  for (let f = 0; f < k; f++) {
    const { train, test } = foldSplit(folds, f);
    const oodSplit = oodFolds ? foldSplit(oodFolds, f) : { train: [], test: [] };
    const model = fitNarratives(train.map((i) => counts[i]), train.map((i) => docs[i].gold), unlabeled, taxonomy, opts, extra, train.map((i) => topics[i]), oodSplit.train.map((i) => ood[i]), train.map((i) => dominantGold[i]));
    // Predict through the stored form (pruned, quantised) so the figures are those of what ships.
    const stored = toNarrativeModel(model, { lang, version: 'cv', seed, hasher: opts.hasher, taxonomy, training: {} }, opts.maxFeatures);
    const fold: CvResult['heldOut'][number] = { model: stored, rows: test, raw: [] };
    heldOut.push(fold);
    dominant.rules.push(model.dominantRule);
    test.forEach((i) => {
      const x = stored.vectorizeCounts(counts[i]);
      const p = stored.probabilities(x);
      fold.raw.push(p);
      const d = stored.decode(p);
      if (oodFolds) countInDomain(dc, stored, docs[i].text, x, topics[i], isOtherOnly(docs[i].gold));
      if (topics[i]) {
        const topic = stored.topic(x);
        const topicRight = topic?.label === topics[i];
        const domainRight = (p[0] >= p[1] ? stored.labels.domains[0] : stored.labels.domains[1]) === topics[i];
        for (const h of isOtherOnly(docs[i].gold) ? [topicHits, otherHits] : [topicHits]) {
          h.articles++;
          if (topic) h.modelled++;
          if (topicRight) h.topic++;
          if (domainRight) h.domain++;
        }
      }
      predictions[i] = { id: docs[i].id, narratives: d.narratives, subNarratives: d.subNarratives };
      const gold = explanations.get(docs[i].id);
      if (gold) {
        const goldSub = gold.subNarrative === 'none' ? `${gold.narrative}: ${OTHER}` : gold.subNarrative;
        // Picked among by the calibrated probabilities, as the Analysis does (the rule before: raw scores).
        const q = stored.displayed(p, decidedLabels(stored, d));
        const tally = (c: DominantCount, narrativeIds: readonly number[], specific: readonly number[], rule: DominantRule, scores: ArrayLike<number> = q) => {
          const pick = chooseDominant(scores, stored.labels, narrativeIds, specific, rule);
          const names = pick ? dominantNames(pick, stored.labels) : null;
          if (!names) c.none++;
          if (names?.narrative === gold.narrative) {
            c.narrative++;
            if (names.subNarrative === goldSub) c.pair++;
          }
        };
        const candidates = dominantCandidates(p, stored.labels, stored.params, d);
        dominant.articles++;
        tally(dominant.chosen, candidates.narrativeIds, candidates.specificSubs, model.dominantRule);
        tally(dominant.decodedOnly, d.narrativeIds, d.subIds.filter((s) => !isOtherSub(stored.labels.subNarratives[s])), 'combined', p);
        for (const rule of DOMINANT_RULES) tally(dominant.byRule[rule], candidates.narrativeIds, candidates.specificSubs, rule);
        const label = explanationLabel(stored, gold.narrative, gold.subNarrative);
        const text = docs[i].text;
        const ev = label < 0 ? [] : rankSentences(stored, text, segmentSentences(text), label);
        chrfSum += chrF(explanationFrom(text, ev).text, gold.text);
        chrfCount++;
      }
    });
    for (const i of oodSplit.test) {
      const x = stored.vectorizeCounts(ood[i]);
      dc.outOfDomain++;
      if (domainUnder(stored, outOfDomainDocs[i].text, x, 'gate-only') === 'none') dc.outOfDomainNoneGate++;
      if (domainUnder(stored, outOfDomainDocs[i].text, x, 'full') === 'none') dc.outOfDomainNone++;
      if (stored.decode(stored.probabilities(x)).narrativeIds.length) dc.outOfDomainWithNarratives++;
    }
    log(`${lang} fold ${f + 1}/${k}: inner objective ${model.innerScore.toFixed(3)} (${model.subModel} sub-narratives, knn k=${model.knn.k} w=${model.knn.weight}, rule ${model.params.rule ?? "thresholds"} γ ${model.params.gammaN ?? "-"}/${model.params.gammaS ?? "-"}, calibration min positives ${model.calibration.minPositives}, dominant ${model.dominantRule}), features ${model.space.size} → ${stored.space.size}`);
  }
  const gold = docs.map((d) => d.gold);
  const score = scoreSubtask2(gold, predictions, taxonomy);
  const keep = new Set(gold.filter((g) => !isOtherOnly(g)).map((g) => g.id));
  const nonOther = scoreSubtask2(gold.filter((g) => keep.has(g.id)), predictions.filter((p) => keep.has(p.id)), taxonomy);
  return { lang, docs, folds, predictions, score, nonOther, seconds: (performance.now() - t0) / 1000, explanationChrF: chrfCount ? chrfSum / chrfCount : 0, explanationCount: chrfCount, topic: topicAccuracy(topicHits), topicOther: topicAccuracy(otherHits), dominant, heldOut, domain: oodFolds ? dc : null };
}

/** Adds a held-out in-domain article to the domain counts. */
function countInDomain(dc: DomainCv, model: NarrativeModel, text: string, x: SparseVector, topic: Domain | null, otherOnly: boolean): void {
  const withGate = domainUnder(model, text, x, 'full');
  dc.inDomain++;
  if (withGate === 'none') dc.inDomainNone++;
  if (!topic) return;
  const right = withGate === topic;
  const rightWithout = domainUnder(model, text, x, 'none') === topic;
  dc.known++;
  if (right) dc.right++;
  if (rightWithout) dc.rightWithoutGate++;
  if (!otherOnly) return;
  dc.knownOther++;
  if (right) dc.rightOther++;
  if (rightWithout) dc.rightOtherWithoutGate++;
}

function topicAccuracy(h: { articles: number; topic: number; domain: number; modelled: number }): TopicAccuracy {
  return { articles: h.articles, accuracy: h.modelled ? h.topic / h.modelled : null, narrativeDomainAccuracy: h.domain / Math.max(1, h.articles) };
}

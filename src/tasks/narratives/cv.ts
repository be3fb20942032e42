/**
 * Seeded k-fold cross-validation of the narrative models on a language's training split. Folds are
 * iteratively stratified over the gold labels; every fold's model (feature space, weights and
 * thresholds, with its own inner cross-validation) sees only that fold's training articles plus
 * the unlabeled test articles.
 */
import { stratifiedKFold, foldSplit } from '../../learn/index.js';
import { extraTrainingDocs, loadExplanations, loadTestDocs, loadTrainSplit, readTaxonomy, type LabelledDoc } from './corpus.js';
import type { Subtask2Row } from './io.js';
import { buildLabelSpace, rowTargets } from './labels.js';
import { scoreSubtask2, type Subtask2Score } from './score.js';
import { OTHER, isOtherSub } from './taxonomy.js';
import { DEFAULT_TRAIN_OPTIONS, fitNarratives, hashTexts, type NarrativeTrainOptions } from './train.js';
import { toNarrativeModel, type NarrativeModel } from './model.js';
import { chrF, explanationFrom, rankSentences } from './explain.js';
import { segmentSentences } from '../../text/index.js';
import { topicLabel } from './topic.js';
import { chooseDominant, dominantNames, type DominantRule } from './dominant.js';

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
   * The dominant narrative against the subtask-3 gold, per rule (dominant.ts): the share of the
   * articles with a gold dominant narrative whose predicted one is the same narrative, and the same
   * narrative and sub-narrative ("none" = "<narrative>: Other"); an article decoded as "Other" misses.
   */
  dominant: Record<DominantRule, { articles: number; narrative: number; pair: number }>;
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

export function crossValidate(dataDir: string, lang: string, k: number, seed: number, options: Partial<NarrativeTrainOptions> = {}, log: (msg: string) => void = () => {}): CvResult {
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
  const dominant: CvResult['dominant'] = { narrative: { articles: 0, narrative: 0, pair: 0 }, sub: { articles: 0, narrative: 0, pair: 0 }, combined: { articles: 0, narrative: 0, pair: 0 } };
  for (let f = 0; f < k; f++) {
    const { train, test } = foldSplit(folds, f);
    const model = fitNarratives(train.map((i) => counts[i]), train.map((i) => docs[i].gold), unlabeled, taxonomy, opts, extra, train.map((i) => topics[i]));
    // Predict through the stored form (pruned, quantised) so the figures are those of what ships.
    const stored = toNarrativeModel(model, { lang, version: 'cv', seed, hasher: opts.hasher, taxonomy, training: {} }, opts.maxFeatures);
    test.forEach((i) => {
      const x = stored.vectorizeCounts(counts[i]);
      const p = stored.probabilities(x);
      const d = stored.decode(p);
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
        const specific = d.subIds.filter((s) => !isOtherSub(stored.labels.subNarratives[s]));
        const goldSub = gold.subNarrative === 'none' ? `${gold.narrative}: ${OTHER}` : gold.subNarrative;
        for (const rule of ['narrative', 'sub', 'combined'] as const) {
          const pick = chooseDominant(p, stored.labels, d.narrativeIds, specific, rule);
          const names = pick ? dominantNames(pick, stored.labels) : null;
          dominant[rule].articles++;
          if (names?.narrative === gold.narrative) {
            dominant[rule].narrative++;
            if (names.subNarrative === goldSub) dominant[rule].pair++;
          }
        }
        const label = explanationLabel(stored, gold.narrative, gold.subNarrative);
        const text = docs[i].text;
        const ev = label < 0 ? [] : rankSentences(stored, text, segmentSentences(text), label);
        chrfSum += chrF(explanationFrom(text, ev).text, gold.text);
        chrfCount++;
      }
    });
    log(`${lang} fold ${f + 1}/${k}: inner objective ${model.innerScore.toFixed(3)} (${model.subModel} sub-narratives, knn k=${model.knn.k} w=${model.knn.weight}, rule ${model.params.rule ?? "thresholds"} γ ${model.params.gammaN ?? "-"}/${model.params.gammaS ?? "-"}), features ${model.space.size} → ${stored.space.size}`);
  }
  const gold = docs.map((d) => d.gold);
  const score = scoreSubtask2(gold, predictions, taxonomy);
  const keep = new Set(gold.filter((g) => !isOtherOnly(g)).map((g) => g.id));
  const nonOther = scoreSubtask2(gold.filter((g) => keep.has(g.id)), predictions.filter((p) => keep.has(p.id)), taxonomy);
  return { lang, docs, folds, predictions, score, nonOther, seconds: (performance.now() - t0) / 1000, explanationChrF: chrfCount ? chrfSum / chrfCount : 0, explanationCount: chrfCount, topic: topicAccuracy(topicHits), topicOther: topicAccuracy(otherHits), dominant };
}

function topicAccuracy(h: { articles: number; topic: number; domain: number; modelled: number }): TopicAccuracy {
  return { articles: h.articles, accuracy: h.modelled ? h.topic / h.modelled : null, narrativeDomainAccuracy: h.domain / Math.max(1, h.articles) };
}

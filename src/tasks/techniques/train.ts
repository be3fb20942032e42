/**
 * Paragraph-level techniques (subtask 3): one-vs-rest logistic regression over paragraph tf-idf
 * (word n-grams with punctuation and capitals marked, see features/marked.ts), thresholds tuned on
 * inner cross-validation for micro-F1. Folds keep each article's paragraphs together, so repeated
 * phrases of one article never sit on both sides of a split.
 */
import { hashMarkedTexts } from '../../features/index.js';
import { decideLabels, fitMultiLabel, foldSplit, groupedFolds, labelIds, scoreMultiLabel, type FittedMultiLabel, type MultiLabelConfig, type MultiLabelScore, type TaskModel } from '../../learn/index.js';
import { loadTechniqueCorpus, type ParagraphExample } from './corpus.js';
import { paragraphKey } from './score.js';
import { TECHNIQUES } from './taxonomy.js';

export const TECHNIQUES_CONFIG: MultiLabelConfig = {
  hasher: { bits: 20, wordNgrams: [1, 2], charNgrams: null },
  tfidf: { minDf: 2, useIdf: true, wordWeight: 1 },
  learner: { C: 2, maxEpochs: 20 },
  innerFolds: 3,
  seed: 7,
  perLabel: true,
  shrinkage: 30,
};

/** Group id (article index) of each paragraph. */
export function articleGroups(paragraphs: readonly ParagraphExample[]): number[] {
  const ids = new Map<string, number>();
  return paragraphs.map((p) => {
    if (!ids.has(p.id)) ids.set(p.id, ids.size);
    return ids.get(p.id)!;
  });
}

export interface TechniquesCv {
  paragraphs: ParagraphExample[];
  /** Fold of each paragraph (all paragraphs of an article share one). */
  folds: Int32Array;
  predictions: Map<string, string[]>;
  score: MultiLabelScore;
  seconds: number;
}

export function crossValidateTechniques(dataDir: string, k: number, seed: number, cfg: MultiLabelConfig = TECHNIQUES_CONFIG, log: (m: string) => void = () => {}): TechniquesCv {
  const t0 = performance.now();
  const { paragraphs } = loadTechniqueCorpus(dataDir, log);
  const Y = labelIds(paragraphs.map((p) => p.techniques), TECHNIQUES);
  const counts = hashMarkedTexts(paragraphs.map((p) => p.text), cfg.hasher);
  const groups = articleGroups(paragraphs);
  const folds = groupedFolds(Y, k, seed, groups);
  const predictions = new Map<string, string[]>();
  for (let f = 0; f < k; f++) {
    const { train, test } = foldSplit(folds, f);
    const fit = fitMultiLabel(train.map((i) => counts[i]), train.map((i) => Y[i]), TECHNIQUES, { ...cfg, seed }, [], undefined, train.map((i) => groups[i]));
    for (const i of test) predictions.set(paragraphKey(paragraphs[i].id, paragraphs[i].line), decideLabels(fit.model.scores(fit.space.transform(counts[i])), TECHNIQUES, fit.thresholds));
    log(`techniques fold ${f + 1}/${k}: inner micro-F1 ${fit.innerF1.toFixed(3)}`);
  }
  const gold = new Map(paragraphs.map((p) => [paragraphKey(p.id, p.line), p.techniques]));
  return { paragraphs, folds, predictions, score: scoreMultiLabel(gold, predictions, TECHNIQUES), seconds: (performance.now() - t0) / 1000 };
}

/** Trains the paragraph model on the whole English training split. */
export function trainTechniques(dataDir: string, seed = TECHNIQUES_CONFIG.seed, log: (m: string) => void = () => {}, cfg: MultiLabelConfig = TECHNIQUES_CONFIG): FittedMultiLabel {
  const { paragraphs } = loadTechniqueCorpus(dataDir, log);
  const Y = labelIds(paragraphs.map((p) => p.techniques), TECHNIQUES);
  return fitMultiLabel(hashMarkedTexts(paragraphs.map((p) => p.text), cfg.hasher), Y, TECHNIQUES, { ...cfg, seed }, [], undefined, articleGroups(paragraphs));
}

/** The stored form of a trained paragraph model. */
export function techniquesTaskModel(fit: FittedMultiLabel, info: Record<string, unknown>): TaskModel {
  return {
    task: 'techniques',
    version: `semeval2023-en-paragraphs-${String(info.trainedAt ?? 'dev')}`,
    hasher: TECHNIQUES_CONFIG.hasher,
    space: fit.space,
    model: fit.model,
    meta: { ...info, prepare: 'mark', thresholds: Array.from(fit.thresholds), globalThreshold: fit.global, innerMicroF1: fit.innerF1, learner: { ...TECHNIQUES_CONFIG.learner } },
  };
}

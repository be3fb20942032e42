/**
 * Frames (subtask 2): one-vs-rest logistic regression over article tf-idf, thresholds tuned for
 * micro-F1 on inner cross-validation (see learn/multilabel.ts). Cross-validation folds are
 * stratified over the frame sets and seeded, and written out so the peer in bench/ uses the same.
 */
import { loadArticleTask, testArticleTexts } from '../../corpora/semeval2023.js';
import { hashMarkedTexts } from '../../features/index.js';
import { decideLabels, fitMultiLabel, foldSplit, labelIds, scoreMultiLabel, stratifiedKFold, type FittedMultiLabel, type MultiLabelConfig, type MultiLabelScore, type TaskModel } from '../../learn/index.js';
import { FRAMES, isFrame } from './taxonomy.js';

/**
 * Word unigrams: on the same 5 folds (seed 42) they score micro-F1 0.695 against 0.688 for word
 * 1–2-grams, at about 60% of the hashing cost. Word 1–2-grams plus character 3–5-grams reach 0.697
 * but hash three times as long; averaging word and character models, kNN, self-training on the test
 * articles, title weighting, other C, shrinkage and class weights did not beat unigrams, nor did a
 * lede model, per-frame C, technique-profile or genre columns, or a second-level co-occurrence model
 * (docs/techniques.md).
 */
export const FRAMES_CONFIG: MultiLabelConfig = {
  hasher: { bits: 20, wordNgrams: [1, 1], charNgrams: null },
  tfidf: { minDf: 2, useIdf: true, wordWeight: 1 },
  learner: { C: 4, maxEpochs: 30 },
  innerFolds: 5,
  seed: 7,
  perLabel: true,
  shrinkage: 20,
};

export interface FramesCv {
  ids: string[];
  folds: Int32Array;
  predictions: Map<string, string[]>;
  score: MultiLabelScore;
  seconds: number;
}

/** k-fold cross-validation on the English training split. */
export function crossValidateFrames(dataDir: string, k: number, seed: number, cfg: MultiLabelConfig = FRAMES_CONFIG, log: (m: string) => void = () => {}): FramesCv {
  const t0 = performance.now();
  const docs = loadArticleTask(dataDir, 2, isFrame, 'frame');
  const Y = labelIds(docs.map((d) => d.labels), FRAMES);
  const counts = hashMarkedTexts(docs.map((d) => d.text), cfg.hasher);
  const unlabeled = hashMarkedTexts(testArticleTexts(dataDir, 2), cfg.hasher);
  const folds = stratifiedKFold(Y, k, seed);
  const predictions = new Map<string, string[]>();
  for (let f = 0; f < k; f++) {
    const { train, test } = foldSplit(folds, f);
    const fit = fitMultiLabel(train.map((i) => counts[i]), train.map((i) => Y[i]), FRAMES, { ...cfg, seed }, unlabeled);
    for (const i of test) predictions.set(docs[i].id, decideLabels(fit.model.scores(fit.space.transform(counts[i])), FRAMES, fit.thresholds));
    log(`frames fold ${f + 1}/${k}: inner micro-F1 ${fit.innerF1.toFixed(3)}`);
  }
  const gold = new Map(docs.map((d) => [d.id, d.labels]));
  return { ids: docs.map((d) => d.id), folds, predictions, score: scoreMultiLabel(gold, predictions, FRAMES), seconds: (performance.now() - t0) / 1000 };
}

/** Trains the frames model on the whole English training split. */
export function trainFrames(dataDir: string, seed = FRAMES_CONFIG.seed, cfg: MultiLabelConfig = FRAMES_CONFIG): FittedMultiLabel {
  const docs = loadArticleTask(dataDir, 2, isFrame, 'frame');
  const Y = labelIds(docs.map((d) => d.labels), FRAMES);
  return fitMultiLabel(hashMarkedTexts(docs.map((d) => d.text), cfg.hasher), Y, FRAMES, { ...cfg, seed }, hashMarkedTexts(testArticleTexts(dataDir, 2), cfg.hasher));
}

/** The stored form of a trained frames model. */
export function framesTaskModel(fit: FittedMultiLabel, info: Record<string, unknown>): TaskModel {
  return {
    task: 'frames',
    version: `semeval2023-en-frames-${String(info.trainedAt ?? 'dev')}`,
    hasher: FRAMES_CONFIG.hasher,
    space: fit.space,
    model: fit.model,
    meta: { ...info, prepare: 'mark', thresholds: Array.from(fit.thresholds), globalThreshold: fit.global, innerMicroF1: fit.innerF1, learner: { ...FRAMES_CONFIG.learner } },
  };
}

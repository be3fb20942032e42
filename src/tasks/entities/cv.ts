/**
 * Seeded k-fold cross-validation on the training mentions, folds by article: the model (entity
 * prior included) is trained on the other folds only. The majority baseline is scored on the same
 * folds: the most frequent main role of the training folds, with its most frequent fine-role set.
 */
import type { ArticleContext } from './context.js';
import type { EntityCorpus, MentionExample } from './corpus.js';
import { scorePairs, type Subtask1Scores } from './score.js';
import { articleFolds, corpusContexts, trainEntityModel, type EntityTrainOptions } from './train.js';
import { foldSplit } from '../../learn/index.js';
import type { RolePrediction } from './model.js';

/** A held-out mention's shown confidences (calibrated as the model shows them, and raw) and whether each role was right. */
export interface ShownScores {
  main: { score: number; raw: number; right: boolean };
  fine: { score: number; raw: number; right: boolean }[];
}

export interface CvResult {
  folds: Int32Array;
  /** Predicted main and fine roles (names) per example, out of fold. */
  predictions: { main: string; fine: string[] }[];
  scores: Omit<Subtask1Scores, 'extra'>;
  majority: Omit<Subtask1Scores, 'extra'>;
  /** Shown confidences per example, out of fold. */
  shown: ShownScores[];
  /** Milliseconds spent classifying held-out mentions (features + models + decoding). */
  classifyMs: number;
}

function gold(e: MentionExample, corpus: EntityCorpus) {
  return { main: corpus.taxonomy.mainRoles[e.main] as string, fine: e.fine.map((f) => corpus.taxonomy.fineRoles[f]) };
}

/** Majority prediction of a set of examples: most frequent main role, then its most frequent fine-role set. */
export function majorityOf(examples: readonly MentionExample[], corpus: EntityCorpus): { main: string; fine: string[] } {
  const mains = new Map<number, number>();
  for (const e of examples) mains.set(e.main, (mains.get(e.main) ?? 0) + 1);
  const main = [...mains.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
  const sets = new Map<string, number>();
  for (const e of examples) if (e.main === main) {
    const k = [...e.fine].sort((a, b) => a - b).join(',');
    sets.set(k, (sets.get(k) ?? 0) + 1);
  }
  const best = [...sets.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
  return { main: corpus.taxonomy.mainRoles[main], fine: best.split(',').map((f) => corpus.taxonomy.fineRoles[Number(f)]) };
}

function shownScores(p: RolePrediction, e: MentionExample, corpus: EntityCorpus): ShownScores {
  const tax = corpus.taxonomy;
  const m = tax.mainRoles.indexOf(p.main);
  return {
    main: { score: p.mainScore, raw: p.mainScores[m], right: m === e.main },
    fine: p.fine.map((f) => {
      const id = tax.fineRoles.indexOf(f.role);
      return { score: f.score, raw: p.fineScores[id], right: e.fine.includes(id) };
    }),
  };
}

/** File → outer fold of a cross-validation (the folds `crossValidateEntities` uses). */
export function fileFolds(corpus: EntityCorpus, k: number, seed: number): Map<string, number> {
  const folds = articleFolds(corpus.examples, k, seed);
  return new Map(corpus.examples.map((e, i) => [e.file, folds[i]]));
}

/**
 * `narratives[f]`, when given, holds the narrative labels of every article for outer fold f (see
 * narrative-folds.ts: held-out articles' from a model that never saw them); they are set on the
 * article contexts before fold f is trained and classified.
 */
export function crossValidateEntities(corpus: EntityCorpus, k: number, seed: number, options: Partial<EntityTrainOptions> = {}, contexts: Map<string, ArticleContext> = corpusContexts(corpus), narratives?: readonly ReadonlyMap<string, readonly string[]>[]): CvResult {
  const ex = corpus.examples;
  const folds = articleFolds(ex, k, seed);
  const predictions = new Array<{ main: string; fine: string[] }>(ex.length);
  const majority = new Array<{ main: string; fine: string[] }>(ex.length);
  const shown = new Array<ShownScores>(ex.length);
  let classifyMs = 0;
  for (let f = 0; f < k; f++) {
    const { train, test } = foldSplit(folds, f);
    if (narratives) for (const file of corpus.texts.keys()) contexts.get(file)!.narratives = narratives[f].get(file) ?? [];
    const trainEx = train.map((i) => ex[i]);
    const model = trainEntityModel(corpus.language, corpus, trainEx, contexts, { seed, ...options });
    const maj = majorityOf(trainEx, corpus);
    const t0 = performance.now();
    for (const i of test) {
      const p = model.classify(contexts.get(ex[i].file)!, ex[i].span, ex[i].name);
      predictions[i] = { main: p.main, fine: p.fine.map((x) => x.role) };
      shown[i] = shownScores(p, ex[i], corpus);
      majority[i] = maj;
    }
    classifyMs += performance.now() - t0;
  }
  const pairs = (preds: { main: string; fine: string[] }[]) => ex.map((e, i) => ({ gold: gold(e, corpus), pred: preds[i] }));
  return { folds, predictions, scores: scorePairs(pairs(predictions)), majority: scorePairs(pairs(majority)), shown, classifyMs };
}

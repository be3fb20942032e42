/**
 * Article narratives for the stance features in training and cross-validation, from a narratives
 * trainer the caller supplies (the narratives task's heldout.ts, wired in by the command): this
 * folder depends on no other task. A held-out article's narratives always come from a narratives
 * model that never saw that article: in cross-validation it is trained on the subtask-2 articles
 * outside the held-out fold. Training articles get either their gold narratives ('gold') or
 * out-of-fold predictions ('oof'), which look like what the model meets at inference.
 */
import { kFold } from '../../learn/index.js';
import type { ArticleContext } from './context.js';
import type { EntityCorpus } from './corpus.js';
import { fileFolds } from './cv.js';
import { readsNarratives } from './stance.js';
import { trainOptionsFor, type EntityTrainOptions } from './train.js';

export type TrainingNarrativeSource = 'gold' | 'oof';

/** Narrative labels of one article; "Other" (no narrative) is the empty list. */
export type ArticleNarratives = Map<string, string[]>;

/** What entity training needs from a narratives trainer, for one language. Reads nothing until asked. */
export interface NarrativeTrainer {
  /** The language's subtask-2 training articles, in corpus order. */
  articleIds(): readonly string[];
  /** Their gold narratives. */
  gold(): ArticleNarratives;
  /** Decoded narratives of the articles in `target`, from a model trained on the articles not in `exclude`. */
  predictExcluding(exclude: ReadonlySet<string>, target: ReadonlySet<string>, seed: number): ArticleNarratives;
}

/**
 * Narratives of every article in each outer fold of a cross-validation (folds by article, given as
 * file → fold): held-out articles predicted by a model trained without their fold; training articles
 * gold, or ('oof') predicted by a model trained without their fold and without the held-out fold.
 * `log` reports progress (each narratives model takes seconds).
 */
export function crossValidationNarratives(narratives: NarrativeTrainer, foldOf: ReadonlyMap<string, number>, k: number, source: TrainingNarrativeSource, seed: number, log: (s: string) => void = () => {}): ArticleNarratives[] {
  const gold = narratives.gold();
  const filesOf = (f: number) => new Set([...foldOf].filter(([, g]) => g === f).map(([file]) => file));
  const out: ArticleNarratives[] = [];
  for (let f = 0; f < k; f++) {
    const held = filesOf(f);
    const map = new Map(narratives.predictExcluding(held, held, seed));
    for (const file of foldOf.keys()) {
      if (held.has(file)) continue;
      if (source === 'gold') map.set(file, gold.get(file) ?? []);
    }
    if (source === 'oof') {
      for (let g = 0; g < k; g++) {
        if (g === f) continue;
        const other = filesOf(g);
        for (const [file, labels] of narratives.predictExcluding(new Set([...held, ...other]), other, seed)) map.set(file, labels);
      }
    }
    log(`narratives for fold ${f + 1}/${k} done`);
    out.push(map);
  }
  return out;
}

/**
 * Narratives of the training articles for a shipped model: gold, or ('oof') out-of-fold predictions
 * over `folds` folds of all the language's subtask-2 articles.
 */
export function trainingNarratives(narratives: NarrativeTrainer, source: TrainingNarrativeSource, folds: number, seed: number): ArticleNarratives {
  if (source === 'gold') return narratives.gold();
  const articles = narratives.articleIds();
  const fold = kFold(articles.length, folds, seed);
  const out: ArticleNarratives = new Map();
  for (let f = 0; f < folds; f++) {
    const ids = new Set(articles.filter((_, i) => fold[i] === f));
    for (const [file, labels] of narratives.predictExcluding(ids, ids, seed)) out.set(file, labels);
  }
  return out;
}

/** How training articles get their narratives (out-of-fold predictions: what inference sees). */
export const TRAINING_NARRATIVES: TrainingNarrativeSource = 'oof';

/**
 * For a language whose model reads narratives: sets each training article's narratives on its
 * context (out-of-fold predictions over 5 folds) and returns true; otherwise does nothing.
 */
export function setTrainingNarratives(narratives: NarrativeTrainer, corpus: Pick<EntityCorpus, 'language' | 'texts'>, contexts: Map<string, ArticleContext>, seed: number, options: Partial<EntityTrainOptions> = {}): boolean {
  if (!readsNarratives(trainOptionsFor(corpus.language, options).features)) return false;
  const map = trainingNarratives(narratives, TRAINING_NARRATIVES, 5, seed);
  for (const file of corpus.texts.keys()) contexts.get(file)!.narratives = map.get(file) ?? [];
  return true;
}

/** Per-fold narratives for `crossValidateEntities` when the language's model reads them, else undefined. */
export function cvNarratives(narratives: NarrativeTrainer, corpus: EntityCorpus, k: number, seed: number, options: Partial<EntityTrainOptions> = {}, log?: (s: string) => void): ArticleNarratives[] | undefined {
  if (!readsNarratives(trainOptionsFor(corpus.language, options).features)) return undefined;
  return crossValidationNarratives(narratives, fileFolds(corpus, k, seed), k, TRAINING_NARRATIVES, seed, log);
}

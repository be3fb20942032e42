/** `narrascope train narratives`: one language's stored model, from the corpus readers, the trainer and the model-file writer. */
import { extraTrainingDocs, loadExplanations, loadTestDocs, loadTrainSplit, readTaxonomy } from './corpus.js';
import { toNarrativeModel, type NarrativeModel } from './model.js';
import { defaultCorporaDir, loadOutOfDomainDocs } from './out-of-domain.js';
import { topicLabel } from './topic.js';
import { roundTo } from '../../util/round.js';
import { DEFAULT_TRAIN_OPTIONS, fitNarratives, hashTexts, type NarrativeTrainOptions } from './train.js';

/**
 * Trains the stored model of one language from a SemEval-2025 Task 10 folder: all labelled training
 * articles, the unlabeled test articles for the feature space, thresholds from inner CV, and the
 * screened out-of-domain articles of `corporaDir` (default: beside the data folder) for the gate,
 * and the subtask-3 dominant narratives for choosing the dominant rule.
 * Same data and seed give the same bytes.
 */
export function trainNarrativeModel(dataDir: string, lang: string, options: Partial<NarrativeTrainOptions> = {}, corporaDir?: string): NarrativeModel {
  const opts = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const taxonomy = readTaxonomy(dataDir);
  const docs = loadTrainSplit(dataDir, lang);
  const unlabeledDocs = loadTestDocs(dataDir, lang);
  const counts = hashTexts(docs.map((d) => d.text), opts.hasher);
  const unlabeled = hashTexts(unlabeledDocs.map((d) => d.text), opts.hasher);
  const topics = docs.map((d) => topicLabel(d.id, d.gold));
  const outOfDomain = loadOutOfDomainDocs(lang, corporaDir ?? defaultCorporaDir(dataDir));
  const explanations = loadExplanations(dataDir, lang);
  const fitted = fitNarratives(counts, docs.map((d) => d.gold), unlabeled, taxonomy, opts, extraTrainingDocs(dataDir, lang, taxonomy, opts), topics, hashTexts(outOfDomain.docs.map((d) => d.text), opts.hasher), docs.map((d) => explanations.get(d.id)?.narrative ?? null));
  return toNarrativeModel(
    fitted,
    {
      lang,
      version: `${lang}-s${opts.seed}`,
      seed: opts.seed,
      hasher: opts.hasher,
      taxonomy,
      training: { articles: docs.length, unlabeledArticles: unlabeledDocs.length, topicArticles: topics.filter(Boolean).length, ...(outOfDomain.counts.read ? { outOfDomainArticles: outOfDomain.counts } : {}), innerCvObjective: roundTo(fitted.innerScore, 4), C: opts.learner.C ?? 10, maxFeatures: opts.maxFeatures },
    },
    opts.maxFeatures,
  );
}


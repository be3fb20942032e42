/**
 * Narratives of training articles from models that never saw them, for a later task's training
 * features (entity roles read article narratives): a language's subtask-2 training articles, their
 * gold narratives, and the decoded narratives of some articles from a model trained without others.
 * Nothing is read until asked; the corpus is read and hashed once.
 */
import { decodeLabels } from './decode.js';
import { loadTrainSplit, readTaxonomy, type LabelledDoc } from './corpus.js';
import { DEFAULT_TRAIN_OPTIONS, fitNarratives, hashTexts, predictFitted } from './train.js';

/** Narrative labels of each article (by id); "Other" (no narrative) is the empty list. */
export type NarrativesById = Map<string, string[]>;

const labelsOf = (narratives: readonly string[]) => narratives.filter((n) => n !== 'Other');

/**
 * Held-out narratives of a language's subtask-2 training articles under `dataDir`: `articleIds()` in
 * corpus order, their `gold()` narratives, and `predictExcluding(exclude, target, seed)`, the decoded
 * narratives of the `target` articles from a model trained on the articles not in `exclude`.
 */
export function heldOutNarratives(dataDir: string, lang: string) {
  let docs: LabelledDoc[] | undefined;
  let hashed: { counts: ReturnType<typeof hashTexts>; taxonomy: ReturnType<typeof readTaxonomy> } | undefined;
  const allDocs = () => (docs ??= loadTrainSplit(dataDir, lang));
  const features = () => (hashed ??= { counts: hashTexts(allDocs().map((d) => d.text), DEFAULT_TRAIN_OPTIONS.hasher), taxonomy: readTaxonomy(dataDir) });
  return {
    articleIds: (): readonly string[] => allDocs().map((d) => d.id),
    gold: (): NarrativesById => new Map(allDocs().map((d) => [d.id, labelsOf(d.gold.narratives)])),
    predictExcluding(exclude: ReadonlySet<string>, target: ReadonlySet<string>, seed: number): NarrativesById {
      const all = allDocs();
      const { counts, taxonomy } = features();
      const train = all.map((d, i) => i).filter((i) => !exclude.has(all[i].id));
      const test = all.map((d, i) => i).filter((i) => target.has(all[i].id));
      const out: NarrativesById = new Map();
      if (test.length === 0) return out;
      const fit = fitNarratives(train.map((i) => counts[i]), train.map((i) => all[i].gold), [], taxonomy, { seed });
      const probs = predictFitted(fit, test.map((i) => counts[i]));
      test.forEach((i, q) => {
        const d = decodeLabels(probs[q], fit.labels, fit.params);
        out.set(all[i].id, d.narrativeIds.map((n) => fit.labels.narratives[n]));
      });
      return out;
    },
  };
}

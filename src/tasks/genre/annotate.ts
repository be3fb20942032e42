/**
 * The genre task: `analysis.genre` (label and a calibrated probability per genre). One model per
 * language, models/genre/<LANG>.nscm. A single article is decided for the training mix (the mix the
 * probabilities are calibrated for), or for uniform priors when that is the rule the model chose; a
 * batch re-decides its articles by the model's rule, under the label priors EM estimates from them
 * (the `shift` hook, called by the batch step in src/tasks/shift.ts) when the rule is 'em'.
 */
import type { Doc } from '../../doc/doc.js';
import type { Analysis } from '../../schema.js';
import type { Task, TaskLabelRow, TaskShift } from '../task.js';
import { GENRE_COLUMNS, GENRE_FACETS } from './facets.js';
import { languageModelPath, modelLanguages, taskModelDir } from '../models.js';
import { loadTaskModel } from '../../learn/textmodel.js';
import { GenreClassifier, type GenreDecision } from './classifier.js';
import { versionTag } from '../../learn/modelfile.js';
import { roundTo } from '../../util/round.js';

type Genre = NonNullable<Analysis['genre']>;

/** The section of a decision: the label and each genre's probability to three decimals. */
function sectionOf(classifier: GenreClassifier, d: GenreDecision): Genre {
  return { label: d.label, scores: Object.fromEntries(classifier.labels.map((l, c) => [l, roundTo(d.probs[c], 3)])) };
}

export class GenreAnnotator implements Task<GenreClassifier, Genre> {
  readonly id = 'genre';
  readonly requires = [];
  readonly facets = GENRE_FACETS;
  readonly columns = GENRE_COLUMNS;
  readonly commands = async () => (await import('./commands.js')).registerCommands;
  readonly train = async () => (await import('./train.js')).trainGenre;
  readonly score = async () => (await import('./score.js')).scoreGenre;
  private readonly classifiers = new Map<string, GenreClassifier>();
  /** The calibrated probabilities each Doc was decided from, so the batch step does not score it again. */
  private readonly evidenceOf = new WeakMap<Doc, Float64Array>();

  /** `modelPath`: one model file used for English (tests, `--model`); absent: the per-language folder. */
  constructor(private readonly modelPath?: string) {}

  languages(): readonly string[] {
    return this.modelPath ? ['en'] : modelLanguages(taskModelDir('genre'));
  }

  model(lang = 'en'): GenreClassifier {
    const code = lang.toLowerCase();
    let c = this.classifiers.get(code);
    if (!c) {
      c = new GenreClassifier(loadTaskModel(this.modelPath ?? languageModelPath(taskModelDir('genre'), code), 'genre'));
      this.classifiers.set(code, c);
    }
    return c;
  }

  version(classifier: GenreClassifier): string {
    return versionTag(classifier.model.version, classifier.model.digest);
  }

  annotate(doc: Doc, classifier: GenreClassifier): Genre {
    return sectionOf(classifier, classifier.decideArticle(this.probabilities(doc, classifier)));
  }

  private probabilities(doc: Doc, classifier: GenreClassifier): Float64Array {
    let p = this.evidenceOf.get(doc);
    if (!p) {
      p = classifier.probabilities(doc.view.text);
      this.evidenceOf.set(doc, p);
    }
    return p;
  }

  /** Label rows: the genre with its probability. */
  labelRows(g: Genre): TaskLabelRow[] {
    return [{ task: 'genre', label: g.label, score: g.scores[g.label] ?? 1 }];
  }

  /**
   * Batch label shift: on by default, since in the label-shift test (docs/genre.md) the rule each
   * model chose in training beat the training-mix decision on the reporting-heavy mix in all six
   * languages and on the satire-free mix in five; near the training mix (opinion-heavy) it is mixed.
   */
  readonly shift: TaskShift<GenreClassifier, Genre> = {
    kind: 'multiclass',
    byDefault: true,
    labels: (c) => c.labels,
    trainingPriors: (c) => c.trainingPriors,
    pseudoCount: (c) => c.batchPseudoCount(),
    evidence: (doc, _section, c) => [this.probabilities(doc, c)],
    redecide: (doc, _section, c, priors) => sectionOf(c, c.decideInBatch(this.probabilities(doc, c), priors)),
  };
}

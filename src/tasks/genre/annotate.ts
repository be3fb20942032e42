/**
 * The genre task: `analysis.genre` (label and a score per genre). English model. Decides with the
 * feed offsets by default, because real feeds are mostly reporting while the training data is mostly
 * opinion; `new GenreAnnotator(path, 'training')` uses the training-mix offsets (as `predict genre`
 * does for the official task).
 */
import type { Doc } from '../../doc/doc.js';
import type { Analysis } from '../../schema.js';
import type { Task, TaskLabelRow } from '../task.js';
import { GENRE_COLUMNS, GENRE_FACETS } from './facets.js';
import { taskModelPath } from '../models.js';
import { loadTaskModel } from '../../learn/textmodel.js';
import { GenreClassifier, type GenreMix } from './classifier.js';
import { versionTag } from '../../learn/modelfile.js';
import { roundTo } from '../../util/round.js';

type Genre = NonNullable<Analysis['genre']>;

export class GenreAnnotator implements Task<GenreClassifier, Genre> {
  readonly id = 'genre';
  readonly requires = [];
  readonly facets = GENRE_FACETS;
  readonly columns = GENRE_COLUMNS;
  readonly commands = async () => (await import('./commands.js')).registerCommands;
  readonly train = async () => (await import('./train.js')).trainGenre;
  readonly score = async () => (await import('./score.js')).scoreGenre;
  private classifier: GenreClassifier | null = null;

  constructor(
    private readonly modelPath?: string,
    private readonly mix: GenreMix = 'feed',
  ) {}

  languages(): readonly string[] {
    return ['en'];
  }

  model(): GenreClassifier {
    this.classifier ??= new GenreClassifier(loadTaskModel(this.modelPath ?? taskModelPath('genre'), 'genre'), this.mix);
    return this.classifier;
  }

  version(classifier: GenreClassifier): string {
    return versionTag(classifier.model.version, classifier.model.digest);
  }

  annotate(doc: Doc, classifier: GenreClassifier): Genre {
    const { label, scores } = classifier.classify(doc.view.text);
    return { label, scores: Object.fromEntries(classifier.labels.map((l, c) => [l, roundTo(scores[c], 3)])) };
  }

  /** Label rows: the genre with its score. */
  labelRows(g: Genre): TaskLabelRow[] {
    return [{ task: 'genre', label: g.label, score: g.scores[g.label] ?? 1 }];
  }
}

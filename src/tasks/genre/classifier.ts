/**
 * A stored genre model ready to label texts: (text model →) stacker over style features (and the
 * text logits, when the model uses them) → per-class offsets → label. Shared by `analyze` and `predict`.
 * Two offset sets: 'training' (tuned on the training mix, the official SemEval setting) and 'feed'
 * (tuned as if articles came 80% reporting, 15% opinion, 5% satire, as in a news feed).
 */
import { LinearModel, ModelVectorizer, type TaskModel } from '../../learn/index.js';
import { styleFeatures, STYLE_FEATURES, type StyleScaler } from './style.js';
import { decideGenre, genreProbabilities, genreScores, type FittedGenre } from './train.js';

interface StoredStacker {
  features: string[];
  /** Style columns read (indices into STYLE_FEATURES); absent in older files: all of them. */
  columns?: number[];
  /** Whether the text model's logits come first; absent in older files: true. */
  textLogits?: boolean;
  weights: number[];
  bias: number[];
  scaler: StyleScaler;
}

export type GenreMix = 'training' | 'feed';

export class GenreClassifier {
  private readonly vectorizer: ModelVectorizer;
  private readonly fit: Pick<FittedGenre, 'model' | 'stacker'>;
  private readonly offsets: number[];
  readonly labels: readonly string[];

  constructor(readonly model: TaskModel, readonly mix: GenreMix = 'training') {
    this.vectorizer = new ModelVectorizer(model);
    // Older model files have only the training-mix offsets.
    this.offsets = ((mix === 'feed' ? model.meta.feedOffsets : undefined) ?? model.meta.offsets) as number[];
    this.labels = model.model.labels;
    const s = model.meta.stacker as StoredStacker | null | undefined;
    const stacker = s
      ? { model: new LinearModel(this.labels, s.features.length, Float32Array.from(s.weights), Float32Array.from(s.bias)), scaler: s.scaler, columns: s.columns ?? STYLE_FEATURES.map((_, j) => j), textLogits: s.textLogits ?? true }
      : null;
    this.fit = { model: model.model, stacker };
  }

  /** The genre of a text whose first line is its title, with normalised scores per genre. */
  classify(text: string): { label: string; scores: number[] } {
    const p = genreProbabilities(this.fit, () => this.vectorizer.vector(text), styleFeatures(text));
    return { label: this.labels[decideGenre(p, this.offsets)], scores: genreScores(p, this.offsets) };
  }
}

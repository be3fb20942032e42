/**
 * A stored genre model ready to label texts: (text model →) stacker → calibrated probabilities →
 * offsets → label. Shared by `analyze`, the batch label-shift step and `predict`. With no priors given
 * it decides for the training mix; given a batch's priors (EM, learn/priorshift.ts) it shifts the
 * probabilities to them and re-tunes the offsets on the stored out-of-fold rows (decide.ts).
 */
import { emPriors, LinearModel, ModelVectorizer, type TaskModel, type TemperatureBias } from '../../learn/index.js';
import { shiftPosterior } from '../../learn/priorshift.js';
import { decideGenre, offsetsUnderPriors, type GenreRows } from './decide.js';
import { genreStyle, neutralStyleFeatures, type StyleScaler } from './style.js';
import { GENRES } from './taxonomy.js';
import { genreProbabilities, splitMembers, type FittedGenre } from './train.js';

interface StoredMember {
  weights: number[];
  bias: number[];
}

/** A stacker as stored: one member per inner fold (`members`), or a single `weights`/`bias` in a file from before the ensemble. */
interface StoredStacker extends Partial<StoredMember> {
  columns: number[];
  textLogits: boolean;
  /** Reads the language-neutral columns (absent in files from before the pooled recipe: false). */
  neutral?: boolean;
  members?: StoredMember[];
  scaler: StyleScaler;
}

/** A label with the probabilities it was decided from (the batch's priors when given). */
export interface GenreDecision {
  label: string;
  /** Index of the label in `labels`. */
  index: number;
  probs: Float64Array;
}

export class GenreClassifier {
  private readonly vectorizer: ModelVectorizer;
  private readonly fit: Pick<FittedGenre, 'textModels' | 'stacker' | 'calibration'>;
  private readonly offsets: number[];
  readonly labels: readonly string[];
  /** The language whose style columns the model reads. */
  readonly lang: string;
  readonly trainingPriors: Float64Array;
  /** Stored out-of-fold rows (absent in a model without them: no batch adaptation). */
  readonly rows: GenreRows | null;
  /** EM's pseudo-count for this model's batches, chosen in training (0 in a model without one). */
  readonly pseudoCount: number;
  private readonly batchOffsets = new Map<string, Float64Array>();

  constructor(readonly model: TaskModel) {
    const meta = model.meta;
    this.vectorizer = new ModelVectorizer(model);
    this.labels = GENRES;
    this.lang = typeof meta.lang === 'string' ? meta.lang : 'en';
    this.offsets = (meta.offsets as number[] | undefined) ?? this.labels.map(() => 0);
    const C = this.labels.length;
    this.trainingPriors = Float64Array.from((meta.trainingPriors as number[] | undefined) ?? this.labels.map(() => 1 / C));
    const oof = meta.oof as { probs: number[][]; y: number[] } | undefined;
    this.pseudoCount = typeof meta.pseudoCount === 'number' ? meta.pseudoCount : 0;
    this.rows = oof ? { probs: oof.probs.map((p) => Float64Array.from(p)), y: oof.y } : null;
    const s = meta.stacker as StoredStacker | null | undefined;
    const member = (m: StoredMember) => new LinearModel(this.labels, m.weights.length / C, Float32Array.from(m.weights), Float32Array.from(m.bias));
    const members = s ? (s.members ?? (s.weights && s.bias ? [{ weights: s.weights, bias: s.bias }] : [])) : [];
    if (s && members.length === 0) throw new Error(`genre model ${model.version}: meta.stacker has neither members nor weights`);
    const stacker = s ? { models: members.map(member), scaler: s.scaler, columns: s.columns, textLogits: s.textLogits, neutral: s.neutral === true } : null;
    const calibration = (meta.calibration as TemperatureBias | undefined) ?? { temperature: 1, bias: this.labels.map(() => 0) };
    this.fit = { textModels: stacker && !stacker.textLogits ? [] : splitMembers(model.model), stacker, calibration };
  }

  /** Calibrated class probabilities (training mix) of a text whose first line is its title. */
  probabilities(text: string): Float64Array {
    return genreProbabilities(this.fit, () => this.vectorizer.vector(text), (neutral) => (neutral ? neutralStyleFeatures(text) : genreStyle(text, this.lang)));
  }

  /** The offsets for a batch with `priors` (re-tuned once per distinct priors). */
  private offsetsFor(priors: Float64Array): ArrayLike<number> {
    if (!this.rows) return this.offsets;
    const key = Array.from(priors, (v) => v.toFixed(4)).join(',');
    let o = this.batchOffsets.get(key);
    if (!o) {
      if (this.batchOffsets.size > 64) this.batchOffsets.clear();
      o = offsetsUnderPriors(this.rows, this.trainingPriors, priors);
      this.batchOffsets.set(key, o);
    }
    return o;
  }

  /** The decision on calibrated probabilities `probs`: for the training mix, or for a batch with `priors`. */
  decide(probs: Float64Array, priors?: Float64Array): GenreDecision {
    const p = priors ? shiftPosterior(probs, this.trainingPriors, priors) : probs;
    const index = decideGenre(p, priors ? this.offsetsFor(priors) : this.offsets);
    return { label: this.labels[index], index, probs: p };
  }

  /** The genre of a text for the training mix. */
  classify(text: string): GenreDecision {
    return this.decide(this.probabilities(text));
  }

  /** The EM estimate of a batch's priors from its calibrated probabilities, with the model's pseudo-count. */
  estimatePriors(probs: readonly Float64Array[]): Float64Array {
    return emPriors(probs, this.trainingPriors, { pseudoCount: this.pseudoCount }).priors;
  }
}

/**
 * A stored genre model ready to label texts: (text model →) stacker → calibrated probabilities →
 * offsets → label. Shared by `analyze`, the batch label-shift step and `predict`. A batch is decided
 * by the rule the model chose in training (decide.ts chooseRule): under the priors EM estimates, the
 * training priors, or uniform priors — shifting the probabilities to them and re-tuning the offsets on
 * the stored out-of-fold rows. A single article is decided for the training mix, unless the rule is
 * 'uniform': then for uniform priors too, as its batches are.
 */
import { LinearModel, ModelVectorizer, type TaskModel, type TemperatureBias } from '../../learn/index.js';
import { shiftPosterior } from '../../learn/priorshift.js';
import { decideGenre, GENRE_RULES, offsetsUnderPriors, rulePriors, uniformPriors, type GenreRows, type GenreRule } from './decide.js';
import { genreStyle, neutralStyleFeatures, type StyleScaler } from './style.js';
import { GENRES } from './taxonomy.js';
import { genreProbabilities, splitMembers, type FittedGenre, type GenreAverage, type GenreRecipe } from './train.js';

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

/** The 'average' recipe as stored: its base, the parts' calibrations, and how many of the last text members are word models. */
interface StoredAverage {
  base: GenreRecipe;
  baseCalibration: TemperatureBias;
  wordCalibration: TemperatureBias;
  wordMembers: number;
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
  private readonly fit: Pick<FittedGenre, 'textModels' | 'stacker' | 'calibration' | 'average'>;
  private readonly offsets: number[];
  readonly labels: readonly string[];
  /** The language whose style columns the model reads. */
  readonly lang: string;
  readonly trainingPriors: Float64Array;
  /** Stored out-of-fold rows (absent in a model without them: no batch adaptation). */
  readonly rows: GenreRows | null;
  /** EM's pseudo-count for this model's batches, chosen in training (0 in a model without one). */
  readonly pseudoCount: number;
  /** The batch decision rule chosen in training ('em' in a model from before the choice). */
  readonly rule: GenreRule;
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
    this.rule = ruleOf(meta.rule, model.version);
    this.rows = oof ? { probs: oof.probs.map((p) => Float64Array.from(p)), y: oof.y } : null;
    const s = meta.stacker as StoredStacker | null | undefined;
    const member = (m: StoredMember) => new LinearModel(this.labels, m.weights.length / C, Float32Array.from(m.weights), Float32Array.from(m.bias));
    const members = s ? (s.members ?? (s.weights && s.bias ? [{ weights: s.weights, bias: s.bias }] : [])) : [];
    if (s && members.length === 0) throw new Error(`genre model ${model.version}: meta.stacker has neither members nor weights`);
    const stacker = s ? { models: members.map(member), scaler: s.scaler, columns: s.columns, textLogits: s.textLogits, neutral: s.neutral === true } : null;
    const calibration = (meta.calibration as TemperatureBias | undefined) ?? { temperature: 1, bias: this.labels.map(() => 0) };
    const { text, average } = averageOf(meta.average as StoredAverage | null | undefined, splitMembers(model.model), model.version);
    this.fit = { textModels: stacker && !stacker.textLogits ? [] : text, stacker, calibration, average };
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

  /** The decision on one article's calibrated probabilities: the training mix, or uniform priors when that is the model's rule. */
  decideArticle(probs: Float64Array): GenreDecision {
    return this.decide(probs, this.rule === 'uniform' ? uniformPriors(this.labels.length) : undefined);
  }

  /** The genre of one text (decideArticle). */
  classify(text: string): GenreDecision {
    return this.decideArticle(this.probabilities(text));
  }

  /** The priors the model's rule decides a batch with these calibrated probabilities under. */
  batchPriors(probs: readonly Float64Array[]): Float64Array {
    return rulePriors(this.rule, this.trainingPriors, probs, this.pseudoCount);
  }

  /**
   * The pseudo-count the batch step should run EM with: the model's under 'em'; under the other rules
   * EM's estimate is not used, so it is held at the training priors (10⁹) and the batch records no move.
   */
  batchPseudoCount(): number {
    return this.rule === 'em' ? this.pseudoCount : 1e9;
  }

  /** The decision on an article of a batch whose EM estimate (with batchPseudoCount) is `estimate`, by the model's rule. */
  decideInBatch(probs: Float64Array, estimate: Float64Array): GenreDecision {
    return this.rule === 'em' ? this.decide(probs, estimate) : this.decideArticle(probs);
  }
}

/** The stored text members split into the base's and the average's word models (absent `meta.average`: all are the base's). */
function averageOf(a: StoredAverage | null | undefined, members: LinearModel[], version: string): { text: LinearModel[]; average: GenreAverage | null } {
  if (!a) return { text: members, average: null };
  if (!Number.isInteger(a.wordMembers) || a.wordMembers < 1 || a.wordMembers > members.length) {
    throw new Error(`genre model ${version}: meta.average.wordMembers ${JSON.stringify(a.wordMembers)} does not fit its ${members.length} text members`);
  }
  const cut = members.length - a.wordMembers;
  const average = { base: a.base, baseCalibration: a.baseCalibration, wordCalibration: a.wordCalibration, wordModels: members.slice(cut) };
  return { text: members.slice(0, cut), average };
}

/** The stored rule (absent: 'em', as models from before the choice decided batches); anything else is an error naming the field. */
function ruleOf(v: unknown, version: string): GenreRule {
  if (v === undefined) return 'em';
  if (typeof v === 'string' && (GENRE_RULES as readonly string[]).includes(v)) return v as GenreRule;
  throw new Error(`genre model ${version}: meta.rule ${JSON.stringify(v)} is not one of ${GENRE_RULES.join(', ')}`);
}

/** A per-language techniques model as the annotator and `predict` use it: the file read once, its calibration, thresholds and training priors checked. */
import { calibratedThresholds, type Platt } from '../../learn/index.js';
import { loadTaskModel, ModelVectorizer, type TaskModel } from '../../learn/textmodel.js';
import type { SpanModel } from './spans.js';

/** The techniques model of one language with what its use needs, made once per language. */
export interface LoadedTechniques {
  lang: string;
  model: TaskModel;
  vectorizer: ModelVectorizer;
  platt: Platt[];
  /** Decision thresholds on the calibrated scale. */
  thresholds: Float64Array;
  /** Each technique's share of positive paragraphs in training. */
  priors: Float64Array;
  spanModel: SpanModel;
}

/** A list of `n` finite numbers from a model's metadata; anything else is an error naming the file and field. */
function metaNumbers(value: unknown, n: number, field: string, path: string): number[] {
  const flat = Array.isArray(value) ? value.flat() : [];
  if (!Array.isArray(value) || flat.length !== n || !flat.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new Error(`${path}: model metadata "${field}" must hold ${n} numbers`);
  return flat as number[];
}

/** Reads a per-language techniques model and checks the calibration and priors its metadata must carry. */
export function loadTechniquesModel(path: string, lang: string): LoadedTechniques {
  const model = loadTaskModel(path, 'techniques');
  const L = model.model.labels.length;
  const raw = metaNumbers(model.meta.thresholds, L, 'thresholds', path);
  const ab = metaNumbers(model.meta.platt, 2 * L, 'platt', path);
  const platt = Array.from({ length: L }, (_, l) => ({ a: ab[2 * l], b: ab[2 * l + 1] }));
  const priors = Float64Array.from(metaNumbers(model.meta.priors, L, 'priors', path));
  const spanModel = { space: model.space, model: model.model, hasher: model.hasher, mark: model.meta.prepare === 'mark' };
  return { lang, model, vectorizer: new ModelVectorizer(model), platt, thresholds: calibratedThresholds(platt, raw), priors, spanModel };
}


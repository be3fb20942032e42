/**
 * A stored narrative model for one language: the fitted tf-idf space (kept hashed features and
 * their idf), int8-quantised one-vs-rest weights, biases, the label space and the tuned decoding
 * thresholds, in the model-file format of src/learn/modelfile.ts. The features with the largest
 * weights are kept (up to `maxFeatures`) so the five languages ship in a few megabytes each.
 */
import { readFileSync } from 'node:fs';
import { FeatureHasher, TfidfSpace, type HashedCounts, type HasherOptions, type TfidfOptions } from '../../features/index.js';
import { LinearModel, decodeModelFile, dequantizeInt8, encodeModelFile, quantizeInt8, toLinearModel, type SparseVector } from '../../learn/index.js';
import { decodeLabels, type DecodeParams, type Decoded } from './decode.js';
import { applySubModel, scoredLabelNames, type LabelSpace, type SubModel } from './labels.js';
import type { Taxonomy } from './taxonomy.js';
import type { FittedNarratives } from './train.js';

export const MODEL_FORMAT = 'narrascope-narratives/1';

export interface NarrativeModelMeta {
  format: string;
  lang: string;
  version: string;
  seed: number;
  hasher: HasherOptions;
  tfidf: TfidfOptions;
  labels: LabelSpace;
  decode: { other: number; narrative: number[]; sub: number[]; singleDomain: boolean; otherBy: DecodeParams['otherBy']; hedgeOther: number };
  taxonomy: Taxonomy;
  training: Record<string, unknown>;
  /** How sub-narrative scores combine with their parents' (absent in older files: 'flat'). */
  subModel?: SubModel;
}

/** A loaded (or freshly converted) model, ready for inference. */
export class NarrativeModel {
  readonly hasher: FeatureHasher;
  readonly params: DecodeParams;
  constructor(
    readonly meta: NarrativeModelMeta,
    readonly space: TfidfSpace,
    readonly linear: LinearModel,
  ) {
    this.hasher = new FeatureHasher(meta.hasher);
    this.params = { other: meta.decode.other, narrative: Float64Array.from(meta.decode.narrative), sub: Float64Array.from(meta.decode.sub), singleDomain: meta.decode.singleDomain, otherBy: meta.decode.otherBy, hedgeOther: meta.decode.hedgeOther };
  }

  get labels(): LabelSpace {
    return this.meta.labels;
  }

  vectorize(text: string): SparseVector {
    return this.space.transform(this.hasher.counts(text));
  }

  vectorizeCounts(counts: HashedCounts): SparseVector {
    return this.space.transform(counts);
  }

  /** Label probabilities of a vector, ordered as in labels.ts. */
  probabilities(x: SparseVector): Float64Array {
    return applySubModel(this.linear.scores(x), this.meta.labels, this.meta.subModel);
  }

  decode(p: ArrayLike<number>): Decoded {
    return decodeLabels(p, this.meta.labels, this.params);
  }

  /** Serialises the model (deterministic bytes). */
  encode(): Buffer {
    const L = this.linear.labels.length;
    const { q, scales } = quantizeInt8(this.linear.weights, L);
    return encodeModelFile({
      meta: this.meta as unknown as Record<string, unknown>,
      arrays: { features: this.space.features, idf: this.space.idf, weights: q, scales, bias: this.linear.bias },
    });
  }

  static decode(data: Buffer, name = 'model file'): NarrativeModel {
    const file = decodeModelFile(data, name);
    const meta = file.meta as unknown as NarrativeModelMeta;
    if (meta.format !== MODEL_FORMAT) throw new Error(`${name}: format ${String(meta.format)} is not ${MODEL_FORMAT}`);
    const { features, idf, weights, scales, bias } = file.arrays as Record<string, never>;
    const space = new TfidfSpace(features as Uint32Array, idf as Float32Array, 1 << meta.hasher.bits, meta.tfidf);
    const names = scoredLabelNames(meta.labels, meta.subModel);
    const linear = new LinearModel(names, (features as Uint32Array).length, dequantizeInt8(weights as Int8Array, scales as Float32Array), bias as Float32Array);
    return new NarrativeModel(meta, space, linear);
  }

  static load(path: string): NarrativeModel {
    return NarrativeModel.decode(readFileSync(path), path);
  }
}

/**
 * Converts a fitted kernel-form model into a stored linear model: primal weights, the
 * `maxFeatures` features with the largest weight norms, int8 quantisation (applied here too, so
 * cross-validation measures exactly what ships).
 */
export function toNarrativeModel(fitted: FittedNarratives, meta: Omit<NarrativeModelMeta, 'labels' | 'decode' | 'tfidf' | 'format'>, maxFeatures: number): NarrativeModel {
  const names = scoredLabelNames(fitted.labels, fitted.subModel);
  const L = names.length;
  const F = fitted.space.size;
  const rows = Array.from({ length: fitted.X.length }, (_, i) => i);
  const full = toLinearModel(names, fitted.X, rows, fitted.solutions, F);
  // Rank features by the squared norm of their weight row; keep the strongest, in index order.
  const strength = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    let s = 0;
    for (let l = 0; l < L; l++) s += full.weights[f * L + l] ** 2;
    strength[f] = s;
  }
  let keep = Array.from({ length: F }, (_, f) => f);
  if (F > maxFeatures) keep = keep.sort((a, b) => strength[b] - strength[a] || a - b).slice(0, maxFeatures).sort((a, b) => a - b);
  const features = Uint32Array.from(keep, (f) => fitted.space.features[f]);
  const idf = Float32Array.from(keep, (f) => fitted.space.idf[f]);
  const w = new Float32Array(keep.length * L);
  keep.forEach((f, k) => w.set(full.weights.subarray(f * L, (f + 1) * L), k * L));
  const { q, scales } = quantizeInt8(w, L);
  const space = new TfidfSpace(features, idf, fitted.space.charBase, fitted.space.options);
  const linear = new LinearModel(names, keep.length, dequantizeInt8(q, scales), full.bias);
  const p = fitted.params;
  return new NarrativeModel(
    { ...meta, subModel: fitted.subModel, format: MODEL_FORMAT, tfidf: fitted.space.options, labels: fitted.labels, decode: { other: p.other, narrative: Array.from(p.narrative), sub: Array.from(p.sub), singleDomain: p.singleDomain, otherBy: p.otherBy, hedgeOther: p.hedgeOther } },
    space,
    linear,
  );
}
